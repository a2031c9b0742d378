/**
 * Issue 7's collection, as the people involved see it: deputies of two groups propose questions from
 * their tablets (one group up to its quota), the clerk's review page shows them as they arrive, merges a
 * duplicate, selects and orders the list with one asker each and adopts it into the inquiry; the host's
 * run page then has them in its queue. The clerk's settings form changes the quota the tablets are held to,
 * and refuses out-of-bounds numbers and stale versions beside the fields. And the public form on a phone, reached from the public page's
 * QR link, refusing empty, oversized and flooding submissions with messages a person can read.
 */
import type { Browser, BrowserContext } from '@playwright/test';
import { TABLET, collectionTablet, propose } from './collection.helpers';
import { ADMIN, DEMO_MEETING_ID, expect, test } from './fixtures';

const PHONE = { width: 390, height: 844 };
const MEETING = DEMO_MEETING_ID;

/** Demo roster (realtime/meeting/demo-meeting.ts): d001 王建国 and d007 赵晓东 of 城东, d002 李秀英 of 城西. */
const EAST = { id: 'd001', group: '城东代表小组', coSigner: 'd007' };
const WEST = { id: 'd002', group: '城西代表小组' };

async function context(browser: Browser, viewport: { width: number; height: number }): Promise<BrowserContext> {
	return browser.newContext({ viewport });
}

