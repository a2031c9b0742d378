/**
 * Issue 3's whole path, as people do it: a clerk logs in, imports the county's 212 deputies from an
 * .xlsx, builds the demo meeting's agenda, prints the pairing sheet, and three tablets pair in three
 * browser contexts, each seeing only what a deputy may see.
 */
import type { Browser, Page } from '@playwright/test';
import { buildRosterXlsx, demoRosterRows } from '../realtime/roster/roster-fixtures';
import { ADMIN, DEMO_MEETING_ID, expect, test } from './fixtures';

const CLERK = { username: 'clerk-li', password: 'clerk-password-2026', displayName: '李文书' };
const TABLET = { width: 1280, height: 800 };

async function tablet(browser: Browser): Promise<Page> {
	const context = await browser.newContext({ viewport: TABLET, hasTouch: true });
	return context.newPage();
}

test('a clerk prepares the demo meeting and three tablets pair, each seeing only a deputy’s view', async ({ browser, page, server }) => {
	test.setTimeout(120_000);
	const rows = demoRosterRows(212);

	// The administrator gives the clerk an account.
	const admin = await page.request.post(`${server.url}/api/auth/login`, { data: ADMIN });
	expect(admin.ok()).toBe(true);
	const account = await page.request.post(`${server.url}/api/accounts`, { data: { ...CLERK, role: 'clerk', admin: false } });
	expect(account.status()).toBe(201);
	await page.context().clearCookies();

	// The clerk opens the console and is sent to the log-in page first.
	await page.setViewportSize(TABLET);
	await page.goto(`${server.url}/console`);
	await expect(page).toHaveURL(/\/login/);
	await page.getByLabel('用户名').fill(CLERK.username);
	await page.getByLabel('密码').fill(CLERK.password);
	await page.getByTestId('login-submit').click();
	await expect(page).toHaveURL(/\/console$/);

	// Roster: the county's 212 deputies from Excel replace the demo's 36.
	await page.getByTestId('body-link-demo-congress').click();
	await page.getByTestId('roster-file').setInputFiles({
		name: '县人大代表名册.xlsx',
		mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
		buffer: Buffer.from(await buildRosterXlsx(rows))
	});
	await page.getByTestId('roster-import').click();
	await expect(page.getByTestId('report-count')).toContainText('212');
	await expect(page.getByTestId('roster-count')).toContainText('212');

	// Agenda: the six prepared questions' askers left with the old roster; the clerk picks new ones.
	await page.goto(`${server.url}/console/${DEMO_MEETING_ID}/agenda`);
	await expect(page.getByTestId('agenda-retired-askers')).toBeVisible();
	const questions = page.getByTestId('question');
	await expect(questions).toHaveCount(6);
	const askers = [rows[0]!, rows[30]!, rows[60]!, rows[90]!, rows[120]!, rows[150]!];
	for (const [i, asker] of askers.entries()) {
		const question = questions.nth(i);
		await question.getByTestId('question-asker-search').fill(asker.name);
		await question.getByTestId('question-asker').selectOption({ label: `${asker.name} · 座位 ${asker.seat}` });
	}
	await page.getByTestId('agenda-save').click();
	await expect(page.getByTestId('agenda-status')).toHaveAttribute('data-dirty', 'false');
	await expect(page.getByTestId('agenda-retired-askers')).toHaveCount(0);
	await page.reload();
	await expect(page.getByTestId('question').first().getByTestId('question-asker-chosen')).toContainText(askers[0]!.name);

	// Pairing: codes for everyone, then the printable sheet with a card and a QR code per deputy.
	await page.goto(`${server.url}/console/${DEMO_MEETING_ID}/pairing`);
	await page.getByTestId('pairing-issue-all').click();
	await expect(page.getByTestId('pairing-code').first()).not.toBeEmpty();
	await page.getByTestId('pairing-sheet-link').click();
	await page.emulateMedia({ media: 'print' });
	const cards = page.getByTestId('pairing-card');
	await expect(cards).toHaveCount(212);
	await expect(cards.first().locator('svg')).toBeVisible();
	await expect(page.getByTestId('sheet-print')).toBeHidden();
	const codeOf = async (name: string) => (await page.getByTestId('pairing-card').filter({ hasText: name }).first().getAttribute('data-code'))!;
	const deputies = [rows[10]!, rows[11]!, rows[12]!];
	const codes = await Promise.all(deputies.map((d) => codeOf(d.name)));
	expect(new Set(codes).size).toBe(3);

	// Three tablets: one scans the QR link, one types the code, one types it in lower case with a dash.
	const [t1, t2, t3] = await Promise.all([tablet(browser), tablet(browser), tablet(browser)]);
	await t1.goto(`${server.url}/pair?code=${codes[0]}&meeting=${DEMO_MEETING_ID}`);
	await t2.goto(`${server.url}/pair`);
	await t2.getByTestId('pair-code').fill(codes[1]!);
	await t2.getByTestId('pair-submit').click();
	await t3.goto(`${server.url}/pair`);
	await t3.getByTestId('pair-code').fill(`${codes[2]!.slice(0, 4)}-${codes[2]!.slice(4)}`.toLowerCase());
	await t3.getByTestId('pair-submit').click();

	for (const [i, t] of [t1, t2, t3].entries()) {
		await expect(t).toHaveURL(new RegExp(`/tablet/${DEMO_MEETING_ID}$`));
		await expect(t.getByTestId('tablet-self')).toContainText(deputies[i]!.name);
		await expect(t.getByTestId('tablet-self')).toContainText(deputies[i]!.seat);
		// A deputy sees the agenda and the prepared questions with their askers.
		await t.getByTestId('tablet-agenda-item').nth(1).click();
		await expect(t.getByTestId('tablet-question')).toHaveCount(6);
		await expect(t.getByTestId('tablet-question').first()).toContainText(askers[0]!.name);
		// …but not the roster: no other deputy's seat or 代表证号 is anywhere on the page.
		const text = await t.locator('body').innerText();
		for (const other of deputies.filter((_, j) => j !== i)) expect(text).not.toContain(other.name);
		for (const d of deputies) if (d.deputyNumber) expect(text).not.toContain(d.deputyNumber);
		// …and the server refuses the staff's routes and pages to the tablet's session.
		for (const path of [`/api/meetings/${DEMO_MEETING_ID}/pairing`, '/api/bodies/demo-congress', `/api/meetings/${DEMO_MEETING_ID}/log`]) {
			expect((await t.request.get(`${server.url}${path}`)).status()).toBe(403);
		}
	}
	await t1.goto(`${server.url}/console/${DEMO_MEETING_ID}`);
	await expect(t1).toHaveURL(/\/login/);

	// A code is used once: a fourth tablet typing the first code is refused in words.
	const t4 = await tablet(browser);
	await t4.goto(`${server.url}/pair`);
	await t4.getByTestId('pair-code').fill(codes[0]!);
	await t4.getByTestId('pair-submit').click();
	await expect(t4.getByTestId('error-notice')).toContainText('已经使用');

	// The public page shows the agenda, not the questions.
	const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true })).newPage();
	await phone.goto(`${server.url}/live/${DEMO_MEETING_ID}`);
	await expect(phone.getByTestId('public-agenda-item')).toHaveCount(5);
	expect(await phone.locator('body').innerText()).not.toContain('加装电梯推进慢');

	// Back in the console, the clerk sees the three tablets paired.
	await page.emulateMedia({ media: 'screen' });
	await page.goto(`${server.url}/console/${DEMO_MEETING_ID}/pairing`);
	await expect(page.getByTestId('pairing-paired-count')).toHaveText('3');
});
