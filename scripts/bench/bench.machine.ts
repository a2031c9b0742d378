/**
 * What else the machine was doing while a bench measured. A bench on a shared 2-core machine is only
 * as good as the quiet around it: a build or a browser test next door shows up as tail latency, so
 * the benches report the CPU that processes other than their own used meanwhile.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';

/** Linux's USER_HZ, 100 on every architecture Node runs on here. */
const CLOCK_TICKS_PER_SECOND = 100;
const ticksToMs = (ticks: number) => (ticks * 1000) / CLOCK_TICKS_PER_SECOND;

/** CPU time (user + system) a process has used so far, in ms, to one clock tick (10 ms); NaN once it is gone. */
export function processCpuMs(pid: number): number {
	try {
		// The fields after the parenthesised command name; utime and stime are the 14th and 15th overall.
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return ticksToMs(Number(fields[11]) + Number(fields[12]));
	} catch {
		return Number.NaN;
	}
}

/** Busy CPU time of the whole machine so far (every core, idle and I/O wait not counted), in ms. */
export function machineBusyMs(): number {
	const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
	const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
	return ticksToMs(user! + nice! + system! + irq! + softirq! + (steal ?? 0));
}

export interface CpuShare {
	cores: number;
	wallMs: number;
	/** Share of the whole machine (all cores) used by the bench's own processes, and by all others. */
	oursPct: number;
	othersPct: number;
}

/** Starts a window; `end()` says how the machine's CPU was shared during it. */
export function cpuWindow(ourPids: () => number[]): { end(): CpuShare } {
	const ours = () => ourPids().reduce((sum, pid) => sum + (processCpuMs(pid) || 0), 0);
	const startWall = performance.now();
	const startBusy = machineBusyMs();
	const startOurs = ours();
	return {
		end() {
			const wallMs = performance.now() - startWall;
			const cores = os.availableParallelism();
			const capacity = wallMs * cores;
			const busy = machineBusyMs() - startBusy;
			const mine = ours() - startOurs;
			return { cores, wallMs, oursPct: (100 * mine) / capacity, othersPct: (100 * Math.max(0, busy - mine)) / capacity };
		}
	};
}

export interface QuietWait {
	waitedMs: number;
	/** Whether the machine was quiet when the wait ended (false: the wait ran out). */
	quiet: boolean;
	/** What the whole machine used in the last sample, our processes included. */
	busyPct: number;
}

/**
 * Waits, up to `maxWaitMs`, until the whole machine — the bench's own processes included — has been
 * at most `thresholdPct` busy for `quietMs` in a row (sampled every 500 ms), so that a short
 * measurement falls in a gap of a shared machine rather than in someone's build, and does not begin
 * while the bench's own previous step is still being digested (clients parsing a large broadcast,
 * an append-only-file rewrite).
 */
export async function waitForQuiet(options: { maxWaitMs: number; thresholdPct?: number; quietMs?: number }): Promise<QuietWait> {
	const threshold = options.thresholdPct ?? 10;
	const needed = options.quietMs ?? 2000;
	const began = performance.now();
	let quietFor = 0;
	let busyPct = Number.NaN;
	while (performance.now() - began < options.maxWaitMs) {
		// With no process counted as ours, the others' share is the whole machine's.
		const window = cpuWindow(() => []);
		await new Promise((resolve) => setTimeout(resolve, 500));
		const share = window.end();
		busyPct = share.othersPct;
		quietFor = busyPct <= threshold ? quietFor + share.wallMs : 0;
		if (quietFor >= needed) return { waitedMs: performance.now() - began, quiet: true, busyPct };
	}
	return { waitedMs: performance.now() - began, quiet: options.maxWaitMs <= 0, busyPct };
}
