// The README's test command checks what a fresh machine lacks before any long build: pointed at a
// Chromium that is not there, it stops at once with one message naming it and the install command.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../..', import.meta.url));

test('a missing Chromium is named, with its install command, before any cargo build', () => {
  const started = Date.now();
  const run = spawnSync('bash', ['scripts/test.sh'], {
    cwd: repo,
    env: { ...process.env, CHROMIUM: '/nonexistent/chromium' },
    encoding: 'utf8',
  });
  assert.notEqual(run.status, 0);
  assert.match(run.stderr, /error: Chromium at \/nonexistent\/chromium \(set CHROMIUM to use another\) is missing; install it with:\n {2}apt-get install chromium\n/);
  assert.doesNotMatch(run.stdout + run.stderr, /Compiling|Finished|running \d+ tests/);
  assert.ok(Date.now() - started < 60_000, 'it stopped before any long step');
});
