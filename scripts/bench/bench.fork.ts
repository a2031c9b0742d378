/**
 * A bench's helper process (a load process, the floor server), forked with an IPC channel, and the
 * messages it sends, taken one at a time in order. A process that reports `{ type: 'failed' }`, exits
 * early or stays silent past a deadline makes the bench fail with that reason.
 */
import { type ChildProcess, fork } from 'node:child_process';

/** Something that makes the figures meaningless: reported, and the bench exits 1. */
export class BenchFailure extends Error {}

interface Message {
	type: string;
}

export class ForkedProcess<To, From extends Message> {
	readonly #child: ChildProcess;
	readonly #inbox: From[] = [];
	readonly #exited: Promise<void>;
	#wake: (() => void) | null = null;
	#exit: string | null = null;

	constructor(
		file: string,
		nodeFlags: string[],
		readonly label: string
	) {
		this.#child = fork(file, [], { execArgv: ['--import', 'tsx', ...nodeFlags], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
		this.#child.on('message', (message: From) => {
			this.#inbox.push(message);
			this.#wake?.();
		});
		this.#exited = new Promise((resolve) =>
			this.#child.on('exit', (code, signal) => {
				this.#exit = `${label} exited (${signal ?? `code ${code}`})`;
				this.#wake?.();
				resolve();
			})
		);
	}

	get pid(): number {
		return this.#child.pid!;
	}

	send(message: To): void {
		this.#child.send(message as object);
	}

	/** The next message, which must be of `type`; a failure or an exit of the process throws. */
	async next<T extends From['type']>(type: T, timeoutMs: number): Promise<Extract<From, { type: T }>> {
		const deadline = Date.now() + timeoutMs;
		while (this.#inbox.length === 0) {
			if (this.#exit) throw new BenchFailure(this.#exit);
			const left = deadline - Date.now();
			if (left <= 0) throw new BenchFailure(`${this.label} sent no '${type}' within ${timeoutMs} ms`);
			await new Promise<void>((resolve) => {
				const timer = setTimeout(resolve, left);
				this.#wake = () => {
					clearTimeout(timer);
					resolve();
				};
			});
			this.#wake = null;
		}
		const message = this.#inbox.shift()!;
		if (message.type === 'failed') throw new BenchFailure(`${this.label}: ${(message as Message & { message?: string }).message ?? 'failed'}`);
		if (message.type !== type) throw new BenchFailure(`${this.label} sent '${message.type}' where '${type}' was due`);
		return message as Extract<From, { type: T }>;
	}

	/** Asks the process to end with `signal` (or waits for it to end by itself), then kills it after `timeoutMs`. */
	async end(timeoutMs: number, signal: NodeJS.Signals | null = null): Promise<void> {
		if (signal && this.running) this.#child.kill(signal);
		await Promise.race([this.#exited, new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
		this.kill();
	}

	get running(): boolean {
		return this.#child.exitCode === null && this.#child.signalCode === null;
	}

	kill(): void {
		if (this.running) this.#child.kill('SIGKILL');
	}
}