test('two groups propose from their tablets, the clerk merges, selects and orders, and the host finds them in the queue', async ({ browser, server }) => {
	test.setTimeout(120_000);
	const url = (path: string) => `${server.url}${path}`;

	const staff = await context(browser, TABLET);
	expect((await staff.request.post(url('/api/auth/login'), { data: ADMIN })).ok()).toBe(true);
	const rows: { memberId: string; code: string }[] = (await (await staff.request.post(url(`/api/meetings/${MEETING}/pairing/issue`), { data: { memberIds: [EAST.id, WEST.id] } })).json()).data;

	// The review page is open before anything is proposed: proposals appear on it by themselves.
	const review = await staff.newPage();
	await review.goto(url(`/console/${MEETING}/collection`));
	await expect(review.getByTestId('collection-summary')).toContainText('每组限提 2 个问题');
	await expect(review.getByTestId('review-proposal')).toHaveCount(0);

	const codeOf = (memberId: string) => rows.find((r) => r.memberId === memberId)!.code;
	const east = await collectionTablet(browser, url, MEETING, codeOf(EAST.id));
	const west = await collectionTablet(browser, url, MEETING, codeOf(WEST.id));

	await propose(east, { topic: '加装电梯进度', respondentId: 'r-housing', text: '老旧小区加装电梯今年完成多少台？审批慢的原因是什么？', coSigner: EAST.coSigner });
	await expect(east.getByTestId('collection-group-quota')).toHaveAttribute('data-used', '1');
	await propose(west, { topic: '西区加装电梯', respondentId: 'r-housing', text: '城西片区加装电梯资金补贴何时到位？' });
	await propose(west, { topic: '社区食堂', respondentId: 'r-civil', text: '社区长者食堂覆盖率和运营补贴如何保障？' });
	// 城西 has used its quota of two: the tablet says so instead of offering the form.
	await expect(west.getByTestId('collection-full')).toBeVisible();
	await expect(west.getByTestId('collection-question-form')).toHaveCount(0);
	await expect(west.getByTestId('collection-group-quota')).toHaveAttribute('data-used', '2');

	const proposal = (topic: string) => review.locator(`[data-testid="review-proposal"][data-topic="${topic}"]`);
	await expect(review.getByTestId('review-proposal')).toHaveCount(3);
	const ids = {
		lift: await proposal('加装电梯进度').getAttribute('data-proposal-id'),
		westLift: await proposal('西区加装电梯').getAttribute('data-proposal-id'),
		canteen: await proposal('社区食堂').getAttribute('data-proposal-id')
	};

	// 城西's lift question duplicates 城东's: merged, the target carries both groups.
	review.once('dialog', (dialog) => void dialog.accept());
	await proposal('西区加装电梯').getByTestId('review-merge').selectOption(ids.lift!);
	await expect(proposal('加装电梯进度').getByTestId('review-groups')).toHaveText(`${EAST.group} + ${WEST.group}`);
	await expect(west.locator(`[data-testid="collection-proposal"][data-proposal-id="${ids.westLift}"]`)).toHaveAttribute('data-status', 'merged');

	// Select both, then put the canteen first and give the lift question to its co-signer to ask.
	await proposal('加装电梯进度').getByTestId('review-select').click();
	await expect(review.getByTestId('selection-row')).toHaveCount(1);
	await proposal('社区食堂').getByTestId('review-select').click();
	await expect(review.getByTestId('selection-row')).toHaveCount(2);
	await review.getByTestId('selection-row').nth(1).getByTestId('selection-up').click();
	await expect(review.getByTestId('selection-row').first()).toHaveAttribute('data-proposal-id', ids.canteen!);
	await review.getByTestId('selection-row').nth(1).getByTestId('selection-asker').selectOption(EAST.coSigner);
	await expect(review.getByTestId('selection-row').nth(1).getByTestId('selection-asker')).toHaveValue(EAST.coSigner);
	await expect(east.locator(`[data-testid="collection-proposal"][data-proposal-id="${ids.lift}"]`)).toHaveAttribute('data-status', 'selected');

	await review.getByTestId('adopt').click();
	await expect(review.getByTestId('adopt-confirm-note')).toContainText('替换');
	await review.getByTestId('adopt-confirm').click();
	await expect(review.getByTestId('adopt-done')).toContainText('已将 2 个问题写入');

	// They are the inquiry's prepared questions now, in that order, with those askers.
	const plan = (await (await staff.request.get(url(`/api/meetings/${MEETING}`))).json()).data;
	const inquiry = plan.agenda.find((i: { id: string }) => i.id === 'a2-inquiry');
	expect(inquiry.questions.map((q: { topic: string; asker: { id: string } }) => [q.topic, q.asker.id])).toEqual([
		['社区食堂', WEST.id],
		['加装电梯进度', EAST.coSigner]
	]);

	// The host's run page has them in the queue.
	const host = await staff.newPage();
	await host.goto(url(`/console/${MEETING}/run`));
	await expect(host.getByTestId('queue-row')).toHaveCount(2);
	await expect(host.getByTestId('queue-row').first()).toHaveAttribute('data-entry-id', `c-${ids.canteen}`);
	await expect(host.getByTestId('queue-row').nth(1)).toHaveAttribute('data-entry-id', `c-${ids.lift}`);

	// And the tablets show the new list under the inquiry item.
	await east.locator('[data-testid="tablet-agenda-item"][data-item-id="a2-inquiry"]').click();
	await expect(east.getByTestId('tablet-question')).toHaveCount(2);
	await expect(east.getByTestId('tablet-question').first()).toContainText('社区食堂');
});

