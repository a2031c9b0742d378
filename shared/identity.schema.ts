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

/** Codes are read aloud and typed on tablets: no 0/O, 1/I/L, 8/B. */
export const PAIRING_CODE_ALPHABET = '2345679ACDEFGHJKMNPQRSTUVWXYZ';
export const PAIRING_CODE_LENGTH = 8;

/** What a tablet or a respondent's laptop sends to pair: the code typed or scanned. */
export const PairSchema = z
	.object({
		// Tolerant of how people type: lower case, spaces and dashes are dropped before checking.
		code: z
			.string()
			.max(40)
			.transform((c) => c.toUpperCase().replace(/[\s-]/g, ''))
			.pipe(z.string().regex(new RegExp(`^[${PAIRING_CODE_ALPHABET}]{${PAIRING_CODE_LENGTH}}$`), `${PAIRING_CODE_LENGTH} letters or digits`))
	})
	.strict();
export type PairRequest = z.infer<typeof PairSchema>;

/** A new staff account, created by an administrator. */
export const AccountCreateSchema = z
	.object({
		username: z.string().trim().regex(/^[a-z][a-z0-9_.-]{1,31}$/, 'lower-case letters, digits, _ . -; 2–32, starting with a letter'),
		displayName: z.string().trim().min(1).max(40),
		role: StaffRoleSchema,
		admin: z.boolean().default(false),
		password: z.string().min(10).max(200)
	})
	.strict();
export type AccountCreate = z.infer<typeof AccountCreateSchema>;

export const PasswordSetSchema = z.object({ password: z.string().min(10).max(200) }).strict();

/** An account as listed to administrators: never the hash. */
export interface AccountView {
	username: string;
	displayName: string;
	role: StaffRole;
	admin: boolean;
}

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
