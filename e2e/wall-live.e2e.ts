/**
 * The hall's wall and the public page follow a running inquiry: sign-in tally, the active item, the
 * question on the floor with its giant countdown (paused), the next three, what the public may not see,
 * and the chime switch. (Overtime, the raised hand and the crash are in live-inquiry.e2e.ts.)
 */
import { io, type Socket } from 'socket.io-client';
import { ADMIN, DEMO_MEETING_ID, expect, test } from './fixtures';

async function host(url: string): Promise<{ socket: Socket; cookie: string; send: (event: string, payload: unknown) => Promise<void> }> {
	const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
	const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
	const socket = io(url, { auth: { protocol: 1 }, extraHeaders: { cookie }, transports: ['websocket'] });
	await new Promise<void>((ok, ko) => { socket.on('connect', ok); socket.on('connect_error', ko); });
	const send = async (event: string, payload: unknown) => {
		const ack = await socket.timeout(5000).emitWithAck(event, payload);
		if (!ack.ok) throw new Error(`${event}: ${JSON.stringify(ack.error)}`);
	};
	await send('meeting:join', { meetingId: DEMO_MEETING_ID });
	return { socket, cookie, send };
}

test('the wall and the public page follow the inquiry live', async ({ browser, page, server }) => {
	const h = await host(server.url);
	const access = await (await fetch(`${server.url}/api/meetings/${DEMO_MEETING_ID}/access`, { headers: { cookie: h.cookie } })).json();
	await page.setViewportSize({ width: 1920, height: 1080 });
	await page.goto(`${server.url}/screen/${DEMO_MEETING_ID}?token=${access.data.screenToken}`);
	const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true })).newPage();
	await phone.goto(`${server.url}/live/${DEMO_MEETING_ID}`);

	await h.send('sign-in:toggle', { open: true });
	for (const memberId of ['d001', 'd002']) await h.send('roll:record', { memberId, action: 'sign-in' });
	for (const [p, prefix] of [[page, 'wall'], [phone, 'live']] as const) {
		const tally = p.getByTestId(`${prefix}-attendance`);
		await expect(tally).toHaveAttribute('data-present', '2');
		await expect(tally).toHaveAttribute('data-expected', '36');
		await expect(tally).toHaveAttribute('data-absent', '34');
		await expect(tally).toHaveAttribute('data-quorum-met', 'false');
	}

	await h.send('agenda:control', { itemId: 'a2-inquiry', action: 'activate' });
	await expect(page.getByTestId('wall-active-item')).toHaveText('民生实事项目推进情况专题询问');
	await expect(phone.getByTestId('live-active-item')).toHaveText('民生实事项目推进情况专题询问');
	await expect(page.getByTestId('wall-next-item')).toHaveCount(3);
	await expect(page.getByTestId('wall-next-item').first()).toContainText('老旧小区改造');

	await h.send('question:step', { entryId: 'q1', from: 'queued', action: { type: 'call' } });
	await expect(page.getByTestId('wall-current-topic')).toHaveText('老旧小区改造');
	await expect(page.getByTestId('wall-active-item')).toHaveText('民生实事项目推进情况专题询问');
	await expect(page.getByTestId('wall-phase')).toHaveAttribute('data-phase', 'asking');
	await expect(page.getByTestId('wall-asker')).toContainText('王建国');
	await expect(page.getByTestId('wall-respondent')).toContainText('李明远');
	await expect(page.getByTestId('wall-respondent')).toContainText('市住房和城乡建设局局长');
	await expect(page.getByTestId('wall-countdown')).toHaveAttribute('data-state', 'running');
	await expect(page.getByTestId('wall-next-item').first()).toContainText('社区养老服务');
	await expect(phone.getByTestId('live-current-topic')).toHaveText('老旧小区改造');
	await expect(phone.getByTestId('live-phase')).toHaveAttribute('data-phase', 'asking');
	await expect(phone.getByTestId('live-countdown')).toHaveAttribute('data-state', 'running');
	await expect(phone.getByTestId('live-next-item')).toHaveCount(3);
	expect(await phone.locator('body').innerText()).not.toContain('加装电梯推进慢');
	const box = await page.getByTestId('wall-countdown').boundingBox();
	expect(box!.height).toBeGreaterThanOrEqual(300);
	expect(box!.y + box!.height).toBeLessThanOrEqual(1080);

	await h.send('clock:control', { entryId: 'q1', from: 'asking', op: 'pause' });
	await expect(page.getByTestId('wall-countdown')).toHaveAttribute('data-state', 'paused');
	await expect(page.getByTestId('wall-clock-note')).toContainText('暂停');
	await expect(phone.getByTestId('live-countdown')).toHaveAttribute('data-state', 'paused');

	await h.send('question:step', { entryId: 'q1', from: 'asking', action: { type: 'answer' } });
	await expect(page.getByTestId('wall-phase')).toHaveAttribute('data-phase', 'answering');
	await expect(phone.getByTestId('live-phase')).toHaveAttribute('data-phase', 'answering');
	await expect(page.getByTestId('wall-speaker')).toContainText('李明远');

	await h.send('question:step', { entryId: 'q1', from: 'answering', action: { type: 'follow-up', askerId: 'd007' } });
	await expect(page.getByTestId('wall-phase')).toHaveAttribute('data-phase', 'follow-up-asking');
	await expect(page.getByTestId('wall-asker')).toContainText('赵晓东');
	await expect(phone.getByTestId('live-asker')).toContainText('赵晓东');

	// The chime is off until someone at the wall turns it on; the choice outlives a reload.
	const chime = page.getByTestId('wall-chime-toggle');
	await expect(chime).toHaveAttribute('data-state', 'off');
	await chime.click();
	await expect(chime).toHaveAttribute('aria-pressed', 'true');
	await page.reload();
	await expect(page.getByTestId('wall-chime-toggle')).toHaveAttribute('aria-pressed', 'true');
	await expect(page.getByTestId('wall-asker')).toContainText('赵晓东');
	h.socket.close();
});
