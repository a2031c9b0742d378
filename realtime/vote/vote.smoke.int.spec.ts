import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MEETING_ID } from '../meeting/demo-meeting';
import { startTestApp, type TestApp, type TestClient } from '../testing/test-app';
import { type RoleSessions, TestSockets, credentialsOf, pairDeputy, signInEveryRole } from '../testing/test-principals';

describe('vote smoke', () => {
	let app: TestApp;
	let sockets: TestSockets;
	let sessions: RoleSessions;
	let host: TestClient;
	const deputies: TestClient[] = [];
	beforeAll(async () => {
		app = await startTestApp();
		sockets = new TestSockets(app);
		sessions = await signInEveryRole(app);
		host = await sockets.connect(credentialsOf(sessions, 'host'));
		await host.emitWithAck('meeting:join', { meetingId: DEMO_MEETING_ID });
		await host.emitWithAck('sign-in:toggle', { open: true });
		for (const id of ['d001', 'd002', 'd003']) {
			const s = await sockets.connect({ cookie: id === 'd001' ? sessions.deputy : await pairDeputy(app, sessions.clerk, id) });
			await s.emitWithAck('meeting:join', { meetingId: DEMO_MEETING_ID });
			expect((await s.emitWithAck('sign-in:self', {})).ok).toBe(true);
			deputies.push(s);
		}
	});
	afterAll(async () => {
		sockets.closeAll();
		await app.close();
	});
	it('runs a motion', async () => {
		const opened = await host.emitWithAck('vote:open', { itemId: 'a3-vote', settings: { press: 'last' } });
		expect(opened.ok, JSON.stringify(opened)).toBe(true);
		if (!opened.ok) return;
		const voteId = opened.data.voteId;
		const choices = ['yes', 'no', 'yes'] as const;
		const replies = await Promise.all(deputies.map((d, i) => d.emitWithAck('vote:cast', { voteId, key: `key-${i}-aaaa`, secret: `secret-${i}-aaaaaaaaaaaaaaaaaa`, choice: choices[i]! })));
		for (const r of replies) expect(r.ok, JSON.stringify(r)).toBe(true);
		const again = await deputies[0]!.emitWithAck('vote:cast', { voteId, key: 'key-0-aaaa', secret: 'secret-0-aaaaaaaaaaaaaaaaaa', choice: 'yes' });
		expect(again).toEqual(replies[0]);
		const change = await deputies[1]!.emitWithAck('vote:cast', { voteId, key: 'key-1-bbbb', secret: 'secret-1-aaaaaaaaaaaaaaaaaa', choice: 'abstain' });
		expect(change.ok && change.data.changed).toBe(true);
		const closed = await host.emitWithAck('vote:close', { voteId });
		expect(closed.ok, JSON.stringify(closed)).toBe(true);
		if (closed.ok) {
			expect(closed.data.outcome?.result).toMatchObject({ kind: 'motion', motion: { yes: 2, no: 0, abstain: 1, notPressed: 0, passed: false } });
			expect(closed.data.outcome?.receipts).toHaveLength(3);
		}
		const late = await deputies[2]!.emitWithAck('vote:cast', { voteId, key: 'key-2-cccc', secret: 'secret-2-aaaaaaaaaaaaaaaaaa', choice: 'no' });
		expect(late).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
	});
});
