/**
 * Meeting use cases: reading a meeting as a role may see it, creating one, building its agenda,
 * respondents and settings, attaching materials, exporting and importing its plan, loading the demo.
 * Every change is checked against the body's roster, versioned, logged, and announced to the room.
 */
import { randomBytes } from 'node:crypto';
import type { AuditActor } from '../../shared/audit.rules';
import type { Principal } from '../../shared/identity.schema';
import {
	type AgendaSave,
	type Material,
	MATERIAL_TYPES,
	MEETING_PLAN_FORMAT,
	type Meeting,
	type MeetingCreate,
	type MeetingPlan,
	type MeetingSettingsSave,
	type MeetingSummary,
	type RespondentsSave
} from '../../shared/meeting.schema';
import { checkMeetingPlan, newMeeting, newPlanIssues } from '../../shared/meeting.rules';
import { type MeetingView, viewFor } from '../../shared/meeting.view';
import { CommandError } from '../../shared/result';
import type { Role } from '../../shared/roles';
import { badRequest } from '../../shared/validation';
import { keys } from '../redis/redis-keys';
import { bodyNotFound } from '../roster/roster.service';
import { DEMO_BODY, demoMeeting, demoMembers } from './demo-meeting';
import type { MeetingRecord, MeetingRepository } from './meeting.repository';

export const meetingNotFound = (meetingId: string) =>
	new CommandError('NOT_FOUND', {
		zh: `会议 ${meetingId} 不存在，请检查链接是否完整。`,
		en: `Meeting ${meetingId} does not exist; check that the link is complete.`
	});

const importIdTaken = (meetingId: string) =>
	new CommandError('CONFLICT', {
		zh: `会议编号 ${meetingId} 已存在；请为副本另取一个编号。`,
		en: `A meeting ${meetingId} exists already; give the copy another id.`
	});

const planChanged = () =>
	new CommandError('CONFLICT', {
		zh: '会议方案刚被他人修改，请刷新后在最新版本上重做修改。',
		en: 'The meeting plan was just changed by someone else; reload and make your change on the current version.'
	});

