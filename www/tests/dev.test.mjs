// `npm run dev` works too: Vite's dev server (no pre-bundling of the package, ../pkg allowed) serves a
// page that loads the model in its worker and translates the first example.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { launch } from '../../tests/browser/browser.mjs';

test('the dev server page translates', async () => {
  const www = resolve(import.meta.dirname, '..');
  const port = 5000 + Math.floor(Math.random() * 1000);
  const server = spawn('npx', ['vite', '--port', String(port), '--strictPort', '--host', '127.0.0.1'], { cwd: www, stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  const browser = await launch({ webgpu: false });
  try {
    await new Promise((ok, fail) => {
      server.stdout.on('data', (d) => String(d).includes(String(port)) && ok());
      server.on('exit', (code) => fail(new Error(`vite exited with ${code}`)));
    });
    await browser.page.goto(`http://127.0.0.1:${port}/`);
    await browser.page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.state), null, { timeout: 180_000 });
    assert.equal(await browser.page.evaluate(() => document.body.dataset.state), 'done', await browser.page.textContent('#message'));
  } finally {
    await browser.close();
    process.kill(-server.pid);
  }
});