test('the clerk lowers the group quota in the settings form and the tablet is refused; invalid or stale values change nothing', async ({ browser, server }) => {
	test.setTimeout(90_000);
	const url = (path: string) => `${server.url}${path}`;
	const collectionUrl = url(`/api/meetings/${MEETING}/collection`);

	const staff = await context(browser, TABLET);
	expect((await staff.request.post(url('/api/auth/login'), { data: ADMIN })).ok()).toBe(true);
	const rows: { memberId: string; code: string }[] = (await (await staff.request.post(url(`/api/meetings/${MEETING}/pairing/issue`), { data: { memberIds: [EAST.id] } })).json()).data;
	const east = await collectionTablet(browser, url, MEETING, rows[0]!.code);
	await propose(east, { topic: '加装电梯进度', respondentId: 'r-housing', text: '老旧小区加装电梯今年完成多少台？' });
	await expect(east.getByTestId('collection-group-quota')).toHaveAttribute('data-used', '1');
	await expect(east.getByTestId('collection-question-form')).toBeVisible();

	const review = await staff.newPage();
	await review.goto(url(`/console/${MEETING}/collection`));
	const panel = review.getByTestId('collection-settings');
	const field = (key: string) => review.getByTestId(`collection-setting-${key}`);
	const issue = (key: string) => review.getByTestId(`collection-setting-issue-${key}`);
	const status = review.getByTestId('collection-settings-status');
	const current = async () => (await (await staff.request.get(collectionUrl)).json()).data as { version: number; settings: Record<string, unknown> };

	// A proposal has come in: the settings are folded to their summary, and open to every field.
	await expect(review.getByTestId('collection-settings-brief')).toContainText('每组限提 2 个问题');
	await expect(field('questionsPerGroup')).toBeHidden();
	await panel.locator('summary').click();
	await expect(field('questionsPerGroup')).toHaveValue('2');
	await expect(field('suggestionTextMax')).toHaveValue('500');
	await expect(field('questionsOpen')).toBeChecked();

	await field('questionsPerGroup').fill('1');
	await expect(status).toHaveAttribute('data-dirty', 'true');
	await review.getByTestId('collection-settings-save').click();
	await expect(status).toContainText('已保存');
	await expect(review.getByTestId('collection-summary')).toContainText('每组限提 1 个问题');

	// The tablet hears of it: its group has used its one question and the form gives way to the quota message…
	await expect(east.getByTestId('collection-group-quota')).toHaveAttribute('data-limit', '1');
	await expect(east.getByTestId('collection-full')).toContainText('本组已提满 1 个问题');
	await expect(east.getByTestId('collection-question-form')).toHaveCount(0);
	// …and the server refuses the tablet's session a second question with it.
	const second = await east.request.post(`${collectionUrl}/questions`, { data: { topic: '社区食堂', respondentIds: ['r-civil'], text: '社区长者食堂覆盖率如何？' } });
	expect(second.status()).toBe(409);
	expect((await second.json()).error.message.zh).toContain('达到每组 1 个的上限');

	// Out-of-bounds numbers: each field says its bounds, in both languages, and nothing is saved.
	const before = await current();
	await field('questionsPerGroup').fill('500');
	await field('suggestionTextMin').fill('0');
	await review.getByTestId('collection-settings-save').click();
	await expect(issue('questionsPerGroup')).toContainText('须为 0 至 50 之间的整数');
	await expect(issue('questionsPerGroup')).toContainText('A whole number from 0 to 50');
	await expect(issue('suggestionTextMin')).toContainText('须为 1 至 200 之间的整数');
	await expect(field('questionsPerGroup')).toHaveAttribute('aria-invalid', 'true');
	await expect(review.getByTestId('collection-settings-invalid')).toContainText('有 2 项设置不正确');
	await expect(issue('suggestionTitleMax')).toHaveCount(0);
	expect(await current()).toEqual(before);
	// Correcting a field takes its message away; undoing brings back what is saved.
	await field('suggestionTextMin').fill('10');
	await expect(issue('suggestionTextMin')).toHaveCount(0);
	await expect(review.getByTestId('collection-settings-invalid')).toContainText('有 1 项设置不正确');
	await review.getByRole('button', { name: '撤销修改' }).click();
	await expect(field('questionsPerGroup')).toHaveValue('1');
	await expect(issue('questionsPerGroup')).toHaveCount(0);

	// A deputy's project moves the collection's version but not its settings: the clerk's save still goes through.
	await field('suggestionsPerHour').fill('5');
	expect((await east.request.post(`${collectionUrl}/projects`, { data: { title: '社区长者食堂', summary: '在城东新建两处长者食堂。' } })).status()).toBe(201);
	await review.getByTestId('collection-settings-save').click();
	await expect(status).toContainText('已保存');
	expect((await current()).settings).toMatchObject({ questionsPerGroup: 1, suggestionsPerHour: 5 });

	// Another clerk changes the settings meanwhile: the save is refused, the current values shown, and the clerk told.
	await field('suggestionTitleMax').fill('60');
	const latest = await current();
	expect((await staff.request.put(`${collectionUrl}/settings`, { data: { baseVersion: latest.version, settings: { ...latest.settings, projectsPerDeputy: 3 } } })).ok()).toBe(true);
	await review.getByTestId('collection-settings-save').click();
	await expect(review.getByTestId('collection-settings-error')).toContainText('征集设置刚被他人修改，已载入当前设置');
	await expect(field('projectsPerDeputy')).toHaveValue('3');
	await expect(field('suggestionTitleMax')).toHaveValue('40');
	expect((await current()).settings).toMatchObject({ projectsPerDeputy: 3, suggestionTitleMax: 40, suggestionsPerHour: 5 });
});

