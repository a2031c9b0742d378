import { DEMO_MEETING_ID, expect, test } from './fixtures';

const beijingTime = (ms: number) =>
	new Intl.DateTimeFormat('zh-CN', { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false, timeZone: 'Asia/Shanghai' }).format(ms);

function seconds(hms: string): number {
	const [h, m, s] = hms.split(':').map(Number);
	return h! * 3600 + m! * 60 + s!;
}

test('the wall screen shows server time, notices a stopped server and reconnects by itself', async ({ page, server }) => {
	await page.setViewportSize({ width: 1920, height: 1080 });
	await page.goto(`${server.url}/screen/${DEMO_MEETING_ID}`);

	const status = page.getByTestId('connection-status');
	const clock = page.getByTestId('server-clock');
	await expect(status).toHaveAttribute('data-status', 'connected');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('2026年年中人代会 民生实事专题询问');
	await expect(clock).toHaveAttribute('data-synced', 'true');
	// The server runs on this machine, so its clock is ours: the screen must show it to the second.
	const shown = seconds((await clock.textContent())!);
	expect(Math.abs(shown - seconds(beijingTime(Date.now())))).toBeLessThanOrEqual(2);

	// Remember this page load, to prove later that it came back without a reload.
	await page.evaluate(() => ((window as unknown as { loadMarker: string }).loadMarker = 'first-load'));

	await server.stop();
	await expect(status).toHaveAttribute('data-status', 'reconnecting');
	await expect(page.getByTestId('offline-banner')).toBeVisible();

	await server.start();
	await expect(status).toHaveAttribute('data-status', 'connected', { timeout: 15_000 });
	await expect(page.getByTestId('offline-banner')).toHaveCount(0);
	expect(await page.evaluate(() => (window as unknown as { loadMarker?: string }).loadMarker)).toBe('first-load');
});

test('the wall screen shows server time even when the screen computer’s own clock is wrong', async ({ page, server }) => {
	const threeHoursAgo = Date.now() - 3 * 3600_000;
	await page.clock.install({ time: threeHoursAgo });
	await page.clock.resume();
	await page.goto(`${server.url}/screen/${DEMO_MEETING_ID}`);
	const clock = page.getByTestId('server-clock');
	await expect(clock).toHaveAttribute('data-synced', 'true');
	const shown = seconds((await clock.textContent())!);
	expect(Math.abs(shown - seconds(beijingTime(Date.now())))).toBeLessThanOrEqual(2);
});

test('the landing page explains the roles and every role page opens on the demo meeting', async ({ page, server }) => {
	await page.goto(server.url);
	await expect(page.getByRole('heading', { level: 1 })).toContainText('问政台');
	const card = page.getByTestId('meeting-card');
	await expect(card).toContainText('2026年年中人代会 民生实事专题询问');
	const links = card.getByRole('link');
	await expect(links).toHaveCount(5);

	// The console is for staff: it asks for a log-in first and comes back afterwards.
	await page.getByTestId('meeting-card').getByRole('link', { name: '主持人控制台' }).click();
	await expect(page).toHaveURL(`${server.url}/login?next=${encodeURIComponent(`/console/${DEMO_MEETING_ID}`)}`);
	await expect(page.getByLabel('用户名')).toBeVisible();

	for (const [path, label] of [
		['tablet', '代表平板'],
		['respondent', '应询人'],
		['live', '公众直播页']
	] as const) {
		await page.goto(server.url);
		await page.getByTestId('meeting-card').getByRole('link', { name: label }).click();
		await expect(page).toHaveURL(`${server.url}/${path}/${DEMO_MEETING_ID}`);
		await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'connected');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('2026年年中人代会 民生实事专题询问');
		await expect(page.getByText('民生实事项目推进情况专题询问')).toBeVisible();
	}
});

test('a link to a meeting that does not exist says so in both languages', async ({ page, server }) => {
	await page.goto(`${server.url}/screen/no-such-meeting`);
	await expect(page.getByRole('heading', { level: 1 })).toContainText('会议 no-such-meeting 不存在');
	await expect(page.getByText('Meeting no-such-meeting does not exist')).toBeVisible();
});
