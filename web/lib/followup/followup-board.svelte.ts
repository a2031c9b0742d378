/**
 * The follow-up items (跟踪督办) as this client sees them, for every board: the clerks' tracking board, the
 * department portal, the deputy's tablet and the public disclosure board. It watches on every
 * (re)connection, so a board that comes back after a drop is whole again at once; changed items and the
 * notifications meant for this viewer arrive live. Steps of an item go over REST and answer with the
 * item as saved, which replaces the one on screen.
 */
import { api, upload } from '$lib/api/api-client';
import type { LiveConnection } from '$lib/live/live-connection.svelte';
import type { FollowupCommand, FollowupNotice, FollowupView, FollowupWatchReply } from '$shared/followup.schema';
import type { AppError } from '$shared/result';
import { compareItems } from './followup-text';

/** Notifications kept on screen, newest first. */
const NOTICES_KEPT = 60;

export class FollowupBoard {
	/** Every item, in the boards' order (overdue first). */
	items = $state<FollowupView[]>([]);
	/** Who this viewer is to the items: a respondent's department, a deputy's member id. */
	me = $state<FollowupWatchReply['me']>({ department: null, memberId: null });
	/** Notifications to this viewer, newest first: those that arrived live, after any loaded history. */
	notices = $state<FollowupNotice[]>([]);
	/** Whether the first watch has answered. */
	loaded = $state(false);
	/** The last refusal (a watch, a step, an upload), until the next success. */
	error = $state<AppError | null>(null);
	/** The item whose step is on its way, for its buttons. */
	acting = $state<string | null>(null);
	/**
	 * The follow-up clock's lead over server time. Deadlines are measured by it; it only moves on a
	 * test or demonstration server, and every notice and change carries its time, so it is kept up to
	 * date from them too.
	 */
	clockOffsetMs = $state(0);

	constructor(readonly connection: LiveConnection) {
		connection.onConnect(() => void this.watch());
		connection.socket.on('followup:changed', (item) => {
			this.#noteTime(item.updatedAt);
			this.#put(item);
		});
		connection.socket.on('followup:notice', (notice) => {
			this.#noteTime(notice.at);
			if (this.notices.some((n) => n.id === notice.id)) return;
			this.notices = [notice, ...this.notices].slice(0, NOTICES_KEPT);
		});
	}

	/** Now by the follow-up clock, as best this client knows it. */
	now(serverNow: number = this.connection.serverNow()): number {
		return serverNow + this.clockOffsetMs;
	}

	item(itemId: string | null): FollowupView | undefined {
		return itemId ? this.items.find((i) => i.id === itemId) : undefined;
	}

	async watch(): Promise<void> {
		const result = await this.connection.command('followup:watch', {});
		if (!result.ok) {
			this.error = result.error;
			return;
		}
		this.me = result.data.me;
		this.clockOffsetMs = result.data.clockOffsetMs;
		// Keep whichever copy of an item is newer: a change can cross the watch's answer.
		const byId = new Map(this.items.map((i) => [i.id, i]));
		this.items = result.data.items.map((i) => (byId.get(i.id)?.version ?? -1) > i.version ? byId.get(i.id)! : i).sort(compareItems);
		this.loaded = true;
		this.error = null;
	}

	/** Adds notices fetched over REST (a clerk's recent history) below the live ones. */
	addHistory(history: readonly FollowupNotice[]): void {
		const known = new Set(this.notices.map((n) => n.id));
		this.notices = [...this.notices, ...history.filter((n) => !known.has(n.id))].sort((a, b) => b.at - a.at).slice(0, NOTICES_KEPT);
	}

	/** One step of an item's lifecycle, from the version on screen; true once saved. */
	async act(item: FollowupView, command: FollowupCommand): Promise<boolean> {
		if (this.acting) return false;
		this.acting = item.id;
		try {
			const result = await api<FollowupView>('POST', `/followups/items/${item.id}/act`, { baseVersion: item.version, command });
			if (!result.ok) {
				this.error = result.error;
				// Refused because the item moved on: show it as it is now.
				if (result.error.code === 'CONFLICT') await this.refresh(item.id);
				return false;
			}
			this.error = null;
			this.#put(result.data);
			return true;
		} finally {
			this.acting = null;
		}
	}

	/** Attaches a file (the written reply, PDF or image) to an item; true once saved. */
	async attach(item: FollowupView, file: File): Promise<boolean> {
		if (this.acting) return false;
		this.acting = item.id;
		try {
			const result = await upload<FollowupView>(`/followups/items/${item.id}/attachments`, file, { name: file.name });
			if (!result.ok) {
				this.error = result.error;
				return false;
			}
			this.error = null;
			this.#put(result.data);
			return true;
		} finally {
			this.acting = null;
		}
	}

	async refresh(itemId: string): Promise<void> {
		const result = await api<FollowupView>('GET', `/followups/items/${itemId}`);
		if (result.ok) this.#put(result.data);
	}

	dismissError(): void {
		this.error = null;
	}

	#put(item: FollowupView): void {
		const at = this.items.findIndex((i) => i.id === item.id);
		if (at >= 0 && this.items[at]!.version > item.version) return;
		const next = at >= 0 ? this.items.map((i, k) => (k === at ? item : i)) : [...this.items, item];
		this.items = next.sort(compareItems);
	}

	#noteTime(at: number): void {
		const lead = at - this.connection.serverNow();
		if (lead > this.clockOffsetMs) this.clockOffsetMs = lead;
	}
}

/** The link to an attachment's file. */
export function attachmentHref(itemId: string, attachmentId: string): string {
	return `/api/followups/items/${encodeURIComponent(itemId)}/attachments/${encodeURIComponent(attachmentId)}`;
}

/**
 * Now by the follow-up clock, for a screen of deadlines: read again every `everyMs` (deadlines are days
 * long), and at once when the clock's offset changes. Call while a component is being set up.
 */
export function followupClock(board: FollowupBoard, everyMs = 30_000): { readonly now: number } {
	let tick = $state(0);
	$effect(() => {
		const timer = setInterval(() => tick++, everyMs);
		return () => clearInterval(timer);
	});
	const now = $derived.by(() => {
		void tick;
		return board.now();
	});
	return {
		get now() {
			return now;
		}
	};
}
