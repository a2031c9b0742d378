/** Who is at the other end: staff log-in, the session principal, the cookie name. */
import * as z from 'zod';
import type { Role } from './roles';

export const SESSION_COOKIE = 'wzt_session';

/** Staff accounts: hosts run meetings, clerks prepare them; an admin may also manage accounts. */
export const StaffRoleSchema = z.enum(['host', 'clerk']);
export type StaffRole = z.infer<typeof StaffRoleSchema>;

export const LoginSchema = z
	.object({
		username: z.string().trim().min(1).max(64),
		password: z.string().min(1).max(200)
	})
	.strict();
export type LoginRequest = z.infer<typeof LoginSchema>;

/** The identity a session cookie or token stands for. */
export interface Principal {
	role: Role;
	/** Account name, member id, respondent id or screen id, by role. */
	subjectId: string;
	name: string;
	admin?: boolean;
	/** Deputies: the body they belong to. */
	bodyId?: string;
	/** Respondents and screens: the one meeting they are for. */
	meetingId?: string;
}
