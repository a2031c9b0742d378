/**
 * Request and response shapes of the REST routes under /api (route names and who may call them are in
 * `roles.ts`). Every answer is a `Result`: `{ ok: true, data }` or `{ ok: false, error }`.
 */
import * as z from 'zod';
import type { AuditEntry, AuditHead, AuditVerification } from './audit.rules';
import type { Principal } from './identity.schema';
import type { Body, Member, MeetingSummary } from './meeting.schema';

export interface BodySummary extends Body {
	/** Current members, retired ones not counted. */
	memberCount: number;
}

/** `bodies.get`: the body with its whole roster, retired members included. */
export interface BodyDetail {
	body: Body;
	members: Member[];
	/** Bumped by every roster change. */
	version: number;
}

/** `roster.import`: what the file changed. Members matched by 代表证号, or by name and group. */
export interface RosterImportReport {
	added: number;
	updated: number;
	/** Current members missing from the file, now retired. */
	retired: number;
	/** Current members after the import. */
	memberCount: number;
}

/** `roster.retire` body. */
export const RetireSchema = z.object({ retired: z.boolean() }).strict();

/** A deputy's pairing state, as the clerk's pairing list and the printable sheet show it. */
export interface PairingRow {
	memberId: string;
	name: string;
	group: string;
	seat: string;
	deputyNumber?: string;
	/** The unused one-time code, if one is issued. */
	code: string | null;
	codeExpiresAt: number | null;
	/** The paired tablet, if any. */
	device: { pairedAt: number } | null;
}

/** `pairing.issue` body: codes for these members, or for every current member without a code or device. */
export const PairingIssueSchema = z
	.object({ memberIds: z.array(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/)).max(5000).optional() })
	.strict();

/** `access.list`: the wall screen's link token and the respondents' codes. */
export interface AccessView {
	screenToken: string;
	respondents: { respondentId: string; name: string; title: string; department: string; code: string }[];
}

/** `access.rotate` body: replace a leaked screen token or respondent code. */
export const AccessRotateSchema = z.discriminatedUnion('kind', [
	z.object({ kind: z.literal('screen') }).strict(),
	z.object({ kind: z.literal('respondent'), respondentId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) }).strict()
]);

/** `auth.pair` answer: who the device now is and the meetings it may open. */
export interface PairResult {
	principal: Principal;
	meetings: MeetingSummary[];
}

/** `audit.list` query. */
export const AuditListQuerySchema = z.object({
	from: z.coerce.number().int().min(1).default(1),
	limit: z.coerce.number().int().min(1).max(1000).default(200)
});

/** `audit.list` answer: a page of entries and the state of the whole chain. */
export interface AuditPage {
	entries: AuditEntry[];
	head: AuditHead;
	verification: AuditVerification;
}

/** `materials.upload` query; the file is the request body with its own Content-Type. */
export const MaterialUploadQuerySchema = z.object({
	itemId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
	name: z.string().trim().min(1).max(200)
});

/** `roster.import` query; the file is the request body. */
export const RosterImportQuerySchema = z.object({ fileName: z.string().trim().min(1).max(200) });

/** `meetings.import` query: the id of the copy (default: the plan's id). */
export const PlanImportQuerySchema = z.object({ as: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional() });
