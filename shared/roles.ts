/**
 * Roles and the one permission table: which role may send which event. The server checks every
 * event against it; the web app uses it to decide which controls to show.
 */
import type { ClientToServerEvents } from './protocol';

export const ROLES = ['host', 'clerk', 'deputy', 'respondent', 'screen', 'public'] as const;
export type Role = (typeof ROLES)[number];

export type CommandName = keyof ClientToServerEvents;

const EVERYONE: readonly Role[] = ROLES;

/** For each client event, the roles allowed to send it. An event missing here is refused to all. */
export const EVENT_PERMISSIONS: { readonly [E in CommandName]: readonly Role[] } = {
	'clock:sync': EVERYONE,
	'meeting:join': EVERYONE
};

export function mayRoleSend(role: Role, event: string): event is CommandName {
	if (!Object.hasOwn(EVENT_PERMISSIONS, event)) return false;
	return (EVENT_PERMISSIONS as Record<string, readonly Role[]>)[event]!.includes(role);
}