/** The first bytes of each accepted material type: a file is what its bytes say, not what its name says. */
const MAGIC: Record<Material['type'], (b: Buffer) => boolean> = {
	'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
	'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
	'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
	'image/webp': (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP'
};

/** The line a meeting takes in lists. */
export function summaryOf(meeting: Meeting): MeetingSummary {
	return { id: meeting.id, title: meeting.title, date: meeting.date, kind: meeting.kind, bodyId: meeting.bodyId };
}

export function actorOf(principal: Principal): AuditActor {
	return { role: principal.role, id: principal.subjectId, name: principal.name };
}

export type MeetingChangedHook = (meetingId: string, version: number) => void;

export class MeetingService {
	/** Told after every saved change, so the room can be asked to refresh. */
	onChanged: MeetingChangedHook = () => {};

	constructor(private readonly repo: MeetingRepository) {}

	async #record(meetingId: string): Promise<MeetingRecord> {
		const record = await this.repo.getMeeting(meetingId);
		if (!record) throw meetingNotFound(meetingId);
		return record;
	}

	async get(meetingId: string): Promise<Meeting> {
		return (await this.#record(meetingId)).meeting;
	}

	/**
	 * The snapshot `principal` may see. A deputy of another body, or a respondent or screen of another
	 * meeting, is refused: their role is right but the meeting is not theirs.
	 */
	async view(meetingId: string, principal: Principal | null): Promise<MeetingView> {
		const { meeting, version } = await this.#record(meetingId);
		const role: Role = principal?.role ?? 'public';
		const bodyRecord = await this.repo.getBodyRecord(meeting.bodyId);
		if (!bodyRecord) throw bodyNotFound(meeting.bodyId);
		if (principal) this.#checkBelongs(principal, meeting, bodyRecord.body.name, bodyRecord.members);
		return viewFor({ meeting, version, body: bodyRecord.body, members: bodyRecord.members }, role, principal);
	}

	#checkBelongs(principal: Principal, meeting: Meeting, bodyName: string, members: readonly { id: string; retired?: boolean }[]): void {
		if (principal.role === 'deputy') {
			const member = members.find((m) => m.id === principal.subjectId);
			if (principal.bodyId !== meeting.bodyId || !member || member.retired) {
				throw new CommandError('FORBIDDEN', {
					zh: `这台平板配对的代表不属于${bodyName}，不能进入本会议。请向工作人员重新配对。`,
					en: `This tablet is paired to someone who is not a member of ${bodyName}; ask a clerk to pair it again.`
				});
			}
		}
		if ((principal.role === 'respondent' || principal.role === 'screen') && principal.meetingId !== meeting.id) {
			throw new CommandError('FORBIDDEN', {
				zh: '此设备的代码只适用于另一场会议。',
				en: 'This device’s code is for another meeting.'
			});
		}
	}

	async list(): Promise<MeetingSummary[]> {
		const ids = await this.repo.listMeetingIds();
		const records = await Promise.all(ids.map((id) => this.repo.getMeeting(id)));
		return records.flatMap((r) => (r ? [summaryOf(r.meeting)] : []));
	}

	async create(input: MeetingCreate, actor: AuditActor): Promise<Meeting> {
		const body = await this.repo.getBody(input.bodyId);
		if (!body) throw bodyNotFound(input.bodyId);
		const meeting = newMeeting(input, input.id ?? `m-${input.date}-${randomBytes(3).toString('hex')}`, body.kind);
		const saved = await this.repo.saveMeeting(meeting, 'new', { actor, action: 'meeting.created', data: meeting });
		if (!saved.saved) throw new CommandError('CONFLICT', { zh: `会议编号 ${meeting.id} 已被使用。`, en: `Meeting id ${meeting.id} is already taken.` });
		this.onChanged(meeting.id, saved.version);
		return meeting;
	}

	saveSettings(meetingId: string, save: MeetingSettingsSave, actor: AuditActor): Promise<number> {
		const { baseVersion, ...settings } = save;
		return this.#change(meetingId, baseVersion, actor, 'meeting.settings-changed', settings, {}, (m) => ({ ...m, ...settings }));
	}

	saveAgenda(meetingId: string, save: AgendaSave, actor: AuditActor): Promise<number> {
		const options = { checkWhole: true };
		return this.#change(meetingId, save.baseVersion, actor, 'agenda.saved', { agenda: save.agenda }, options, (m) => ({
			...m,
			agenda: save.agenda,
			// Materials of removed items go with them.
			materials: m.materials.filter((x) => save.agenda.some((item) => item.id === x.itemId))
		}));
	}

	saveRespondents(meetingId: string, save: RespondentsSave, actor: AuditActor): Promise<number> {
		return this.#change(meetingId, save.baseVersion, actor, 'respondents.saved', { respondents: save.respondents }, {}, (m) => ({ ...m, respondents: save.respondents }));
	}

	async addMaterial(meetingId: string, itemId: string, name: string, type: string, bytes: Buffer, actor: AuditActor): Promise<Material> {
		const accepted = (MATERIAL_TYPES as readonly string[]).includes(type) ? (type as Material['type']) : null;
		if (!accepted || !MAGIC[accepted](bytes)) {
			throw new CommandError('BAD_REQUEST', {
				zh: `材料“${name}”不是 PDF、PNG、JPEG 或 WebP 文件，平板无法打开。`,
				en: `"${name}" is not a PDF, PNG, JPEG or WebP file, which is what tablets can open.`
			});
		}
		const { meeting } = await this.#record(meetingId);
		if (!meeting.agenda.some((item) => item.id === itemId)) {
			throw new CommandError('NOT_FOUND', { zh: `议程 ${itemId} 不存在。`, en: `Agenda item ${itemId} does not exist.` });
		}
		const material: Material = { id: `f-${randomBytes(6).toString('hex')}`, itemId, name, type: accepted, size: bytes.length };
		// The bytes go first: a material listed in the plan can always be opened.
		await this.repo.putMaterial(meetingId, material.id, bytes);
		await this.#change(meetingId, null, actor, 'material.added', material, {}, (m) => ({ ...m, materials: [...m.materials, material] }));
		return material;
	}

	async material(meetingId: string, materialId: string, principal: Principal): Promise<{ material: Material; bytes: Buffer }> {
		const view = await this.view(meetingId, principal);
		const material = view.agenda.flatMap((item) => item.materials ?? []).find((m) => m.id === materialId);
		const bytes = material ? await this.repo.getMaterial(meetingId, materialId) : null;
		if (!material || !bytes) throw new CommandError('NOT_FOUND', { zh: '材料不存在或已被删除。', en: 'This material does not exist or was removed.' });
		return { material, bytes };
	}

	async removeMaterial(meetingId: string, materialId: string, actor: AuditActor): Promise<number> {
		const version = await this.#change(meetingId, null, actor, 'material.removed', { materialId }, {}, (m) => {
			if (!m.materials.some((x) => x.id === materialId)) throw new CommandError('NOT_FOUND', { zh: '材料不存在或已被删除。', en: 'This material does not exist or was removed.' });
			return { ...m, materials: m.materials.filter((x) => x.id !== materialId) };
		});
		await this.repo.deleteMaterial(meetingId, materialId);
		return version;
	}

	async plan(meetingId: string, now: number): Promise<MeetingPlan> {
		const { meeting } = await this.#record(meetingId);
		const record = await this.repo.getBodyRecord(meeting.bodyId);
		if (!record) throw bodyNotFound(meeting.bodyId);
		return { format: MEETING_PLAN_FORMAT, formatVersion: 1, exportedAt: new Date(now).toISOString(), body: record.body, members: record.members, meeting };
	}

	/**
	 * Loads a plan as a new meeting (under `as`, or the plan's own id). The body is created from the
	 * plan when this server does not have it; when it does, the server's roster is kept and the plan
	 * must fit it. Materials' bytes do not travel in a plan, so their entries are dropped.
	 */
	async importPlan(plan: MeetingPlan, as: string | undefined, actor: AuditActor): Promise<Meeting> {
		if (plan.meeting.bodyId !== plan.body.id) {
			const error = badRequest([
				{
					path: 'meeting.bodyId',
					message: {
						zh: `方案中的会议属于机构“${plan.meeting.bodyId}”，但随附的名册属于“${plan.body.id}”。`,
						en: `The plan's meeting belongs to body "${plan.meeting.bodyId}" but its roster is of "${plan.body.id}".`
					}
				}
			]);
			throw new CommandError(error.code, error.message, error.issues);
		}
		const meeting: Meeting = { ...plan.meeting, id: as ?? plan.meeting.id, materials: [] };
		const existing = await this.repo.getBodyRecord(plan.body.id);
		// Checked before anything is written, so a refused plan leaves nothing behind.
		this.#checkPlan(meeting, existing ? existing.members : plan.members);
		if (await this.repo.getMeeting(meeting.id)) throw importIdTaken(meeting.id);
		if (!existing) {
			const created = await this.repo.createBody(plan.body, { actor, action: 'body.created', data: plan.body });
			if (created.saved && plan.members.length > 0) {
				await this.repo.saveMembers(plan.body.id, plan.members, created.version, { actor, action: 'roster.imported', data: { fromPlan: plan.meeting.id, members: plan.members } });
			}
		}
		const saved = await this.repo.saveMeeting(meeting, 'new', { actor, action: 'meeting.imported', data: { from: plan.meeting.id, exportedAt: plan.exportedAt, meeting } });
		if (!saved.saved) throw importIdTaken(meeting.id);
		this.onChanged(meeting.id, saved.version);
		return meeting;
	}

	#checkPlan(meeting: Meeting, members: Parameters<typeof checkMeetingPlan>[1], before?: Meeting): void {
		const after = checkMeetingPlan(meeting, members);
		const issues = before ? newPlanIssues(checkMeetingPlan(before, members), after) : after;
		if (issues.length > 0) {
			const error = badRequest(issues);
			throw new CommandError(error.code, error.message, error.issues);
		}
	}

	/**
	 * Applies `edit` to the current meeting and saves it with its log entry. With a `baseVersion` the
	 * change is refused if anyone saved since (the editor worked on a stale copy); without one it is
	 * re-applied to the fresh meeting, a few times, when another change got in between. The plan is
	 * checked whole (`checkWhole`, for the agenda) or else only for problems the change brings.
	 */
	async #change(
		meetingId: string,
		baseVersion: number | null,
		actor: AuditActor,
		action: string,
		data: unknown,
		options: { checkWhole?: boolean },
		edit: (m: Meeting) => Meeting
	): Promise<number> {
		for (let attempt = 0; attempt < 5; attempt++) {
			const { meeting, version } = await this.#record(meetingId);
			if (baseVersion !== null && baseVersion !== version) throw planChanged();
			const next = edit(meeting);
			this.#checkPlan(next, await this.repo.listMembers(meeting.bodyId), options.checkWhole ? undefined : meeting);
			const saved = await this.repo.saveMeeting(next, version, { actor, action, data });
			if (saved.saved) {
				this.onChanged(meetingId, saved.version);
				return saved.version;
			}
			if (baseVersion !== null) throw planChanged();
		}
		throw planChanged();
	}

	/** Loads the demo meeting unless it was loaded before; true when it loaded it now. */
	loadDemo(): Promise<boolean> {
		return this.repo.createOnce(keys.demoLoaded(), DEMO_BODY, demoMembers(), demoMeeting(), { role: 'system', id: 'demo', name: '示范数据' });
	}
}
