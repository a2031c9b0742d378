/**
 * Bodies and their rosters: create a body, import its roster from a file, add, edit, retire and
 * reinstate members. Every change is versioned and logged in the body's hash-chained log.
 */
import { randomBytes } from 'node:crypto';
import type { AuditActor } from '../../shared/audit.rules';
import type { BodyDetail, BodySummary, RosterImportReport } from '../../shared/api';
import type { Body, BodyInput, Member, MemberInput } from '../../shared/meeting.schema';
import { CommandError } from '../../shared/result';
import { memberIdAllocator, mergeRoster, rosterConflicts } from '../../shared/roster.rules';
import { badRequest } from '../../shared/validation';
import type { BodyRecord, LogEntryInput, MeetingRepository, SaveOutcome } from '../meeting/meeting.repository';
import { parseRosterFile } from './roster-import';

export const bodyNotFound = (bodyId: string) =>
	new CommandError('NOT_FOUND', { zh: `机构 ${bodyId} 不存在。`, en: `Body ${bodyId} does not exist.` });

export const rosterChanged = () =>
	new CommandError('CONFLICT', {
		zh: '名册刚被他人修改，请刷新后再试。',
		en: 'The roster was just changed by someone else; reload and try again.'
	});

/** Called after a member leaves the roster, so their tablet is signed out and their code voided. */
export type MemberRetiredHook = (bodyId: string, memberId: string) => Promise<void>;

export class RosterService {
	onRetired: MemberRetiredHook = async () => {};

	constructor(private readonly repo: MeetingRepository) {}

	async list(): Promise<BodySummary[]> {
		const ids = await this.repo.listBodyIds();
		const records = await Promise.all(ids.map((id) => this.repo.getBodyRecord(id)));
		return records.flatMap((r) => (r ? [{ ...r.body, memberCount: r.members.filter((m) => !m.retired).length }] : []));
	}

	async detail(bodyId: string): Promise<BodyDetail> {
		const record = await this.repo.getBodyRecord(bodyId);
		if (!record) throw bodyNotFound(bodyId);
		return record;
	}

	async create(input: BodyInput, actor: AuditActor): Promise<Body> {
		const body: Body = { id: input.id ?? `body-${randomBytes(4).toString('hex')}`, name: input.name, kind: input.kind };
		const saved = await this.repo.createBody(body, { actor, action: 'body.created', data: body });
		if (!saved.saved) throw new CommandError('CONFLICT', { zh: `机构编号 ${body.id} 已被使用。`, en: `Body id ${body.id} is already taken.` });
		return body;
	}

	/** Replaces the roster with the file's (see `mergeRoster`); a bad file changes nothing. */
	async importFile(bodyId: string, file: Uint8Array, fileName: string, actor: AuditActor): Promise<RosterImportReport> {
		const parsed = await parseRosterFile(file, fileName);
		if (!parsed.ok) throw new CommandError(parsed.error.code, parsed.error.message, parsed.error.issues);
		const record = await this.detail(bodyId);
		const rows = parsed.data.map(({ row: _row, ...member }) => member);
		const merge = mergeRoster(record.members, rows);
		await this.#save(record, merge.changed, {
			actor,
			action: 'roster.imported',
			data: { fileName, added: merge.added, updated: merge.updated, retired: merge.retired, members: merge.changed }
		});
		await this.#afterRetiring(bodyId, merge.changed.filter((m) => m.retired).map((m) => m.id));
		const memberCount = record.members.filter((m) => !m.retired).length + merge.added - merge.retired;
		return { added: merge.added, updated: merge.updated, retired: merge.retired, memberCount };
	}

	async add(bodyId: string, input: MemberInput, actor: AuditActor): Promise<Member> {
		const record = await this.detail(bodyId);
		const member: Member = { id: memberIdAllocator(record.members)(), ...input };
		this.#checkConflicts(record, member);
		await this.#save(record, [member], { actor, action: 'roster.member-added', data: member });
		return member;
	}

	async edit(bodyId: string, memberId: string, input: MemberInput, actor: AuditActor): Promise<Member> {
		const record = await this.detail(bodyId);
		const before = this.#member(record, memberId);
		const member: Member = { id: memberId, ...input, ...(before.retired ? { retired: true } : {}) };
		this.#checkConflicts(record, member);
		await this.#save(record, [member], { actor, action: 'roster.member-edited', data: { before, after: member } });
		return member;
	}

	async setRetired(bodyId: string, memberId: string, retired: boolean, actor: AuditActor): Promise<Member> {
		const record = await this.detail(bodyId);
		const { retired: _was, ...rest } = this.#member(record, memberId);
		const member: Member = retired ? { ...rest, retired: true } : rest;
		if (!retired) this.#checkConflicts(record, member);
		await this.#save(record, [member], { actor, action: retired ? 'roster.member-retired' : 'roster.member-reinstated', data: { memberId } });
		if (retired) await this.#afterRetiring(bodyId, [memberId]);
		return member;
	}

	#member(record: BodyRecord, memberId: string): Member {
		const member = record.members.find((m) => m.id === memberId);
		if (!member) throw new CommandError('NOT_FOUND', { zh: `名册中没有编号为 ${memberId} 的成员。`, en: `No member ${memberId} in this roster.` });
		return member;
	}

	#checkConflicts(record: BodyRecord, member: Member): void {
		const issues = rosterConflicts(record.members, member);
		if (issues.length > 0) {
			const error = badRequest(issues);
			throw new CommandError(error.code, error.message, error.issues);
		}
	}

	async #save(record: BodyRecord, changed: Member[], log: LogEntryInput): Promise<SaveOutcome> {
		const outcome = await this.repo.saveMembers(record.body.id, changed, record.version, log);
		if (!outcome.saved) throw rosterChanged();
		return outcome;
	}

	async #afterRetiring(bodyId: string, memberIds: string[]): Promise<void> {
		for (const id of memberIds) await this.onRetired(bodyId, id);
	}
}
