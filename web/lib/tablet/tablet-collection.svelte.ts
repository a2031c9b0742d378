/**
 * The tablet's side of question collection (征集): the deputy's view of their group's proposals and
 * quota, fetched over REST with the tablet's session and fetched again whenever the server says the
 * collection changed (a groupmate proposed, staff merged or selected) or the connection came back.
 */
import { api } from '$lib/api/api-client';
import type { LiveConnection } from '$lib/live/live-connection.svelte';
import type { CollectionDeputyView, ProjectPropose, QuestionPropose } from '$shared/collection.schema';
import type { AppError, Result } from '$shared/result';

export class TabletCollection {
	view = $state<CollectionDeputyView | null>(null);
	error = $state<AppError | null>(null);
	readonly #base: string;

	constructor(meetingId: string, connection: LiveConnection) {
		this.#base = `/meetings/${encodeURIComponent(meetingId)}/collection`;
		connection.socket.on('collection:changed', (change) => {
			if (change.meetingId === meetingId && change.version !== this.view?.version) void this.load();
		});
		connection.onConnect(() => void this.load());
	}

	async load(): Promise<void> {
		const result = await api<CollectionDeputyView>('GET', this.#base);
		if (result.ok) {
			// Answers can cross: keep the newer view.
			if (result.data.version >= (this.view?.version ?? -1)) this.view = result.data;
			this.error = null;
		} else {
			this.error = result.error;
		}
	}

	async #after<T>(result: Promise<Result<T>>): Promise<Result<T>> {
		const answer = await result;
		if (answer.ok) await this.load();
		return answer;
	}

	proposeQuestion(input: QuestionPropose): Promise<Result<{ proposalId: string }>> {
		return this.#after(api('POST', `${this.#base}/questions`, input));
	}

	withdrawQuestion(proposalId: string): Promise<Result<{ version: number }>> {
		return this.#after(api('POST', `${this.#base}/questions/withdraw`, { proposalId }));
	}

	proposeProject(input: ProjectPropose): Promise<Result<{ projectId: string }>> {
		return this.#after(api('POST', `${this.#base}/projects`, input));
	}
}
