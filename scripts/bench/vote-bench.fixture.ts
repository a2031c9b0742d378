/**
 * The hall for the vote bench, built on the real server through its REST API as a clerk would build
 * it: a congress of N deputies from a roster file, a session with a motion per vote on its agenda, a pairing
 * code for every deputy redeemed as each tablet would redeem it, and the wall screens' link.
 */
import type { BodyDetail, PairResult, PairingRow } from '../../shared/api';
import type { Body } from '../../shared/meeting.schema';
import type { MeetingView } from '../../shared/meeting.view';
import { SESSION_COOKIE } from '../../shared/identity.schema';
import type { BenchServer } from './bench.server';

/** Tablets pairing at once: a hall's worth of deputies typing their codes, not all in one tick. */
const PAIR_CONCURRENCY = 16;

export interface Hall {
	bodyId: string;
	meetingId: string;
	/** One motion per vote to be held: an agenda item is voted on once. */
	itemIds: string[];
	/** Each deputy's member id and the session cookie (`name=value`) their tablet got from pairing. */
	deputies: { memberId: string; cookie: string }[];
	screenToken: string;
}

/** A roster file with `count` deputies, unique names, seats and 代表证号, in 35 delegations. */
export function rosterCsv(count: number): string {
	const lines = ['姓名,代表小组,座位号,代表证号'];
	for (let i = 0; i < count; i++) lines.push(`代表${String(i + 1).padStart(4, '0')},第${(i % 35) + 1}代表团,${i + 1},BENCH${String(i + 1).padStart(5, '0')}`);
	return `${lines.join('\n')}\n`;
}

export async function prepareHall(server: BenchServer, adminCookie: string, deputies: number, votes: number, log: (line: string) => void): Promise<Hall> {
	const cookie = adminCookie;
	const body = (await server.api<Body>('POST', '/bodies', { cookie, json: { name: '压测人民代表大会', kind: 'congress' } })).data;
	await server.api('POST', `/bodies/${body.id}/roster/import?fileName=bench-roster.csv`, { cookie, raw: { body: rosterCsv(deputies), type: 'text/csv; charset=utf-8' } });
	const members = (await server.api<BodyDetail>('GET', `/bodies/${body.id}`, { cookie })).data.members.filter((m) => !m.retired);
	if (members.length !== deputies) throw new Error(`the roster import left ${members.length} members, not ${deputies}`);

	const today = new Date().toISOString().slice(0, 10);
	const meeting = (await server.api<MeetingView>('POST', '/meetings', { cookie, json: { bodyId: body.id, kind: 'congress-session', title: '表决压力测试', date: today, venue: '压测会场' } })).data;
	const itemIds = Array.from({ length: votes }, (_, i) => `bench-motion-${i + 1}`);
	const agenda = itemIds.map((id, i) => ({ id, kind: 'vote', title: `关于压力测试的决定（草案）之${i + 1}`, motion: `表决通过关于压力测试的决定（草案）之${i + 1}。` }));
	await server.api('PUT', `/meetings/${meeting.id}/agenda`, { cookie, json: { baseVersion: meeting.version, agenda } });

	const began = Date.now();
	const rows = (await server.api<PairingRow[]>('POST', `/meetings/${meeting.id}/pairing/issue`, { cookie, json: {} })).data;
	const codes = rows.filter((r) => r.code !== null);
	if (codes.length !== deputies) throw new Error(`pairing issued ${codes.length} codes for ${deputies} deputies`);
	log(`pairing: ${codes.length} codes issued in ${Date.now() - began} ms`);

	const paired: Hall['deputies'] = [];
	let next = 0;
	const pairOne = async () => {
		while (next < codes.length) {
			const row = codes[next++]!;
			const { data, setCookie } = await server.api<PairResult>('POST', '/auth/pair', { json: { code: row.code } });
			const session = setCookie?.split(';')[0]?.trim();
			if (!session?.startsWith(`${SESSION_COOKIE}=`) || data.principal.subjectId !== row.memberId) throw new Error(`pairing ${row.memberId} gave no session of theirs`);
			paired.push({ memberId: row.memberId, cookie: session });
		}
	};
	const pairingBegan = Date.now();
	await Promise.all(Array.from({ length: PAIR_CONCURRENCY }, pairOne));
	log(`pairing: ${paired.length} tablets paired in ${Date.now() - pairingBegan} ms`);

	return { bodyId: body.id, meetingId: meeting.id, itemIds, deputies: paired, screenToken: await server.screenToken(cookie, meeting.id) };
}
