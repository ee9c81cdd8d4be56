// The page's scheduler (src/latest-only.ts) on its own, in Node: only the latest request runs, runs
// never overlap, and a run knows when a newer request has replaced it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { transformSync } from 'esbuild';

const source = readFileSync(new URL('../src/latest-only.ts', import.meta.url), 'utf8');
const { code } = transformSync(source, { loader: 'ts', format: 'esm' });
const { LatestOnly } = await import(`data:text/javascript,${encodeURIComponent(code)}`);

/** A scheduler whose runs wait for `release()`, recording each run's number and overlap. */
function harness() {
  const started = [];
  let active = 0;
  let overlapped = false;
  let release = () => {};
  const runs = new LatestOnly(async (run) => {
    started.push(run);
    overlapped ||= ++active > 1;
    await new Promise((resolve) => (release = resolve));
    active--;
  });
  return { runs, started, overlapped: () => overlapped, release: () => release() };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

test('one request is one run, and it is the latest', async () => {
  const { runs, started, release } = harness();
  const done = runs.request();
  await tick();
  assert.equal(runs.running, true);
  assert.ok(runs.isLatest(started[0]));
  release();
  await done;
  assert.deepEqual(started, [1]);
  assert.equal(runs.running, false);
});

test('requests made during a run cost one more run, which is the latest; runs never overlap', async () => {
  const { runs, started, overlapped, release } = harness();
  const first = runs.request();
  await tick();
  for (let i = 0; i < 3; i++) await runs.request(); // each returns at once: the running call takes them
  assert.equal(runs.isLatest(started[0]), false, 'the running run knows it has been replaced');
  release();
  await tick();
  assert.equal(started.length, 2, 'one more run for the three requests');
  assert.ok(runs.isLatest(started[1]));
  release();
  await first;
  assert.equal(overlapped(), false);
  assert.equal(runs.running, false);
});

test('a request after the runs ended starts again', async () => {
  const { runs, started, release } = harness();
  const a = runs.request();
  await tick();
  release();
  await a;
  const b = runs.request();
  await tick();
  release();
  await b;
  assert.equal(started.length, 2);
  assert.ok(runs.isLatest(started[1]));
});
