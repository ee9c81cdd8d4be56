// Offline after ONE visit, the way a visitor gets it: a first visit in a fresh browser profile, the
// service worker fills its cache, then the network goes and the page is reloaded. Against the
// production server itself (`vite preview`, with its real headers: it sends `Vary: Origin`, and the
// page requests its module script with an Origin header) and against a plain static server.
// Needs `npm run build` (dist/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { serve } from '../../tests/browser/server.mjs';
import { launch } from '../../tests/browser/browser.mjs';

const www = resolve(import.meta.dirname, '..');

/** `vite preview` of dist/ on a free port, as `scripts/demo.sh` serves the page. */
async function preview() {
  const port = 41000 + (process.pid % 1000);
  // vite's own script under this node (not through npx, whose shell would outlive a kill).
  const vite = join(www, 'node_modules/vite/bin/vite.js');
  const child = spawn(process.execPath, [vite, 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], { cwd: www, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((ok, fail) => {
    child.stdout.on('data', (chunk) => String(chunk).includes(`${port}`) && ok());
    child.on('exit', (code) => fail(new Error(`vite preview exited with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((done) => {
      child.once('exit', done);
      child.kill();
    }),
  };
}

async function offlineAfterOneVisit(server) {
  const browser = await launch({ webgpu: false });
  try {
    const { page } = browser;
    await page.goto(server.url);
    await page.waitForFunction(() => document.body.dataset.state === 'done', null, { timeout: 180_000 });
    await page.evaluate(() => navigator.serviceWorker.ready);
    // Everything the build lists is cached (the service worker's install step).
    await page.waitForFunction(async () => {
      const listed = await (await fetch('./precache.json')).json();
      const cache = await caches.open('ace-demo-v1');
      return (await cache.keys()).length >= listed.length;
    }, null, { timeout: 60_000 });
    await browser.context.setOffline(true);
    await page.reload();
    await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.state), null, { timeout: 180_000 });
    const state = await page.evaluate(() => document.body.dataset.state);
    assert.equal(state, 'done', `offline reload: ${await page.textContent('#message')}`);
    const grid = await page.evaluate(() => getComputedStyle(document.querySelector('main')).display);
    assert.equal(grid, 'grid', 'the stylesheet came from the cache');
  } finally {
    await browser.close();
  }
}

for (const [name, start] of [['the production server (vite preview)', preview], ['a plain static server', () => serve(join(www, 'dist'))]]) {
  test(`offline after one visit, served by ${name}`, async () => {
    const server = await start();
    try {
      await offlineAfterOneVisit(server);
    } finally {
      await server.close();
    }
  });
}

test('a model download that fails is said in plain words and can be retried without a reload', async () => {
  const server = await serve(join(www, 'dist'));
  const browser = await launch({ webgpu: false, serviceWorkers: 'block' });
  try {
    const { page } = browser;
    let blocked = 0;
    await browser.context.route('**/*.safetensors', (route) => (blocked++ === 0 ? route.abort('connectionrefused') : route.continue()));
    await page.goto(server.url);
    await page.waitForSelector('#retry');
    const message = await page.textContent('#message');
    assert.match(message, /could not be downloaded/);
    assert.doesNotMatch(message, /Failed to fetch|http:\/\//, 'no raw URL or browser jargon');
    await page.click('#retry');
    await page.waitForFunction(() => document.body.dataset.state === 'done', null, { timeout: 180_000 });
    assert.ok(await page.isHidden('#message'));
    assert.ok(blocked >= 2, 'the retry downloaded the model again');
  } finally {
    await browser.close();
    await server.close();
  }
});
