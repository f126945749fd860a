#!/usr/bin/env node
// `npm test`: unit and integration tests, then the browser journeys with axe when Chromium is installed. Extra
// arguments go to both vitest runs. TEST_STAGES picks the stages (a comma-separated list of `unit`, for unit and
// integration, and `browser`; both when unset), so CI can run the browser journeys on one database only. Prints the
// 10 slowest tests, then ends with one line, "N passed, N failed", counting every stage that ran.
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const vitest = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'vitest.cmd' : 'vitest');
const extraArgs = process.argv.slice(2);

const knownStages = ['unit', 'browser'];
const wantedStages = (process.env.TEST_STAGES ?? '').split(',').map((stage) => stage.trim()).filter((stage) => stage !== '');
const unknownStages = wantedStages.filter((stage) => !knownStages.includes(stage));
if (unknownStages.length > 0) {
  console.error(`TEST_STAGES=${process.env.TEST_STAGES}: unknown ${unknownStages.length === 1 ? 'stage' : 'stages'} ${unknownStages.join(', ')}. Use a comma-separated list of ${knownStages.join(' and ')}.`);
  process.exit(1);
}
const runs = (stage) => wantedStages.length === 0 || wantedStages.includes(stage);
const reports = mkdtempSync(join(tmpdir(), 'rtc-test-'));

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** CHROMIUM_PATH if set (and only it, so a wrong setting is noticed), else Debian's path, else `chromium` on PATH. */
function findChromium() {
  if (process.env.CHROMIUM_PATH) return executable(process.env.CHROMIUM_PATH) ? process.env.CHROMIUM_PATH : undefined;
  if (executable('/usr/bin/chromium')) return '/usr/bin/chromium';
  for (const folder of (process.env.PATH ?? '').split(delimiter)) {
    if (folder && executable(join(folder, 'chromium'))) return join(folder, 'chromium');
  }
  return undefined;
}

/** Every test case in a vitest JSON report that ran, with its time, its file (relative to the project) and full name. */
function timedTests(json) {
  return (json.testResults ?? []).flatMap((file) =>
    (file.assertionResults ?? [])
      .filter((test) => typeof test.duration === 'number' && (test.status === 'passed' || test.status === 'failed'))
      .map((test) => ({ duration: test.duration, file: relative(root, file.name), name: [...(test.ancestorTitles ?? []), test.title].join(' > ') })),
  );
}

function formatDuration(ms) {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** Runs one vitest stage and reads its counts from the JSON report; counts stay unknown if vitest died first. */
function runStage(name, config, env) {
  const report = join(reports, `${name.replaceAll(' ', '-')}.json`);
  // With a filter, one stage may well have nothing to run; that must not fail the other's result.
  const filtered = extraArgs.length > 0 ? ['--passWithNoTests'] : [];
  const args = ['run', '--config', config, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...filtered, ...extraArgs];
  return new Promise((resolve) => {
    const child = spawn(vitest, args, { cwd: root, stdio: 'inherit', env });
    child.on('error', (error) => {
      console.error(`Could not start vitest for the ${name} tests: ${error.message}`);
      resolve({ code: 1, passed: 0, failed: 0, counted: false, tests: [] });
    });
    child.on('exit', (code, signal) => {
      let counts = { passed: 0, failed: 0, counted: false, tests: [] };
      try {
        const json = JSON.parse(readFileSync(report, 'utf8'));
        counts = { passed: json.numPassedTests ?? 0, failed: json.numFailedTests ?? 0, counted: true, tests: timedTests(json) };
      } catch {
        console.error(`No results were written for the ${name} tests.`);
      }
      resolve({ code: code ?? (signal ? 1 : 0), ...counts });
    });
  });
}

// Ctrl-C reaches vitest too; stay alive long enough to stop cleanly instead of starting the next stage.
let interrupted = false;
process.on('SIGINT', () => {
  interrupted = true;
});

const stages = [];
let chromiumMissing = false;
try {
  if (runs('unit')) stages.push(await runStage('unit and integration', 'vitest.config.ts', process.env));
  else console.log('TEST_STAGES leaves out the unit and integration tests.');

  const chromium = findChromium();
  if (!runs('browser')) {
    console.log('TEST_STAGES leaves out the browser tests.');
  } else if (interrupted) {
    console.error('Interrupted: the browser tests were not started.');
  } else if (chromium) {
    stages.push(await runStage('browser', 'vitest.e2e.config.ts', { ...process.env, CHROMIUM_PATH: chromium }));
  } else {
    chromiumMissing = true;
    const line = '!'.repeat(78);
    console.error(
      [
        '',
        line,
        '!!  BROWSER TESTS NOT RUN: Chromium not found',
        process.env.CHROMIUM_PATH ? `!!  CHROMIUM_PATH is set to ${process.env.CHROMIUM_PATH}, which is not an executable file.` : '!!  Looked for $CHROMIUM_PATH, /usr/bin/chromium and `chromium` on PATH.',
        "!!  Install Debian's chromium package (apt-get install chromium), or set CHROMIUM_PATH.",
        '!!  The browser journeys did not run, so the accessibility checks (axe, WCAG 2.2 AA) were skipped.',
        process.env.CI === 'true' ? '!!  CI=true: this run fails.' : runs('unit') ? '!!  Only the unit and integration tests ran.' : '!!  No tests ran.',
        line,
        '',
      ].join('\n'),
    );
  }
} finally {
  rmSync(reports, { recursive: true, force: true });
}

const slowest = stages
  .flatMap((stage) => stage.tests)
  .sort((a, b) => b.duration - a.duration)
  .slice(0, 10);
if (slowest.length > 0) {
  const times = slowest.map((test) => formatDuration(test.duration));
  const width = Math.max(...times.map((time) => time.length));
  console.log('\nSlowest tests');
  slowest.forEach((test, index) => console.log(`  ${times[index].padStart(width)}  ${test.file}  ${test.name}`));
}

const passed = stages.reduce((sum, stage) => sum + stage.passed, 0);
const failed = stages.reduce((sum, stage) => sum + stage.failed, 0);
let exitCode = interrupted || stages.some((stage) => stage.code !== 0 || !stage.counted) ? 1 : 0;
if (chromiumMissing && process.env.CI === 'true') exitCode = 1;
// A filter that matched nothing anywhere is a mistake, not a pass.
if (passed + failed === 0) exitCode = 1;
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(exitCode);
