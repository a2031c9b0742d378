/**
 * Issue 5's votes as the hall sees them, on a standing committee of three so that every threshold is
 * reached by the three tablets here: the host opens a motion under "last press counts"; three deputies
 * vote from three browser contexts and one changes their mind; the wall shows the turnout (never the
 * tally) and then the result the moment the host closes; each tablet finds its receipt in the published
 * list. Then a project ballot of 5 candidates for 3 seats ends in a tie at the cut-off, reported for a
 * re-vote among the tied.
 */
import type { APIRequestContext, Browser, Page } from '@playwright/test';
import { ADMIN, expect, test } from './fixtures';

const TABLET = { width: 1280, height: 800 };
const WALL = { width: 1920, height: 1080 };
const BODY = 'e2e-committee';
const MEETING = 'e2e-votes';
const ROSTER = ['姓名,代表小组,座位号,代表证号', '张明,第一组,1,E001', '李华,第一组,2,E002', '王芳,第二组,3,E003'].join('\n');
const CANDIDATES = ['c1', 'c2', 'c3', 'c4', 'c5'];

async function ok<R extends { ok(): boolean; status(): number; text(): Promise<string> }>(response: Promise<R>, what: string): Promise<R> {
	const r = await response;
	expect(r.ok(), `${what}: ${r.status()} ${await r.text()}`).toBe(true);
	return r;
}

/** A body of three, its meeting with a motion and a 5-for-3 ballot, as a clerk would prepare them. */
async function prepare(api: APIRequestContext, url: (p: string) => string): Promise<{ memberIds: string[]; codes: Record<string, string>; screenToken: string }> {
	await ok(api.post(url('/api/auth/login'), { data: ADMIN }), 'log in');
	await ok(api.post(url('/api/bodies'), { data: { id: BODY, name: '示范县人大常委会（测试）', kind: 'standing-committee' } }), 'body');
	await ok(api.post(url(`/api/bodies/${BODY}/roster/import?fileName=roster.csv`), { headers: { 'content-type': 'text/csv' }, data: Buffer.from(ROSTER) }), 'roster');
	const body = await (await api.get(url(`/api/bodies/${BODY}`))).json();
	const memberIds: string[] = body.data.members.map((m: { id: string }) => m.id);
	expect(memberIds).toHaveLength(3);
	await ok(api.post(url('/api/meetings'), { data: { id: MEETING, bodyId: BODY, kind: 'standing-committee', title: '常委会第十次会议（测试）', date: '2026-11-21', venue: '常委会会议室' } }), 'meeting');
	const meeting = await (await api.get(url(`/api/meetings/${MEETING}`))).json();
	await ok(
		api.put(url(`/api/meetings/${MEETING}/agenda`), {
			data: {
				baseVersion: meeting.data.version,
				agenda: [
					{ id: 'm1', kind: 'vote', title: '表决《关于加强基层医疗服务的决议（草案）》', motion: '会议同意加强基层医疗服务。' },
					{ id: 'b1', kind: 'ballot', title: '2027年度民生实事项目票决', seats: 3, candidates: CANDIDATES.map((id, i) => ({ id, name: `民生项目${i + 1}` })) }
				]
			}
		}),
		'agenda'
	);
	const rows: { memberId: string; code: string }[] = (await (await ok(api.post(url(`/api/meetings/${MEETING}/pairing/issue`), { data: { memberIds } }), 'codes')).json()).data;
	const access = (await (await api.get(url(`/api/meetings/${MEETING}/access`))).json()).data;
	return { memberIds, codes: Object.fromEntries(rows.map((r) => [r.memberId, r.code])), screenToken: access.screenToken };
}

async function tablet(browser: Browser, url: (p: string) => string, code: string): Promise<Page> {
	const context = await browser.newContext({ viewport: TABLET });
	await ok(context.request.post(url('/api/auth/pair'), { data: { code } }), 'pair');
	const page = await context.newPage();
	await page.goto(url(`/tablet/${MEETING}`));
	return page;
}

