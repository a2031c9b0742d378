/**
 * The meeting record over a real server, real sockets and a real Redis: a standing committee of three
 * holds a small meeting — sign-in (one absent), a question with a pause, an extension, a follow-up and
 * overtime, an anonymous rating of the answer, a named motion, a departure — and the record's JSON and
 * CSV are checked against what the test did, worked out by hand from the clock it drives. The public
 * may not read the record before the meeting closes and may after; malformed and unknown ids are
 * refused with clear messages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage } from '../../shared/api';
import type { MeetingRecord, VoteAnnouncement } from '../../shared/record.schema';
import type { Result } from '../../shared/result';
import type { VoteCastReply } from '../../shared/vote.schema';
import { startTestApp, type TestApp, type TestClient } from '../testing/test-app';
import { TestSockets, callApi, dataOf, pairDeputy, requestApi, signInHost } from '../testing/test-principals';

const BODY = 'rec-committee';
const MEETING = 'rec-meeting';
const ROSTER = ['姓名,代表小组,座位号,代表证号', '张明,第一组,1,R001', '李华,第一组,2,R002', '王芳,第二组,3,R003'].join('\n');

/** 2026-11-21 09:00:00 in China (01:00 UTC); the app's clock is moved by hand from here. */
const T0 = Date.UTC(2026, 10, 21, 1, 0, 0);

function okData<T>(result: Result<T>, what: string): T {
	if (!result.ok) throw new Error(`${what}: ${result.error.code} ${result.error.message.en}`);
	return result.data;
}

