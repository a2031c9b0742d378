/**
 * The signed-in host or clerk behind a console page. Console pages call `requireStaff()` while they
 * initialise: anyone else is sent to the log-in page, which brings them back here afterwards.
 */
import { getContext, setContext } from 'svelte';
import { goto } from '$app/navigation';
import { page } from '$app/state';
import { api } from '$lib/api/api-client';
import type { Principal } from '$shared/identity.schema';
import type { AppError } from '$shared/result';

const CONTEXT_KEY = Symbol('staff-session');

export class StaffSession {
	/** Null until /api/auth/me has answered for a host or clerk. */
	principal = $state<Principal | null>(null);
	/** Set when the check could not be made at all (server unreachable); a refusal redirects instead. */
	error = $state<AppError | null>(null);
	busy = $state(false);

	async check(): Promise<void> {
		const result = await api<Principal>('GET', '/auth/me');
		if (result.ok && (result.data.role === 'host' || result.data.role === 'clerk')) {
			this.principal = result.data;
			this.error = null;
			return;
		}
		// A deputy's or respondent's session is no staff session either: they log in as staff here.
		if (result.ok || result.error.code === 'UNAUTHENTICATED' || result.error.code === 'FORBIDDEN') {
			await goto(`/login?next=${encodeURIComponent(page.url.pathname + page.url.search)}`, { replaceState: true });
			return;
		}
		this.error = result.error;
	}

	async logout(): Promise<void> {
		this.busy = true;
		const result = await api<null>('POST', '/auth/logout');
		this.busy = false;
		if (!result.ok) {
			this.error = result.error;
			return;
		}
		this.principal = null;
		await goto('/login');
	}
}

/**
 * The staff session for this page, checked once: the page and the ConsoleShell inside it share it
 * through context, so a page that needs the principal (e.g. to show admin links) asks only once.
 * Call during component initialisation.
 */
export function requireStaff(): StaffSession {
	const existing = getContext<StaffSession | undefined>(CONTEXT_KEY);
	if (existing) return existing;
	const session = new StaffSession();
	setContext(CONTEXT_KEY, session);
	void session.check();
	return session;
}

/** Chinese and English names of the staff roles, for headers and account lists. */
export const STAFF_ROLE_LABELS: Record<string, { zh: string; en: string }> = {
	host: { zh: '主持人', en: 'Host' },
	clerk: { zh: '工作人员', en: 'Clerk' }
};
