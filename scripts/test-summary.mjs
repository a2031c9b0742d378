// Adds up the results of every suite `npm test` ran and prints the one closing line CI reads.
// Type check and build count as one test each; Vitest and Playwright by their own reports.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const dir = process.argv[2] ?? '.test-output';
const read = (name) => (existsSync(path.join(dir, name)) ? readFileSync(path.join(dir, name), 'utf8').trim() : null);
let passed = 0;
let failed = 0;
const lines = [];

for (const step of ['typecheck', 'build']) {
	const status = read(`${step}.status`);
	if (status === null) continue;
	status === 'pass' ? passed++ : failed++;
	lines.push(`${step}: ${status}`);
}

const vitest = read('vitest.json');
if (vitest) {
	const report = JSON.parse(vitest);
	passed += report.numPassedTests;
	// A file that failed to load has no tests in it but must still count as a failure.
	const brokenFiles = report.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
	failed += report.numFailedTests + brokenFiles;
	lines.push(`vitest: ${report.numPassedTests} passed, ${report.numFailedTests + brokenFiles} failed`);
} else if (read('vitest.status') !== null) {
	failed++;
	lines.push('vitest: no report');
}

const playwright = read('playwright.json');
if (playwright) {
	const { stats, errors } = JSON.parse(playwright);
	const p = stats.expected + stats.flaky;
	const f = stats.unexpected + (errors?.length ?? 0);
	passed += p;
	failed += f;
	lines.push(`playwright: ${p} passed, ${f} failed${stats.skipped ? `, ${stats.skipped} skipped` : ''}`);
} else if (read('e2e.status') !== null) {
	failed++;
	lines.push('playwright: no report');
} else if (read('build.status') === 'fail') {
	failed++;
	lines.push('playwright: not run (build failed)');
}

console.log(`\n${lines.join('\n')}`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
