/**
 * Votes through crashes, with the server run as `npm start` runs it (a child process supervising its
 * own Redis, AOF with appendfsync always) and 200 deputies on real sockets: a `kill -9` of the server
 * while they cast, a restart of its Redis while they cast, and a vote's deadline kept across a restart.
 * Every acknowledged cast must be counted exactly once; a tablet sends what was not acknowledged again
 * with the same key, and nothing is ever counted twice (DESIGN.md §4, Data flow, State, Durability).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClient } from 'redis';
import { io as connectClient } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PairResult, PairingRow } from '../../shared/api';
import type { MeetingView } from '../../shared/meeting.view';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import type { Result } from '../../shared/result';
import type { VoteCastReply, VoteSettings, VoteView } from '../../shared/vote.schema';
import { keys } from '../redis/redis-keys';
import { buildRosterCsv, demoRosterRows } from '../roster/roster-fixtures';
import type { TestClient } from '../testing/test-app';
import { eventually, managedRedisPid, startServerProcess, type ServerProcess } from '../testing/server-process';

/** A cast's answer without the turnout, which a retry reports as it is now (the first answer's turnout would order the casts). */
function settled(reply: VoteCastReply | undefined): Omit<VoteCastReply, 'voted'> | undefined {
	if (!reply) return undefined;
	const { voted: _turnout, ...rest } = reply;
	return rest;
}

const DEPUTIES = 200;
/** 赞成 more than half of all 200 members (地方组织法 art. 25): ⌊200/2⌋ + 1. */
const MORE_THAN_HALF_OF_200 = 101;
const ADMIN_PASSWORD = 'admin-pass-123';
const BODY = 'county';
const ITEM = 'a1-vote';

type Mark = 'yes' | 'no' | 'abstain';

interface Tablet {
	memberId: string;
	cookie: string;
	socket: TestClient;
}

/** One press as the tablet made it: sent again unchanged until it is acknowledged. */
interface Press {
	tablet: Tablet;
	payload: { voteId: string; key: string; secret: string; choice: Mark };
}

const freshKey = () => randomBytes(10).toString('hex').toUpperCase();
const freshSecret = () => randomBytes(16).toString('hex').toUpperCase();

function okData<T>(result: Result<T>, what: string): T {
	if (!result.ok) throw new Error(`${what}: ${result.error.code} ${result.error.message.en}`);
	return result.data;
}

/** Settles with `promise`, or fails naming what did not happen. */
function within<T>(promise: Promise<T>, what: string, ms = 10_000): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const deadline = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
	});
	return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

