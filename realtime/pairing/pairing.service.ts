/**
 * Pairing devices to people. A deputy's tablet is paired with a one-time code (typed or scanned from
 * the printed sheet) and becomes that deputy's one device: pairing another signs the first out, and
 * the clerk can revoke and re-pair. Respondents use a per-meeting code; wall screens a read-only token.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import type { AccessView, PairResult, PairingRow } from '../../shared/api';
import type { AuditActor } from '../../shared/audit.rules';
import { PAIRING_CODE_ALPHABET, PAIRING_CODE_LENGTH, type Principal } from '../../shared/identity.schema';
import type { SessionEnded } from '../../shared/protocol';
import { CommandError } from '../../shared/result';
import type { AuditLogRepository } from '../audit/audit-log.repository';
import type { IdentityService } from '../identity/identity.service';
import type { MeetingRepository } from '../meeting/meeting.repository';
import { meetingNotFound, summaryOf } from '../meeting/meeting.service';
import type { RedisClient } from '../redis/redis-connection';
import { keys } from '../redis/redis-keys';
import type { PairingRepository } from './pairing.repository';

/** Pairing sheets are printed days ahead; a code left unused this long is void. */
export const DEPUTY_CODE_VALID_MS = 30 * 24 * 3600_000;
/** A deputy's tablet stays signed in through a multi-day session. */
const DEPUTY_SESSION_SECONDS = 7 * 24 * 3600;
const RESPONDENT_SESSION_SECONDS = 24 * 3600;

const REFUSED = {
	unknown: { zh: '配对码不正确，请核对后重新输入。', en: 'This pairing code is not right; check it and type it again.' },
	used: { zh: '此配对码已经使用过。如需更换平板，请工作人员重新生成配对码。', en: 'This pairing code has been used already. To change tablets, ask a clerk for a new code.' },
	expired: { zh: '此配对码已过期，请工作人员重新生成。', en: 'This pairing code has expired; ask a clerk for a new one.' },
	retired: { zh: '此配对码对应的代表已不在名册中，请联系工作人员。', en: 'The deputy of this code is no longer on the roster; ask a clerk.' }
} as const;

export const ENDED: Record<SessionEnded['reason'], SessionEnded['message']> = {
	replaced: { zh: '已在另一台平板上配对，本机已退出。', en: 'Paired on another tablet; this one is signed out.' },
	revoked: { zh: '工作人员已解除本机配对，请重新配对。', en: 'A clerk revoked this tablet’s pairing; pair it again.' },
	'logged-out': { zh: '已退出登录。', en: 'Signed out.' }
};

/** Ends a session's live connections (the sockets of that session are told why and disconnected). */
export type SessionTerminator = (sessionId: string, reason: SessionEnded['reason']) => void;

function newCode(): string {
	let code = '';
	for (let i = 0; i < PAIRING_CODE_LENGTH; i++) code += PAIRING_CODE_ALPHABET[randomInt(PAIRING_CODE_ALPHABET.length)];
	return code;
}

/** Wrong codes one address may try in 10 minutes: enough for fumbling fingers, too few to guess. */
const PAIR_FAILURES_ALLOWED = 20;

export class PairingService {
	terminate: SessionTerminator = () => {};
	readonly #failures: RateLimiterRedis;
	/** Screens of a meeting lost their token: disconnect them so they reconnect and are refused. */
	disconnectScreens: (meetingId: string) => void = () => {};

	constructor(
		private readonly repo: PairingRepository,
		private readonly meetings: MeetingRepository,
		private readonly identity: IdentityService,
		private readonly audit: AuditLogRepository,
		private readonly now: () => number,
		redis: RedisClient
	) {
		this.#failures = new RateLimiterRedis({ storeClient: redis, useRedisPackage: true, keyPrefix: keys.pairRateLimit(), points: PAIR_FAILURES_ALLOWED, duration: 600 });
	}

