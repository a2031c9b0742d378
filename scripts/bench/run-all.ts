/**
 * `npm run bench [-- --only clock] [-- options for every bench]`: runs each benchmark in turn, each in
 * its own process, passes its output through, and ends with one JSON line holding every bench's own
 * last line. A new bench joins by adding a line to BENCHES and printing a JSON line last.
 *
 * Exit code: 1 if any bench broke, else 2 if any missed a target, else 0 (the benches' own codes).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

const BENCHES: { name: string; file: string }[] = [
	{ name: 'clock', file: 'clock.bench.ts' },
	{ name: 'vote', file: 'vote.bench.ts' }
];

function takeOnly(args: string[]): { only: string | null; rest: string[] } {
	const at = args.indexOf('--only');
	if (at < 0) return { only: null, rest: args };
	return { only: args[at + 1] ?? null, rest: [...args.slice(0, at), ...args.slice(at + 2)] };
}

function runBench(file: string, args: string[]): Promise<{ code: number; lastLine: string }> {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, file), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
		let tail = '';
		child.stdout.on('data', (chunk: Buffer) => {
			process.stdout.write(chunk);
			tail = (tail + chunk.toString()).slice(-64_000);
		});
		child.on('exit', (code, signal) => {
			const lines = tail.trim().split('\n');
			resolve({ code: code ?? (signal ? 1 : 0), lastLine: lines.at(-1) ?? '' });
		});
	});
}

const { only, rest } = takeOnly(process.argv.slice(2));
const chosen = BENCHES.filter((b) => only === null || b.name === only);
if (chosen.length === 0) {
	console.error(`no bench named ${JSON.stringify(only)}; there are: ${BENCHES.map((b) => b.name).join(', ')}`);
	process.exit(1);
}

const results: Record<string, unknown> = {};
let worst = 0;
for (const bench of chosen) {
	console.log(`── bench ${bench.name}`);
	const { code, lastLine } = await runBench(bench.file, rest);
	try {
		results[bench.name] = JSON.parse(lastLine) as unknown;
	} catch {
		results[bench.name] = { error: `its last line is not JSON: ${lastLine.slice(0, 200)}` };
	}
	// 1 (broken) outranks 2 (missed a target).
	worst = code === 1 || worst === 1 ? 1 : Math.max(worst, code);
}
console.log(JSON.stringify({ benches: results, exit_code: worst }));
process.exitCode = worst;
