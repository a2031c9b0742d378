import { describe, expect, it } from 'vitest';
import { EVENT_PERMISSIONS, ROLES, mayRoleSend } from './roles';

describe('permission table', () => {
	it('lets every role sync its clock and follow a meeting', () => {
		for (const role of ROLES) {
			expect(mayRoleSend(role, 'clock:sync')).toBe(true);
			expect(mayRoleSend(role, 'meeting:join')).toBe(true);
		}
	});

	it('refuses events that are not in the table, including inherited property names', () => {
		for (const role of ROLES) {
			expect(mayRoleSend(role, 'vote:rig')).toBe(false);
			expect(mayRoleSend(role, 'constructor')).toBe(false);
			expect(mayRoleSend(role, '__proto__')).toBe(false);
		}
	});

	it('names only known roles', () => {
		for (const roles of Object.values(EVENT_PERMISSIONS)) for (const role of roles) expect(ROLES).toContain(role);
	});
});