describe('votes through crashes of the server and of its Redis', () => {
	const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wzt-vote-'));
	const env = { DATA_DIR: dataDir, ADMIN_PASSWORD, DEMO: '0' };
	let server: ServerProcess & { port: number };
	let hostCookie: string;
	let meetingId: string;
	let host: TestClient;
	let tablets: Tablet[] = [];

	async function api<T>(method: string, route: string, options: { cookie?: string; json?: unknown; csv?: Uint8Array } = {}): Promise<{ data: T; cookie: string | null }> {
		const headers: Record<string, string> = {};
		if (options.cookie) headers.cookie = options.cookie;
		let body: BodyInit | undefined;
		if (options.csv) {
			headers['content-type'] = 'text/csv';
			body = Buffer.from(options.csv);
		} else if (options.json !== undefined) {
			headers['content-type'] = 'application/json';
			body = JSON.stringify(options.json);
		}
		const res = await fetch(`http://127.0.0.1:${server.port}/api${route}`, { method, headers, body });
		const result = (await res.json()) as Result<T>;
		return { data: okData(result, `${method} ${route}`), cookie: res.headers.get('set-cookie')?.split(';')[0] ?? null };
	}

	async function connect(cookie: string): Promise<TestClient> {
		const socket: TestClient = connectClient(`http://127.0.0.1:${server.port}`, {
			auth: { protocol: PROTOCOL_VERSION },
			extraHeaders: { cookie },
			transports: ['websocket'],
			reconnection: false,
			forceNew: true
		});
		await new Promise<void>((resolve, reject) => {
			socket.once('connect', resolve);
			socket.once('connect_error', reject);
		});
		okData(await socket.emitWithAck('meeting:join', { meetingId }), 'join');
		return socket;
	}

	/** Every device comes back to the (restarted) server with the session it had (the same tablet, a new connection). */
	async function reconnectAll(): Promise<void> {
		host = await connect(hostCookie);
		await Promise.all(
			tablets.map(async (t) => {
				t.socket = await connect(t.cookie);
			})
		);
	}

	/** After a `kill -9` of the server: waits until it is gone, and every device's connection with it. */
	async function serverGone(): Promise<void> {
		await within(server.exited, 'the server killed');
		// No acknowledgement can arrive once every connection is gone.
		await eventually(() => !host.connected && tablets.every((t) => !t.socket.connected), 5000, 'every connection dropped');
		for (const s of [host, ...tablets.map((t) => t.socket)]) s.close();
	}

	async function restartServer(): Promise<void> {
		server = await startServerProcess(env);
		await reconnectAll();
	}

	async function staffView(voteId: string): Promise<VoteView> {
		const view = okData(await host.emitWithAck('vote:sync', {}), 'vote:sync').find((v) => v.id === voteId);
		if (!view) throw new Error(`vote ${voteId} is not listed`);
		return view;
	}

	/**
	 * Sends every press at once and collects the answers that arrive; `interrupt` is called once, when
	 * `after` answers have arrived. Resolves when every press is answered or `settled` says to stop.
	 */
	function castAll(presses: Press[], after: number, interrupt: () => void, settled: (answers: Map<Press, Result<VoteCastReply>>) => boolean): { answers: Map<Press, Result<VoteCastReply>>; done: Promise<void> } {
		const answers = new Map<Press, Result<VoteCastReply>>();
		let interrupted = false;
		const done = new Promise<void>((resolve) => {
			for (const p of presses) {
				p.tablet.socket.emit('vote:cast', p.payload, (reply: Result<VoteCastReply>) => {
					answers.set(p, reply);
					if (!interrupted && answers.size >= after) {
						interrupted = true;
						interrupt();
					}
					if (settled(answers)) resolve();
				});
			}
		});
		return { answers, done };
	}

	/** Each press sent again, unchanged, as a tablet does on reconnecting; all must be answered ok. */
	async function sendAgain(presses: Press[]): Promise<Map<Press, VoteCastReply>> {
		const replies = await Promise.all(
			presses.map(async (p) => {
				const reply: Result<VoteCastReply> = await p.tablet.socket.timeout(10_000).emitWithAck('vote:cast', p.payload);
				return [p, okData(reply, `${p.tablet.memberId} again`)] as const;
			})
		);
		return new Map(replies);
	}

	/**
	 * Opens a vote on the one motion. A result stands until annulled, and the service refuses another
	 * vote on a decided item, so the result of the test before is annulled first.
	 */
	async function openVote(settings: Partial<VoteSettings>): Promise<Result<{ voteId: string }>> {
		for (const v of okData(await host.emitWithAck('vote:sync', {}), 'sync')) {
			if (v.status === 'closed') okData(await host.emitWithAck('vote:annul', { voteId: v.id, reason: '测试：为下一次表决作废' }), 'annul the earlier result');
		}
		return host.emitWithAck('vote:open', { itemId: ITEM, settings });
	}

	function pressesFor(voteId: string, count: number, choiceOf: (i: number) => Mark): Press[] {
		return tablets.slice(0, count).map((tablet, i) => ({ tablet, payload: { voteId, key: freshKey(), secret: freshSecret(), choice: choiceOf(i) } }));
	}

	/**
	 * What the server's own Redis holds of a vote's ballots, read directly: who has voted, and the
	 * receipts of the choices. Checked before any press is sent again, which would otherwise mend a loss.
	 */
	async function ballotsInRedis(voteId: string): Promise<{ voters: Set<string>; receipts: Set<string> }> {
		const address = [...server.output().matchAll(/embedded redis-server \(pid \d+\) on (127\.0\.0\.1:\d+)/g)].at(-1)?.[1];
		const redis = createClient({ url: `redis://${address}` });
		await redis.connect();
		try {
			const voters = await redis.zRange(keys.voteVoters(voteId), 0, -1);
			const choices = await redis.zRange(keys.voteChoices(voteId), 0, -1);
			return { voters: new Set(voters), receipts: new Set(choices.map((c) => c.split('|')[0]!)) };
		} finally {
			await redis.close();
		}
	}

	function expectRecorded(stored: { voters: Set<string>; receipts: Set<string> }, acknowledged: Map<Press, VoteCastReply>): void {
		for (const [p, reply] of acknowledged) {
			expect(stored.voters.has(p.tablet.memberId), `${p.tablet.memberId} recorded as having voted`).toBe(true);
			expect(stored.receipts.has(reply.receipt), `${p.tablet.memberId}'s receipt recorded`).toBe(true);
		}
	}

	/** Every acknowledged press is in the published list with its receipt and choice, and the list holds each ballot once. */
	function expectReceipts(view: VoteView, acknowledged: Map<Press, VoteCastReply>, ballots: number): void {
		const receipts = view.outcome?.receipts ?? [];
		expect(receipts).toHaveLength(ballots);
		expect(new Set(receipts.map((r) => r.receipt)).size).toBe(ballots);
		for (const [p, reply] of acknowledged) expect(receipts).toContainEqual({ receipt: reply.receipt, choice: p.payload.choice });
	}

	beforeAll(async () => {
		server = await startServerProcess(env);
		hostCookie = (await api('POST', '/auth/login', { json: { username: 'admin', password: ADMIN_PASSWORD } })).cookie!;
		await api('POST', '/bodies', { cookie: hostCookie, json: { id: BODY, name: '示范县人民代表大会', kind: 'congress' } });
		await api('POST', `/bodies/${BODY}/roster/import?fileName=roster.csv`, { cookie: hostCookie, csv: buildRosterCsv(demoRosterRows(DEPUTIES)) });
		const meeting = (await api<MeetingView>('POST', '/meetings', { cookie: hostCookie, json: { bodyId: BODY, kind: 'congress-session', title: '示范县人代会', date: '2026-08-29', venue: '县人民大会堂' } })).data;
		meetingId = meeting.id;
		await api('PUT', `/meetings/${meetingId}/agenda`, {
			cookie: hostCookie,
			json: { baseVersion: meeting.version, agenda: [{ id: ITEM, kind: 'vote', title: '表决决议草案', motion: '会议同意县人民政府关于民生实事项目的报告。' }] }
		});
		const rows = (await api<PairingRow[]>('POST', `/meetings/${meetingId}/pairing/issue`, { cookie: hostCookie, json: {} })).data;
		expect(rows).toHaveLength(DEPUTIES);
		const paired = await Promise.all(rows.map(async (r) => ({ memberId: r.memberId, cookie: (await api<PairResult>('POST', '/auth/pair', { json: { code: r.code } })).cookie! })));
		host = await connect(hostCookie);
		okData(await host.emitWithAck('sign-in:toggle', { open: true }), 'open sign-in');
		tablets = await Promise.all(paired.map(async (p) => ({ ...p, socket: await connect(p.cookie) })));
		await Promise.all(tablets.map(async (t) => okData(await t.socket.emitWithAck('sign-in:self', {}), `sign in ${t.memberId}`)));
	}, 60_000);

	afterEach(async () => {
		// A failed test must not leave its vote open for the next one (only one may be open at a time).
		if (!host?.connected) return;
		for (const v of okData(await host.emitWithAck('vote:sync', {}), 'sync')) {
			if (v.status === 'open') await host.emitWithAck('vote:close', { voteId: v.id });
		}
	});

	afterAll(async () => {
		for (const s of [host, ...tablets.map((t) => t.socket)]) s?.close();
		if (server && server.proc.exitCode === null && server.proc.signalCode === null) {
			server.proc.kill('SIGTERM');
			await server.exited;
		}
		rmSync(dataDir, { recursive: true, force: true });
	});

	it('counts every acknowledged cast once through a kill -9 mid-vote, and the casts sent again once', async () => {
		const voteId = okData(await openVote({ press: 'first' }), 'open').voteId;
		// 120 yes, 40 no, 40 abstain.
		const presses = pressesFor(voteId, DEPUTIES, (i) => (i % 5 < 3 ? 'yes' : i % 5 === 3 ? 'no' : 'abstain'));
		const { answers } = castAll(presses, 40, () => server.proc.kill('SIGKILL'), (a) => a.size === presses.length);
		await serverGone();
		const acknowledged = new Map([...answers].filter(([, r]) => r.ok).map(([p, r]) => [p, (r as { data: VoteCastReply }).data]));
		expect(acknowledged.size).toBe(answers.size);
		// Not vacuous: the kill came while presses were still in flight.
		expect(acknowledged.size).toBeLessThan(DEPUTIES);

		await restartServer();
		expectRecorded(await ballotsInRedis(voteId), acknowledged);
		const recorded = (await staffView(voteId)).turnout.voted;
		expect(recorded).toBeGreaterThanOrEqual(acknowledged.size);
		expect(recorded).toBeLessThanOrEqual(DEPUTIES);

		// Every tablet sends its press again: the acknowledged ones get their first answer back.
		const again = await sendAgain(presses);
		for (const [p, first] of acknowledged) expect(settled(again.get(p))).toEqual(settled(first));
		expect((await staffView(voteId)).turnout.voted).toBe(DEPUTIES);

		const aofDir = path.join(dataDir, 'redis', 'appendonlydir');
		const votersKey = keys.voteVoters(voteId);
		const castCommand = `ZADD\r\n$${votersKey.length}\r\n${votersKey}\r\n`;
		// Redis may be rewriting its file as we look: a temporary file listed a moment ago can be gone.
		const readIfThere = (f: string) => {
			try {
				return readFileSync(path.join(aofDir, f));
			} catch (err) {
				if ((err as NodeJS.ErrnoException).code === 'ENOENT') return Buffer.alloc(0);
				throw err;
			}
		};
		const onDisk = () => readdirSync(aofDir).some((f) => readIfThere(f).includes(castCommand));
		expect(onDisk(), 'the casts are on disk as commands while the vote is open').toBe(true);

		const closed = okData(await host.emitWithAck('vote:close', { voteId }), 'close');
		expect(closed.outcome?.result).toEqual({
			kind: 'motion',
			motion: { yes: 120, no: 40, abstain: 40, cast: 200, notPressed: 0, members: 200, present: 200, needed: MORE_THAN_HALF_OF_200, passed: true }
		});
		expectReceipts(closed, again, DEPUTIES);

		// The close of an anonymous vote compacts the append-only file: the casts, each of which wrote
		// who voted beside what was chosen, are no longer on disk as commands.
		await eventually(() => !onDisk(), 10_000, 'the casts compacted out of the append-only file');
	}, 40_000);

	it('loses no acknowledged cast when its Redis is killed and restarted mid-vote', async () => {
		const voteId = okData(await openVote({ press: 'first' }), 'open').voteId;
		// 100 yes, 50 no, 50 abstain: 100 is not more than half of 200.
		const presses = pressesFor(voteId, DEPUTIES, (i) => (i % 2 === 0 ? 'yes' : i % 4 === 1 ? 'no' : 'abstain'));
		const redisPid = managedRedisPid(server)!;
		const { answers, done } = castAll(presses, 30, () => process.kill(redisPid, 'SIGKILL'), (a) => a.size === presses.length);
		// While Redis is down a press is answered with an error, or held until it is back; all are answered.
		await within(done, 'every press answered', 20_000);
		await within(server.waitFor(/redis-server is back/), 'the redis-server back');
		const acknowledged = new Map([...answers].filter(([, r]) => r.ok).map(([p, r]) => [p, (r as { data: VoteCastReply }).data]));
		const refused = [...answers.values()].filter((r) => !r.ok);
		// Not vacuous: Redis went down while presses were in flight; they were answered with a plain INTERNAL.
		expect(refused.length).toBeGreaterThan(0);
		for (const r of refused) expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
		expectRecorded(await ballotsInRedis(voteId), acknowledged);

		const again = await sendAgain(presses);
		for (const [p, first] of acknowledged) expect(settled(again.get(p))).toEqual(settled(first));
		expect((await staffView(voteId)).turnout.voted).toBe(DEPUTIES);
		const closed = okData(await host.emitWithAck('vote:close', { voteId }), 'close');
		expect(closed.outcome?.result).toEqual({
			kind: 'motion',
			motion: { yes: 100, no: 50, abstain: 50, cast: 200, notPressed: 0, members: 200, present: 200, needed: MORE_THAN_HALF_OF_200, passed: false }
		});
		expectReceipts(closed, again, DEPUTIES);
	}, 40_000);

	it('closes a vote at its deadline after a kill -9 and a restart, by the job, counting every acknowledged cast once', async () => {
		const DURATION_S = 12;
		const opened = await openVote({ durationSeconds: DURATION_S });
		expect(opened).toMatchObject({ ok: true });
		const voteId = okData(opened, 'open').voteId;
		// 150 of the 200 press, 101 yes and 49 no; 50 press nothing.
		const presses = pressesFor(voteId, 150, (i) => (i < 101 ? 'yes' : 'no'));
		const { answers } = castAll(presses, 40, () => server.proc.kill('SIGKILL'), (a) => a.size === presses.length);
		await serverGone();
		const acknowledged = new Map([...answers].filter(([, r]) => r.ok).map(([p, r]) => [p, (r as { data: VoteCastReply }).data]));

		await restartServer();
		expectRecorded(await ballotsInRedis(voteId), acknowledged);
		const { deadline } = await staffView(voteId);
		const again = await sendAgain(presses);
		for (const [p, first] of acknowledged) expect(settled(again.get(p))).toEqual(settled(first));
		expect(Date.now()).toBeLessThan(deadline!);

		// Nobody closes it: the restarted server's worker runs the job at the deadline.
		const closedView = new Promise<VoteView>((resolve) => host.on('vote:state', (v) => v.id === voteId && v.status === 'closed' && resolve(v)));
		const listed = await staffView(voteId);
		const closed = listed.status === 'closed' ? listed : await within(closedView, 'the close at the deadline', deadline! - Date.now() + 10_000);
		expect(closed.closedBy).toBe('deadline');
		expect(closed.outcome?.result).toEqual({
			kind: 'motion',
			motion: { yes: 101, no: 49, abstain: 0, cast: 150, notPressed: 50, members: 200, present: 200, needed: MORE_THAN_HALF_OF_200, passed: true }
		});
		expectReceipts(closed, again, 150);
	}, 40_000);
});