test('the public form, reached from the public page, refuses empty, oversized and flooding submissions with clear messages', async ({ browser, server }) => {
	const url = (path: string) => `${server.url}${path}`;
	const phone = await (await context(browser, PHONE)).newPage();
	await phone.goto(url(`/live/${MEETING}`));
	await expect(phone.getByTestId('suggest-invite').locator('svg')).toBeVisible();
	await phone.getByTestId('suggest-link').click();
	await expect(phone).toHaveURL(url(`/suggest/${MEETING}`));

	const error = phone.getByTestId('suggest-error');
	await phone.getByTestId('suggest-submit').click();
	await expect(error).toContainText('请填写建议的标题。');
	await expect(error).toContainText('Give your suggestion a title.');
	await expect(phone.getByTestId('suggest-text-issue')).toHaveText('请填写建议的内容。');

	await phone.getByTestId('suggest-title').fill('东门路段增设路灯');
	await phone.getByTestId('suggest-text').fill('灯'.repeat(501));
	await phone.getByTestId('suggest-submit').click();
	await expect(error).toContainText('建议内容最多 500 个字，现有 501 个字');
	await expect(error).toContainText('at most 500 characters');

	for (let n = 1; n <= 3; n++) {
		if (n > 1) await phone.getByTestId('suggest-again').click();
		await phone.getByTestId('suggest-title').fill(`增设路灯第${n}处`);
		await phone.getByTestId('suggest-text').fill(`东门路段夜间照明不足，建议增设路灯第${n}处。`);
		await phone.getByTestId('suggest-submit').click();
		await expect(phone.getByTestId('suggest-thanks')).toBeVisible();
	}
	await phone.getByTestId('suggest-again').click();
	await phone.getByTestId('suggest-title').fill('再提一条');
	await phone.getByTestId('suggest-text').fill('这是一小时内的第四条建议，应当被拒绝。');
	await phone.getByTestId('suggest-submit').click();
	await expect(error).toHaveAttribute('data-code', 'RATE_LIMITED');
	await expect(error).toContainText('每小时最多提交 3 条建议');
	await expect(error).toContainText('at most 3 an hour');
	// What the person wrote stays in the form, so it is not lost.
	await expect(phone.getByTestId('suggest-title')).toHaveValue('再提一条');

	// Only the three accepted ones reached the clerk, all waiting for review.
	const staff = await context(browser, TABLET);
	expect((await staff.request.post(url('/api/auth/login'), { data: ADMIN })).ok()).toBe(true);
	const pool = await staff.newPage();
	await pool.goto(url(`/console/${MEETING}/pool`));
	await expect(pool.getByTestId('pool-pending')).toHaveCount(3);
	await pool.getByTestId('pool-pending').first().getByTestId('pool-approve').click();
	await expect(pool.getByTestId('pool-pending')).toHaveCount(2);
	await expect(pool.getByTestId('pool-item').filter({ hasText: '增设路灯第1处' })).toBeVisible();

	// The approved one is now public on the form's page, with the pool; the two still waiting are not.
	await phone.reload();
	await expect(phone.getByTestId('suggest-pool-item').filter({ hasText: '增设路灯第1处' })).toContainText('群众建议');
	await expect(phone.getByTestId('suggest-pool')).not.toContainText('增设路灯第2处');
	await expect(phone.getByTestId('suggest-pool')).not.toContainText('增设路灯第3处');
	await phone.screenshot({ path: test.info().outputPath('suggest-pool.png'), fullPage: true });
});