test('a motion under last press and a project ballot with a tie, from three tablets to the wall', async ({ browser, server }) => {
	test.setTimeout(150_000);
	const url = (p: string) => `${server.url}${p}`;
	const staff = await browser.newContext();
	const { memberIds, codes, screenToken } = await prepare(staff.request, url);

	const hostContext = await browser.newContext({ viewport: TABLET });
	await ok(hostContext.request.post(url('/api/auth/login'), { data: ADMIN }), 'host log in');
	const host = await hostContext.newPage();
	await host.goto(url(`/console/${MEETING}/run`));
	const tablets = await Promise.all(memberIds.map((id) => tablet(browser, url, codes[id]!)));
	const [a, b, c] = tablets as [Page, Page, Page];
	const wall = await (await browser.newContext({ viewport: WALL })).newPage();
	await wall.goto(url(`/screen/${MEETING}?token=${encodeURIComponent(screenToken)}`));

	// Sign-in: only signed-in deputies may vote.
	await host.getByTestId('console-signin-toggle').click();
	for (const t of tablets) {
		await t.getByTestId('tablet-sign-in').click();
		await expect(t.getByTestId('tablet-signed-in')).toBeVisible();
	}
	await expect(host.getByTestId('console-attendance')).toHaveAttribute('data-present', '3');

	// The motion, last press counts.
	await host.locator('[data-testid="agenda-row"][data-item-id="m1"]').getByTestId('agenda-activate').click();
	await host.getByTestId('vote-press').selectOption('last');
	await host.getByTestId('vote-open').click();
	await expect(wall.getByTestId('wall-vote')).toHaveAttribute('data-status', 'open');
	await expect(wall.getByTestId('wall-vote-turnout')).toHaveAttribute('data-present', '3');
	await expect(wall.getByTestId('wall-vote-turnout')).toHaveAttribute('data-voted', '0');

	const choices: [Page, string][] = [
		[a, 'yes'],
		[b, 'no'],
		[c, 'abstain']
	];
	const receipts: string[] = [];
	for (const [t, choice] of choices) {
		await expect(t.getByTestId('tablet-vote')).toBeVisible();
		await t.locator(`[data-testid="vote-choice"][data-choice="${choice}"]`).click();
		await expect(t.getByTestId('vote-my-choice')).toHaveAttribute('data-choice', choice);
		receipts.push((await t.getByTestId('vote-receipt').getAttribute('data-receipt'))!);
	}
	expect(new Set(receipts).size).toBe(3);
	await expect(wall.getByTestId('wall-vote-turnout')).toHaveAttribute('data-voted', '3');
	// While open, nobody's screen shows a tally.
	await expect(wall.getByTestId('wall-vote-count')).toHaveCount(0);
	await expect(host.getByTestId('motion-count')).toHaveCount(0);

	// B changes their mind: the same receipt, the new choice, the turnout unchanged.
	await b.locator('[data-testid="vote-choice"][data-choice="yes"]').click();
	await expect(b.getByTestId('vote-changed')).toBeVisible();
	await expect(b.getByTestId('vote-my-choice')).toHaveAttribute('data-choice', 'yes');
	await expect(b.getByTestId('vote-receipt')).toHaveAttribute('data-receipt', receipts[1]!);
	await expect(wall.getByTestId('wall-vote-turnout')).toHaveAttribute('data-voted', '3');

	// Closed: 2 of 3 members for, more than half of all → passed, on the wall at once.
	await host.getByTestId('vote-close').click();
	await expect(wall.getByTestId('wall-vote-passed')).toHaveAttribute('data-passed', 'true');
	const count = (choice: string) => wall.locator(`[data-testid="wall-vote-count"][data-choice="${choice}"]`);
	await expect(count('yes')).toHaveAttribute('data-count', '2');
	await expect(count('no')).toHaveAttribute('data-count', '0');
	await expect(count('abstain')).toHaveAttribute('data-count', '1');
	await expect(count('not-pressed')).toHaveAttribute('data-count', '0');
	await expect(host.getByTestId('vote-passed')).toHaveAttribute('data-passed', 'true');
	// Every deputy finds their receipt in the published list, with the choice that counted.
	for (const t of tablets) await expect(t.getByTestId('vote-receipt-check')).toHaveAttribute('data-found', 'true');

	// The project ballot: 5 candidates for 3 seats. Marks: c1 by all three; c2, c3, c4 by two each.
	await host.locator('[data-testid="agenda-row"][data-item-id="b1"]').getByTestId('agenda-activate').click();
	await host.getByTestId('vote-open').click();
	await expect(wall.getByTestId('wall-vote')).toHaveAttribute('data-kind', 'ballot');
	const yesOn: [Page, string[]][] = [
		[a, ['c1', 'c2', 'c3']],
		[b, ['c1', 'c3', 'c4']],
		[c, ['c1', 'c4', 'c2']]
	];
	for (const [t, yes] of yesOn) {
		await expect(t.getByTestId('ballot-sheet')).toBeVisible();
		for (const id of yes) await t.locator(`[data-testid="ballot-candidate"][data-candidate-id="${id}"] [data-testid="ballot-mark"][data-mark="yes"]`).click();
		await expect(t.getByTestId('ballot-yes-count')).toHaveAttribute('data-yes', '3');
		// A fourth 赞成 is refused on the tablet itself.
		await t.locator('[data-testid="ballot-candidate"][data-candidate-id="c5"] [data-testid="ballot-mark"][data-mark="yes"]').click();
		await expect(t.getByTestId('ballot-yes-count')).toHaveAttribute('data-yes', '3');
		await t.getByTestId('ballot-rest-abstain').click();
		await t.getByTestId('ballot-submit').click();
		await expect(t.getByTestId('vote-receipt')).toBeVisible();
	}
	await expect(wall.getByTestId('wall-vote-turnout')).toHaveAttribute('data-voted', '3');
	await host.getByTestId('vote-close').click();

	// More than half of 3 is 2: c1 (3) is elected; c2, c3, c4 (2 each) are tied for the 2 seats left.
	const row = (id: string) => wall.locator(`[data-testid="wall-ballot-row"][data-candidate-id="${id}"]`);
	await expect(row('c1')).toHaveAttribute('data-elected', 'true');
	for (const id of ['c2', 'c3', 'c4']) {
		await expect(row(id)).toHaveAttribute('data-tied', 'true');
		await expect(row(id)).toHaveAttribute('data-elected', 'false');
	}
	await expect(row('c5')).toHaveAttribute('data-elected', 'false');
	await expect(wall.getByTestId('wall-ballot-tie')).toBeVisible();
	await expect(host.getByTestId('vote-rerun-tied')).toBeVisible();
	for (const t of tablets) await expect(t.getByTestId('vote-receipt-check')).toHaveAttribute('data-found', 'true');
});
