/**
 * A reason the server cannot start that the person starting it can fix. `main` prints it as one line
 * and exits non-zero; no stack trace, because none would help them.
 */
export class StartupError extends Error {
	constructor(
		/** What is wrong, e.g. "PORT 3000 is already in use". */
		readonly problem: string,
		/** What to do about it, e.g. "stop the other program or set PORT to a free port". */
		readonly fix: string
	) {
		super(`${problem} — ${fix}`);
		this.name = 'StartupError';
	}
}