	async #meetingBody(meetingId: string) {
		const record = await this.meetings.getMeeting(meetingId);
		if (!record) throw meetingNotFound(meetingId);
		const body = await this.meetings.getBodyRecord(record.meeting.bodyId);
		if (!body) throw meetingNotFound(meetingId);
		return { meeting: record.meeting, body };
	}

	/** Every current member of the meeting's body with their code and device. */
	async list(meetingId: string): Promise<PairingRow[]> {
		const { body } = await this.#meetingBody(meetingId);
		const { codes, devices } = await this.repo.state(body.body.id);
		return body.members
			.filter((m) => !m.retired)
			.map((m) => {
				const code = codes.get(m.id);
				const device = devices.get(m.id);
				return {
					memberId: m.id,
					name: m.name,
					group: m.group,
					seat: m.seat,
					...(m.deputyNumber ? { deputyNumber: m.deputyNumber } : {}),
					code: code?.code ?? null,
					codeExpiresAt: code?.expiresAt ?? null,
					device: device ? { pairedAt: device.pairedAt } : null
				};
			});
	}

	/**
	 * Issues codes: to the members named, or else to every current member with neither a live code
	 * nor a device. Codes are logged by count, never by value.
	 */
	async issue(meetingId: string, memberIds: string[] | undefined, actor: AuditActor): Promise<PairingRow[]> {
		const { body } = await this.#meetingBody(meetingId);
		const current = new Map(body.members.filter((m) => !m.retired).map((m) => [m.id, m]));
		const unknown = (memberIds ?? []).filter((id) => !current.has(id));
		if (unknown.length > 0) {
			throw new CommandError('NOT_FOUND', {
				zh: `以下编号不是本机构的在册代表：${unknown.join('、')}`,
				en: `Not current members of this body: ${unknown.join(', ')}`
			});
		}
		const rows = await this.list(meetingId);
		const targets = memberIds ?? rows.filter((r) => !r.code && !r.device).map((r) => r.memberId);
		for (const memberId of targets) await this.#giveCode(body.body.id, memberId);
		if (targets.length > 0) await this.audit.append(meetingId, actor, 'pairing.codes-issued', { memberIds: targets });
		return this.list(meetingId);
	}

	async #giveCode(bodyId: string, memberId: string): Promise<void> {
		const now = this.now();
		for (let attempt = 0; attempt < 10; attempt++) {
			if (await this.repo.replaceDeputyCode(bodyId, memberId, newCode(), now + DEPUTY_CODE_VALID_MS, now)) return;
		}
		throw new CommandError('CONFLICT', { zh: '生成配对码时发生冲突，请重试。', en: 'Could not issue a pairing code; try again.' });
	}

	/** Signs the member's tablet out and gives them a fresh code, for a lost or swapped tablet. */
	async revoke(meetingId: string, memberId: string, actor: AuditActor): Promise<PairingRow> {
		const { body } = await this.#meetingBody(meetingId);
		if (!body.members.some((m) => m.id === memberId && !m.retired)) {
			throw new CommandError('NOT_FOUND', { zh: `${memberId} 不是本机构的在册代表。`, en: `${memberId} is not a current member of this body.` });
		}
		await this.#endDevice(body.body.id, memberId, 'revoked');
		await this.#giveCode(body.body.id, memberId);
		await this.audit.append(meetingId, actor, 'pairing.revoked', { memberId });
		return (await this.list(meetingId)).find((r) => r.memberId === memberId)!;
	}

	/** For a member leaving the roster: their tablet is signed out and their code voided. */
	async forget(bodyId: string, memberId: string): Promise<void> {
		await this.#endDevice(bodyId, memberId, 'revoked');
	}

	async #endDevice(bodyId: string, memberId: string, reason: SessionEnded['reason']): Promise<void> {
		const old = await this.repo.revoke(bodyId, memberId);
		if (old) {
			await this.identity.endSession(old.sessionId);
			this.terminate(old.sessionId, reason);
		}
	}

	/**
	 * Pairs the device presenting `code`: a deputy's tablet or a respondent's laptop. Only failures
	 * count against the address's limit, so a hall of tablets pairing at once is never slowed.
	 */
	async redeem(code: string, address: string): Promise<PairResult & { setCookie: string }> {
		const tried = await this.#failures.get(address);
		if (tried && tried.consumedPoints >= PAIR_FAILURES_ALLOWED) {
			const minutes = Math.max(1, Math.ceil(tried.msBeforeNext / 60_000));
			throw new CommandError('RATE_LIMITED', {
				zh: `配对码输错次数过多，请 ${minutes} 分钟后再试，或请工作人员协助。`,
				en: `Too many wrong pairing codes; try again in ${minutes} min, or ask a clerk.`
			});
		}
		const now = this.now();
		const redemption = await this.repo.redeem(code, now);
		if (redemption.outcome !== 'ok') {
			await this.#failures.penalty(address, 1);
			throw new CommandError('UNAUTHENTICATED', REFUSED[redemption.outcome]);
		}
		const { target } = redemption;

		if (target.kind === 'respondent') {
			const record = await this.meetings.getMeeting(target.meetingId);
			const respondent = record?.meeting.respondents.find((r) => r.id === target.respondentId);
			if (!record || !respondent) throw new CommandError('UNAUTHENTICATED', REFUSED.unknown);
			const principal: Principal = { role: 'respondent', subjectId: respondent.id, name: respondent.name, meetingId: target.meetingId };
			const { sessionId, setCookie } = await this.identity.startSession(principal, RESPONDENT_SESSION_SECONDS);
			await this.repo.addRespondentSession(target.meetingId, respondent.id, sessionId);
			await this.audit.append(target.meetingId, { role: 'respondent', id: respondent.id, name: respondent.name }, 'respondent.signed-in', {});
			return { principal, setCookie, meetings: [summaryOf(record.meeting)] };
		}

		const member = await this.meetings.getMember(target.bodyId, target.memberId);
		if (!member || member.retired) throw new CommandError('UNAUTHENTICATED', REFUSED.retired);
		const principal: Principal = { role: 'deputy', subjectId: member.id, name: member.name, bodyId: target.bodyId };
		const { sessionId, setCookie } = await this.identity.startSession(principal, DEPUTY_SESSION_SECONDS);
		const replaced = await this.repo.bindDevice(target.bodyId, member.id, { sessionId, pairedAt: now }, code);
		if (replaced) {
			await this.identity.endSession(replaced.sessionId);
			this.terminate(replaced.sessionId, 'replaced');
		}
		await this.audit.appendToBody(target.bodyId, { role: 'deputy', id: member.id, name: member.name }, 'device.paired', { replaced: replaced !== null });
		const ids = await this.meetings.listMeetingIds();
		const records = await Promise.all(ids.map((id) => this.meetings.getMeeting(id)));
		const meetings = records
			.flatMap((r) => (r && r.meeting.bodyId === target.bodyId ? [summaryOf(r.meeting)] : []))
			.sort((a, b) => b.date.localeCompare(a.date));
		return { principal, setCookie, meetings };
	}

	/** The screen token and respondent codes, created on first use. */
	async access(meetingId: string): Promise<AccessView> {
		const { meeting } = await this.#meetingBody(meetingId);
		let screenToken = await this.repo.screenToken(meetingId);
		if (!screenToken) screenToken = await this.#newScreenToken(meetingId);
		const codes = await this.repo.respondentCodes(meetingId);
		const respondents: AccessView['respondents'] = [];
		for (const r of meeting.respondents) {
			const code = codes[r.id] ?? (await this.#newRespondentCode(meetingId, r.id));
			respondents.push({ respondentId: r.id, name: r.name, title: r.title, department: r.department, code });
		}
		return { screenToken, respondents };
	}

	async rotate(meetingId: string, request: { kind: 'screen' } | { kind: 'respondent'; respondentId: string }, actor: AuditActor): Promise<AccessView> {
		const { meeting } = await this.#meetingBody(meetingId);
		if (request.kind === 'screen') {
			await this.#newScreenToken(meetingId);
			this.disconnectScreens(meetingId);
		} else {
			if (!meeting.respondents.some((r) => r.id === request.respondentId)) {
				throw new CommandError('NOT_FOUND', { zh: `应询人 ${request.respondentId} 不在本会议名单中。`, en: `Respondent ${request.respondentId} is not on this meeting's list.` });
			}
			await this.#newRespondentCode(meetingId, request.respondentId);
			// A replaced code is a leaked code: whoever entered it is signed out too.
			for (const sessionId of await this.repo.takeRespondentSessions(meetingId, request.respondentId)) {
				await this.identity.endSession(sessionId);
				this.terminate(sessionId, 'revoked');
			}
		}
		await this.audit.append(meetingId, actor, 'access.rotated', request);
		return this.access(meetingId);
	}

	async #newScreenToken(meetingId: string): Promise<string> {
		for (;;) {
			const token = randomBytes(18).toString('base64url');
			if (await this.repo.setScreenToken(meetingId, token)) return token;
		}
	}

	async #newRespondentCode(meetingId: string, respondentId: string): Promise<string> {
		for (;;) {
			const code = newCode();
			if (await this.repo.setRespondentCode(meetingId, respondentId, code)) return code;
		}
	}

	/** The principal of a wall screen's token, or null when the token is not (or no longer) valid. */
	async screenPrincipal(token: string): Promise<Principal | null> {
		const meetingId = await this.repo.meetingOfScreenToken(token);
		return meetingId ? { role: 'screen', subjectId: 'screen', name: '会场大屏', meetingId } : null;
	}
}