describe('the meeting record of a small meeting', () => {
	let clock = T0;
	/** Moves the server's clock to T0 + `seconds`. */
	const at = (seconds: number) => {
		clock = T0 + seconds * 1000;
	};
	let app: TestApp;
	let sockets: TestSockets;
	let hostCookie: string;
	let host: TestClient;
	/** 张明, 李华, 王芳 in roster order. */
	let ids: [string, string, string];
	let tablets: [TestClient, TestClient];
	let ratingId: string;
	let motionId: string;
	const ratingReceipts: VoteCastReply[] = [];
	let beforeClose: MeetingRecord;
	let csvBeforeClose: string;

	const step = async (payload: Parameters<TestClient['emitWithAck']>[1], what: string) => okData(await host.emitWithAck('question:step', payload as never), what);

	beforeAll(async () => {
		app = await startTestApp({ now: () => clock });
		sockets = new TestSockets(app);
		hostCookie = await signInHost(app);
		const staff = { cookie: hostCookie };
		dataOf(await callApi(app, 'POST', '/bodies', { ...staff, json: { id: BODY, name: '示范县人大常委会（测试）', kind: 'standing-committee' } }), 'body');
		dataOf(await callApi(app, 'POST', `/bodies/${BODY}/roster/import?fileName=roster.csv`, { ...staff, raw: { body: ROSTER, type: 'text/csv' } }), 'roster');
		const members = dataOf(await callApi<{ members: { id: string; name: string }[] }>(app, 'GET', `/bodies/${BODY}`, staff), 'members').members;
		ids = ['张明', '李华', '王芳'].map((name) => members.find((m) => m.name === name)!.id) as [string, string, string];
		const created = dataOf(
			await callApi<{ version: number }>(app, 'POST', '/meetings', {
				...staff,
				json: {
					id: MEETING,
					bodyId: BODY,
					kind: 'standing-committee',
					title: '常委会第十次会议（测试）',
					date: '2026-11-21',
					venue: '常委会会议室',
					rules: { timers: { askSeconds: 60, answerSeconds: 120, followUpAskSeconds: 30, followUpAnswerSeconds: 60 } }
				}
			}),
			'meeting'
		);
		const withRespondents = dataOf(
			await callApi<{ version: number }>(app, 'PUT', `/meetings/${MEETING}/respondents`, {
				...staff,
				json: { baseVersion: created.version, respondents: [{ id: 'r1', name: '钱慧敏', title: '局长', department: '县教育局' }] }
			}),
			'respondents'
		);
		dataOf(
			await callApi(app, 'PUT', `/meetings/${MEETING}/agenda`, {
				...staff,
				json: {
					baseVersion: withRespondents.version,
					agenda: [
						{
							id: 'i1',
							kind: 'inquiry',
							title: '课后服务专题询问',
							questions: [
								{ id: 'q1', askerId: ids[0], respondentIds: ['r1'], topic: '课后延时服务', text: '课后延时服务覆盖率如何？' },
								{ id: 'q2', askerId: ids[2], respondentIds: ['r1'], topic: '校车安全', text: '校车安全如何保障？' }
							]
						},
						{ id: 'i2', kind: 'vote', title: '表决《关于课后服务的决议（草案）》', motion: '会议同意加强课后服务。' }
					]
				}
			}),
			'agenda'
		);

		host = await sockets.connect({ cookie: hostCookie });
		okData(await host.emitWithAck('meeting:join', { meetingId: MEETING }), 'host joins');
		tablets = (await Promise.all(
			ids.slice(0, 2).map(async (memberId) => {
				const socket = await sockets.connect({ cookie: await pairDeputy(app, hostCookie, memberId, MEETING) });
				okData(await socket.emitWithAck('meeting:join', { meetingId: MEETING }), `${memberId} joins`);
				return socket;
			})
		)) as [TestClient, TestClient];
		const [a, b] = tablets;

		// Sign-in 09:00:00–09:01:00: 张明 and 李华 sign in, 王芳 never does.
		at(0);
		okData(await host.emitWithAck('sign-in:toggle', { open: true }), 'open sign-in');
		at(10);
		okData(await a.emitWithAck('sign-in:self', {}), 'a signs in');
		at(20);
		okData(await b.emitWithAck('sign-in:self', {}), 'b signs in');
		at(60);
		okData(await host.emitWithAck('sign-in:toggle', { open: false }), 'close sign-in');

		// q1, phase by phase (limits: ask 60 s, answer 120 s, follow-up 30 s / 60 s).
		at(100);
		okData(await host.emitWithAck('agenda:control', { itemId: 'i1', action: 'activate' }), 'activate the inquiry');
		at(120);
		await step({ entryId: 'q1', from: 'queued', action: { type: 'call' } }, 'call q1');
		// Asking 120 → 200: 80 s used of 60: 20 s over.
		at(200);
		await step({ entryId: 'q1', from: 'asking', action: { type: 'answer' } }, 'answer');
		// Answering from 200: +30 s at 250, paused 280–290, ended at 400: used 200 − 10 = 190 s of 150: 40 s over.
		at(250);
		okData(await host.emitWithAck('clock:control', { entryId: 'q1', from: 'answering', op: 'extend', bySeconds: 30 }), 'extend');
		at(280);
		okData(await host.emitWithAck('clock:control', { entryId: 'q1', from: 'answering', op: 'pause' }), 'pause');
		at(290);
		okData(await host.emitWithAck('clock:control', { entryId: 'q1', from: 'answering', op: 'resume' }), 'resume');
		at(400);
		// A follow-up by 李华, 400 → 420: 20 s of 30; its answer 420 → 500: 80 s of 60, 20 s over.
		await step({ entryId: 'q1', from: 'answering', action: { type: 'follow-up', askerId: ids[1] } }, 'follow-up');
		at(420);
		await step({ entryId: 'q1', from: 'follow-up-asking', action: { type: 'follow-up-answer' } }, 'follow-up answer');
		at(500);
		await step({ entryId: 'q1', from: 'follow-up-answering', action: { type: 'rate' } }, 'rate');

		// The anonymous rating of the answer: 满意 1, 基本满意 1 of 3 members → 满意 2·1 > 3 fails, (1+1)·2 > 3 holds: 基本满意.
		at(510);
		ratingId = okData(await host.emitWithAck('vote:open', { itemId: 'i1', entryId: 'q1', settings: { anonymous: true, press: 'first', reveal: 'at-close' } }), 'open the rating').voteId;
		ratingReceipts.push(okData(await a.emitWithAck('vote:cast', { voteId: ratingId, key: 'KEY-rating-a', secret: 'SECRETxxxxxxxxxxxxxxxxxxxxxxA', choice: 'satisfied' }), 'a rates'));
		ratingReceipts.push(okData(await b.emitWithAck('vote:cast', { voteId: ratingId, key: 'KEY-rating-b', secret: 'SECRETxxxxxxxxxxxxxxxxxxxxxxB', choice: 'basically-satisfied' }), 'b rates'));
		at(540);
		okData(await host.emitWithAck('vote:close', { voteId: ratingId }), 'close the rating');
		at(550);
		await step({ entryId: 'q1', from: 'rating', action: { type: 'finish' } }, 'finish q1');
		at(560);
		okData(await host.emitWithAck('agenda:control', { itemId: 'i1', action: 'close' }), 'close the inquiry');

		// The named motion: 2 赞成 of 3 members; more than half of all needs ⌊3/2⌋ + 1 = 2: 通过.
		at(570);
		okData(await host.emitWithAck('agenda:control', { itemId: 'i2', action: 'activate' }), 'activate the motion');
		at(600);
		motionId = okData(await host.emitWithAck('vote:open', { itemId: 'i2', settings: { anonymous: false, press: 'first', reveal: 'at-close' } }), 'open the motion').voteId;
		okData(await a.emitWithAck('vote:cast', { voteId: motionId, key: 'KEY-motion-a', secret: 'SECRETxxxxxxxxxxxxxxxxxxxxxxC', choice: 'yes' }), 'a votes');
		okData(await b.emitWithAck('vote:cast', { voteId: motionId, key: 'KEY-motion-b', secret: 'SECRETxxxxxxxxxxxxxxxxxxxxxxD', choice: 'yes' }), 'b votes');
		at(660);
		okData(await host.emitWithAck('vote:close', { voteId: motionId }), 'close the motion');

		// 李华 leaves at 09:11:40.
		at(700);
		okData(await host.emitWithAck('roll:record', { memberId: ids[1], action: 'depart' }), 'b leaves');

		beforeClose = dataOf(await callApi<MeetingRecord>(app, 'GET', `/meetings/${MEETING}/record`, staff), 'staff record');
		const csv = await requestApi(app, 'GET', `/meetings/${MEETING}/record/csv`, staff);
		expect(csv.status).toBe(200);
		expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(csv.headers.get('content-disposition')).toContain("filename*=UTF-8''rec-meeting-");
		csvBeforeClose = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await csv.arrayBuffer());
	}, 60_000);

	afterAll(async () => {
		sockets.closeAll();
		await app.close();
	});

	it('counts attendance: 应到 3, 实到 2, one left, 缺席 1; the quorum (> 1/2 of 3) is 2 and met', () => {
		expect(beforeClose.audience).toBe('staff');
		expect(beforeClose.closedAt).toBeNull();
		const { roll, ...counts } = beforeClose.attendance;
		expect(counts).toEqual({
			expected: 3,
			signedIn: 2,
			departed: 1,
			present: 1,
			absent: 1,
			quorumRule: 'more-than-half-of-all',
			quorumNeeds: 2,
			quorumMet: true,
			signInOpenedAt: T0,
			signInClosedAt: T0 + 60_000
		});
		expect(roll!.map((r) => [r.name, r.signedInAt, r.by, r.departedAt])).toEqual([
			['张明', T0 + 10_000, 'self', null],
			['李华', T0 + 20_000, 'self', T0 + 700_000],
			['王芳', null, null, null]
		]);
	});

	it('records the question with its phases, follow-up, time used and overtime, as the clock ran', () => {
		const [q1, q2] = beforeClose.agenda[0]!.questions!;
		expect(q1!.phases.map((p) => [p.phase, p.speakers, (p.startedAt - T0) / 1000, (p.endedAt - T0) / 1000, p.limitMs / 1000, p.extendedMs / 1000, p.usedMs / 1000, p.overtimeMs / 1000])).toEqual([
			['asking', ['张明'], 120, 200, 60, 0, 80, 20],
			['answering', ['钱慧敏'], 200, 400, 120, 30, 190, 40],
			['follow-up-asking', ['李华'], 400, 420, 30, 0, 20, 0],
			['follow-up-answering', ['钱慧敏'], 420, 500, 60, 0, 80, 20]
		]);
		expect(q1).toMatchObject({ status: 'done', usedMs: 370_000, overtimeMs: 80_000, text: '课后延时服务覆盖率如何？', ratingVoteIds: [ratingId] });
		expect(q1!.followUps.map((f) => f.asker.name)).toEqual(['李华']);
		expect(q2).toMatchObject({ status: 'queued', asker: { name: '王芳' }, phases: [], usedMs: 0 });
		expect(beforeClose.agenda.map((i) => i.status)).toEqual(['done', 'active']);
		expect(beforeClose.totals).toEqual({ questions: 2, questionsDone: 1, followUps: 1, overtimeMs: 80_000, votes: 2 });
	});

	it('lists the anonymous rating’s receipts with their choices and no names, and the named motion’s names', () => {
		const [rating, motion] = beforeClose.votes;
		expect(rating).toMatchObject({ number: 1, id: ratingId, kind: 'rating', entryId: 'q1', counted: 'electronic', named: null, settings: { anonymous: true } });
		expect(rating!.count).toMatchObject({ present: 2, voted: 2, result: { kind: 'rating', rating: { satisfied: 1, basicallySatisfied: 1, unsatisfied: 0, abstain: 0, denominator: 3, grade: 'basically-satisfied' } } });
		expect(new Map(rating!.receipts.map((r) => [r.receipt, r.choice]))).toEqual(new Map(ratingReceipts.map((r) => [r.receipt, r.choice])));
		expect(JSON.stringify(rating)).not.toMatch(new RegExp(`${ids[0]}|${ids[1]}|张明|李华`));

		expect(motion).toMatchObject({ number: 2, id: motionId, kind: 'motion', itemId: 'i2', settings: { anonymous: false } });
		expect(motion!.count!.result).toEqual({ kind: 'motion', motion: { yes: 2, no: 0, abstain: 0, notPressed: 0, cast: 2, members: 3, present: 2, needed: 2, passed: true } });
		// Listed in member-id order, never in the order of casting.
		const byId = [ids[0], ids[1]].sort();
		expect(motion!.named!.map((n) => [n.id, n.name, n.choice])).toEqual(byId.map((id) => [id, id === ids[0] ? '张明' : '李华', 'yes']));
		expect(beforeClose.agenda[1]!.voteIds).toEqual([motionId]);
	});

	it('ends with the log’s final hash, which is the log’s verified head', async () => {
		const page = dataOf(await callApi<AuditPage>(app, 'GET', `/meetings/${MEETING}/log?limit=1`, { cookie: hostCookie }), 'log');
		expect(beforeClose.log).toEqual({ seq: page.head.seq, hash: page.head.hash, verified: true });
		expect(beforeClose.log.hash).toMatch(/^[0-9a-f]{64}$/);
	});

	it('writes the CSV a clerk opens in Excel, with the same figures', () => {
		expect(csvBeforeClose.startsWith('\uFEFF【会议】Meeting\r\n')).toBe(true);
		const lines = csvBeforeClose.slice(1).split('\r\n');
		const sectionOf = (title: string) => {
			const start = lines.findIndex((l) => l.startsWith(title));
			expect(start, title).toBeGreaterThanOrEqual(0);
			return lines.slice(start + 1, lines.indexOf('', start));
		};
		expect(sectionOf('【出席】')[1]).toBe('3,2,1,1,1,2,是,2026-11-21 09:00:00,2026-11-21 09:01:00');
		expect(sectionOf('【发言计时】').slice(1)).toEqual([
			'1,1,课后延时服务,提问,张明,2026-11-21 09:02:00,2026-11-21 09:03:20,60,0,80,20',
			'1,1,课后延时服务,答复,钱慧敏,2026-11-21 09:03:20,2026-11-21 09:06:40,120,30,190,40',
			'1,1,课后延时服务,追问,李华,2026-11-21 09:06:40,2026-11-21 09:07:00,30,0,20,0',
			'1,1,课后延时服务,追问答复,钱慧敏,2026-11-21 09:07:00,2026-11-21 09:08:20,60,0,80,20'
		]);
		const questions = sectionOf('【询问】');
		expect(questions[1]).toBe('1,1,课后延时服务,课后延时服务覆盖率如何？,预先征集,张明,第一组,钱慧敏（县教育局局长）,已完成,1,李华,370,80,第1号：基本满意');
		const votes = sectionOf('【表决】');
		expect(votes[1]).toContain(',满意度测评,满意度测评：课后延时服务,');
		expect(votes[1]).toContain(',电子表决,3,2,2,,,0,,,1,1,0,全体组成人员3人,基本满意,,,');
		expect(votes[2]).toContain(',表决,表决《关于课后服务的决议（草案）》,会议同意加强课后服务。,记名,首次按键有效,,结束即公布,全体组成人员过半数赞成,2026-11-21 09:10:00,');
		expect(votes[2]).toContain(',电子表决,3,2,2,2,0,0,0,2,,,,,通过,,,');
		// Every vote publishes its receipts, the named motion's too (2 赞成).
		const receipts = sectionOf('【回执】').slice(1);
		expect(receipts.filter((l) => l.startsWith('1,')).sort()).toEqual(ratingReceipts.map((r) => `1,${r.receipt},${r.choice === 'satisfied' ? '满意' : '基本满意'}`).sort());
		expect(receipts.filter((l) => l.startsWith('2,')).map((l) => l.split(',')[2])).toEqual(['赞成', '赞成']);
		expect(sectionOf('【记名表决】').slice(1).sort()).toEqual(['2,张明,第一组,赞成', '2,李华,第一组,赞成']);
		expect(sectionOf('【会议日志】')[1]).toBe(`${beforeClose.log.seq},${beforeClose.log.hash},通过`);
	});

	it('refuses the record to the public until the meeting closes, but shows a revealed result’s announcement', async () => {
		for (const path of ['record', 'record/csv', 'record/pdf']) {
			const answer = await callApi(app, 'GET', `/meetings/${MEETING}/${path}`);
			expect(answer.status, path).toBe(409);
			expect(answer.body).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: { zh: expect.stringContaining('闭会后公开'), en: expect.stringContaining('once it closes') } } });
		}
		const announcement = dataOf(await callApi<VoteAnnouncement>(app, 'GET', `/meetings/${MEETING}/votes/${motionId}/announcement`), 'public announcement');
		expect(announcement.vote).not.toHaveProperty('named');
		expect(announcement.item).toEqual({ number: 2, title: '表决《关于课后服务的决议（草案）》' });
		expect(announcement.vote.count?.result).toMatchObject({ kind: 'motion', motion: { yes: 2, passed: true } });
		const rating = dataOf(await callApi<VoteAnnouncement>(app, 'GET', `/meetings/${MEETING}/votes/${ratingId}/announcement`), 'rating announcement');
		expect(rating.question).toEqual({ topic: '课后延时服务', respondents: [{ id: 'r1', name: '钱慧敏', title: '局长', department: '县教育局' }] });
	});

	it('refuses malformed and unknown ids with clear messages', async () => {
		const malformed = await callApi(app, 'GET', `/meetings/${encodeURIComponent('bad id!')}/record`, { cookie: hostCookie });
		expect(malformed.status).toBe(400);
		expect(malformed.body).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: { zh: expect.stringContaining('格式不正确'), en: expect.stringContaining('malformed') } } });
		const unknown = await callApi(app, 'GET', '/meetings/no-such-meeting/record', { cookie: hostCookie });
		expect(unknown.status).toBe(404);
		expect(unknown.body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: { zh: expect.stringContaining('no-such-meeting'), en: expect.stringContaining('no-such-meeting') } } });
		const noVote = await callApi(app, 'GET', `/meetings/${MEETING}/votes/vNOPE/announcement`, { cookie: hostCookie });
		expect(noVote.status).toBe(404);
		expect(noVote.body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: { zh: expect.stringContaining('vNOPE'), en: expect.stringContaining('vNOPE') } } });
		const badVote = await callApi(app, 'GET', `/meetings/${MEETING}/votes/${encodeURIComponent('v.1')}/announcement/pdf`);
		expect(badVote.status).toBe(400);
	});

	describe('once the meeting is closed', () => {
		let closedRecord: MeetingRecord;

		beforeAll(async () => {
			at(800);
			okData(await host.emitWithAck('meeting:close', { confirm: true }), 'close the meeting');
			closedRecord = dataOf(await callApi<MeetingRecord>(app, 'GET', `/meetings/${MEETING}/record`), 'public record');
		});

		it('gives the public the record, without the roll, question texts or requests, with the same figures and hash', async () => {
			expect(closedRecord.audience).toBe('public');
			expect(closedRecord.closedAt).toBe(T0 + 800_000);
			expect(closedRecord.attendance.roll).toBeUndefined();
			expect(closedRecord.attendance.signedIn).toBe(2);
			const q1 = closedRecord.agenda[0]!.questions![0]!;
			expect(q1.text).toBeUndefined();
			expect(q1).toMatchObject({ usedMs: 370_000, overtimeMs: 80_000 });
			expect(closedRecord.agenda[0]!.requests).toBeUndefined();
			expect(closedRecord.votes.map((v) => v.count?.result.kind)).toEqual(['rating', 'motion']);
			const staffNow = dataOf(await callApi<MeetingRecord>(app, 'GET', `/meetings/${MEETING}/record`, { cookie: hostCookie }), 'staff record');
			expect(closedRecord.log).toEqual(staffNow.log);
			// Closing is itself logged: the final hash is not the one before the close.
			expect(closedRecord.log.seq).toBeGreaterThan(beforeClose.log.seq);
			expect(closedRecord.log.hash).not.toBe(beforeClose.log.hash);
		});

		it('gives the public the CSV too, marked as the public version', async () => {
			const res = await requestApi(app, 'GET', `/meetings/${MEETING}/record/csv`);
			expect(res.status).toBe(200);
			const text = await res.text();
			expect(text).toContain('公开版');
			expect(text).not.toContain('【出席名单】');
			expect(text).not.toContain('课后延时服务覆盖率如何');
		});
	});
});
