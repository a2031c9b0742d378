/**
 * A deputy's tablet in the 征集 (question collection) panel, as browser tests use it.
 */
import type { Browser, Page } from '@playwright/test';
import { expect } from './fixtures';

export const TABLET = { width: 1280, height: 800 };

/** A tablet paired with `code`, its 征集 panel open with the group's quota not yet used. */
export async function collectionTablet(browser: Browser, url: (p: string) => string, meetingId: string, code: string): Promise<Page> {
	const context = await browser.newContext({ viewport: TABLET });
	expect((await context.request.post(url('/api/auth/pair'), { data: { code } })).ok()).toBe(true);
	const page = await context.newPage();
	await page.goto(url(`/tablet/${meetingId}`));
	await page.getByTestId('tablet-collection-open').click();
	await expect(page.getByTestId('collection-group-quota')).toHaveAttribute('data-used', '0');
	return page;
}

/** Proposes one question from the open 征集 panel and waits until the tablet lists it as sent. */
export async function propose(tablet: Page, q: { topic: string; respondentId: string; text: string; coSigner?: string }): Promise<void> {
	const form = tablet.getByTestId('collection-question-form');
	await form.getByTestId('collection-topic').fill(q.topic);
	await form.locator(`[data-testid="collection-respondent"][data-respondent-id="${q.respondentId}"]`).click();
	await form.getByTestId('collection-text').fill(q.text);
	if (q.coSigner) await form.locator(`[data-testid="collection-cosigner"][data-member-id="${q.coSigner}"]`).click();
	await form.getByTestId('collection-question-submit').click();
	await expect(tablet.getByTestId('collection-sent')).toContainText(q.topic);
}
