// Prints one closing line for the whole suite, "N passed, N failed, N skipped", from the runners' JSON reports,
// preceded by the name and first message line of each failed test, so the tail of a CI log says what failed.
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
let missing = 0;
const failures = [];

const firstLine = (text) =>
  String(text ?? '')
    .split('\n')
    .find((line) => line.trim() !== '') ?? '';

function playwrightFailures(suites, trail) {
  for (const suite of suites ?? []) {
    const here = suite.title ? [...trail, suite.title] : trail;
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status !== 'unexpected') continue;
        const last = test.results?.[test.results.length - 1];
        const message = firstLine(last?.error?.message ?? last?.errors?.[0]?.message);
        failures.push(
          `[${test.projectName}] ${[...here, spec.title].join(' › ')} (${spec.file}:${spec.line}): ${message}`,
        );
      }
    }
    playwrightFailures(suite.suites, here);
  }
}

for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    console.error(`summary: no report at ${file} (that runner did not finish)`);
    missing++;
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  if ('numPassedTests' in report) {
    // vitest (jest-compatible JSON)
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += report.numPendingTests + (report.numTodoTests ?? 0);
    for (const fileResult of report.testResults ?? []) {
      const name = String(fileResult.name ?? '').replace(`${process.cwd()}/`, '');
      let named = 0;
      for (const test of fileResult.assertionResults ?? []) {
        if (test.status !== 'failed') continue;
        named++;
        failures.push(
          `[vitest] ${name} › ${test.fullName ?? test.title}: ${firstLine(test.failureMessages?.[0])}`,
        );
      }
      if (named === 0 && fileResult.status === 'failed') {
        failures.push(`[vitest] ${name}: ${firstLine(fileResult.message)}`);
      }
    }
  } else if (report.stats) {
    // Playwright
    passed += report.stats.expected + (report.stats.flaky ?? 0);
    failed += report.stats.unexpected;
    skipped += report.stats.skipped;
    playwrightFailures(report.suites, []);
  }
}
if (failures.length > 0) {
  console.log('failed:');
  for (const line of failures) console.log(`  ${line.slice(0, 400)}`);
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || missing > 0 || passed === 0 ? 1 : 0);
