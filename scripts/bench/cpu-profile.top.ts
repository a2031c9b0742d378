/**
 * `tsx scripts/bench/cpu-profile.top.ts FILE.cpuprofile [--from US --to US] [--top N]`: where a
 * process spent its CPU, from a V8 profile written by `--cpu-prof` (a bench's `--cpu-prof DIR`):
 * the functions with the most self time and the most inclusive time, within a window of the
 * profile's clock if given. Benches that take `--cpu-prof` print the windows they measured in that
 * clock (the machine's monotonic clock in µs, the same in every process), so the set-up before and
 * the shutdown after can be left out.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	children?: number[];
}

interface CpuProfile {
	nodes: ProfileNode[];
	startTime: number;
	endTime: number;
	samples: number[];
	timeDeltas: number[];
}

const ROOT = path.resolve(import.meta.dirname, '../..');

function frameName(node: ProfileNode): string {
	const { functionName, url, lineNumber } = node.callFrame;
	const file = url.replace(/^file:\/\//, '').replace(`${ROOT}/`, '');
	return `${functionName || '(anonymous)'}${file ? ` ${file}:${lineNumber + 1}` : ''}`;
}

function top(counts: Map<string, number>, n: number, totalUs: number): string[] {
	return [...counts]
		.sort((a, b) => b[1] - a[1])
		.slice(0, n)
		.map(([name, us]) => `${(us / 1000).toFixed(1).padStart(9)} ms ${((100 * us) / totalUs).toFixed(1).padStart(5)}%  ${name}`);
}

const { values, positionals } = parseArgs({
	allowPositionals: true,
	options: { from: { type: 'string' }, to: { type: 'string' }, top: { type: 'string', default: '25' } }
});
if (positionals.length !== 1) {
	console.error('usage: tsx scripts/bench/cpu-profile.top.ts FILE.cpuprofile [--from US --to US] [--top N]');
	process.exit(1);
}
const profile = JSON.parse(readFileSync(positionals[0]!, 'utf8')) as CpuProfile;
const from = values.from === undefined ? -Infinity : Number(values.from);
const to = values.to === undefined ? Infinity : Number(values.to);
const n = Number(values.top);

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

const self = new Map<string, number>();
const inclusive = new Map<string, number>();
let t = profile.startTime;
let totalUs = 0;
let idleUs = 0;
for (let i = 0; i < profile.samples.length; i++) {
	t += profile.timeDeltas[i]!;
	if (t < from || t > to) continue;
	// A sample stands for the time until the next one.
	const us = profile.timeDeltas[i + 1] ?? 0;
	const node = byId.get(profile.samples[i]!)!;
	const name = frameName(node);
	totalUs += us;
	if (node.callFrame.functionName === '(idle)') {
		idleUs += us;
		continue;
	}
	self.set(name, (self.get(name) ?? 0) + us);
	const seen = new Set<string>();
	for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
		const frame = frameName(byId.get(id)!);
		if (seen.has(frame)) continue;
		seen.add(frame);
		inclusive.set(frame, (inclusive.get(frame) ?? 0) + us);
	}
}
const busyUs = totalUs - idleUs;
console.log(`window ${(totalUs / 1000).toFixed(0)} ms, busy ${(busyUs / 1000).toFixed(0)} ms (${((100 * busyUs) / Math.max(1, totalUs)).toFixed(0)}%)`);
console.log('\nself time (share of the window):');
for (const line of top(self, n, totalUs)) console.log(line);
console.log('\ninclusive time:');
for (const line of top(inclusive, n, totalUs)) console.log(line);
