/**
 * The console's copy of a meeting's collection (征集 and 项目库): the staff view over REST, fetched
 * again when the server says it changed (a deputy proposed, another clerk decided) or the connection
 * came back. Every change is sent with the version the page showed, so a clerk acting on a stale list
 * is told to look again instead of overwriting a colleague's decision.
 */
import { api } from '$lib/api/api-client';
import type { LiveConnection } from '$lib/live/live-connection.svelte';
import type { CollectionStaffView } from '$shared/collection.schema';
import type { AppError, Result } from '$shared/result';

export class StaffCollection {
	view = $state<CollectionStaffView | null>(null);
	loadError = $state<AppError | null>(null);
	/** The last refused action, shown until the next one. */
	error = $state<AppError | null>(null);
	busy = $state(false);
	readonly base: string;

	constructor(meetingId: string, connection: LiveConnection) {
		this.base = `/meetings/${encodeURIComponent(meetingId)}/collection`;
		connection.socket.on('collection:changed', (change) => {
			if (change.meetingId === meetingId && change.version !== this.view?.version) void this.load();
		});
		connection.onConnect(() => void this.load());
	}

	async load(): Promise<void> {
		const result = await api<CollectionStaffView>('GET', this.base);
		if (result.ok) {
			if (result.data.version >= (this.view?.version ?? -1)) this.view = result.data;
			this.loadError = null;
		} else {
			this.loadError = result.error;
		}
	}

	/** Sends one change and shows a refusal on the page (`error`); see `submit`. */
	async send<T>(method: 'POST' | 'PUT', path: string, body: unknown): Promise<Result<T>> {
		this.error = null;
		const result = await this.submit<T>(method, path, body);
		if (!result.ok) this.error = result.error;
		return result;
	}

	/**
	 * Sends one change; a successful one answers with the new staff view (or is followed by a reload).
	 * A refusal is left to the caller, for a form that shows it beside its own fields.
	 */
	async submit<T>(method: 'POST' | 'PUT', path: string, body: unknown): Promise<Result<T>> {
		this.busy = true;
		const result = await api<T>(method, `${this.base}${path}`, body);
		this.busy = false;
		if (!result.ok) {
			// A stale page: show what it is now.
			if (result.error.code === 'CONFLICT') await this.load();
			return result;
		}
		const data = result.data as unknown;
		if (data && typeof data === 'object' && 'questions' in data && 'version' in data) this.view = data as CollectionStaffView;
		else await this.load();
		return result;
	}
}
