// The page's "Download full size" with a real camera photo at a phone's size: Dragonfly_by_Bolly.jpg,
// 4224 x 3168, CC BY-SA 4.0, from Debian's lomiri-wallpapers-16.04 (scripts/fetch/full-size-photos.sh,
// which test.sh runs). On the CPU path (`auto` prefers it to SwiftShader's WebGPU) the download
// completes at the photo's own size with its steps shown, Cancel stops one, and the renderer's peak
// memory (read through the DevTools protocol and /proc) stays under 2 GB. Needs `npm run build` (dist/).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { accessible } from './accessible.mjs';
import { closeDemo, dropFile, openDemo } from './demo-page.mjs';

const photo = join(process.env.ACE_CACHE ?? join(homedir(), '.cache/ace'), 'full-size-photos/Dragonfly_by_Bolly.jpg');
let demo;
let page;

before(async () => {
  assert.ok(existsSync(photo), `${photo} is missing: run scripts/fetch/full-size-photos.sh`);
  demo = await openDemo({ webgpu: true, devtools: true });
  page = demo.page;
});

after(() => closeDemo(demo));

const done = (before) =>
  page.waitForFunction((n) => Number(document.body.dataset.translations ?? 0) > n && document.body.dataset.state === 'done', before, { timeout: 180_000 });

/** Width and height from a PNG's header. */
function pngSize(bytes) {
  assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

test('a 4224 x 3168 photo downloads at full size on the CPU, with its steps, a Cancel, and under 2 GB', async () => {
  await page.goto(demo.server.url);
  await done(0);
  const before = Number(await page.evaluate(() => document.body.dataset.translations));
  await dropFile(page, 'dragonfly.jpg', readFileSync(photo), 'image/jpeg');
  await done(before);
  assert.equal(await page.textContent('#backend'), 'CPU', 'the CPU path');

  // Cancel: the page lets go at once and says so; the button is back.
  await page.click('#download-full');
  assert.match(await page.textContent('#full-size-text'), /Full size \(4224x3168\): translating/);
  assert.ok(await page.isVisible('#full-size-progress'), 'the steps show as a progress bar');
  await accessible(page, 'full size under way');
  await page.click('#full-size-cancel');
  await page.waitForFunction(() => document.getElementById('full-size-text').textContent === 'Full size cancelled.');
  assert.ok(await page.isEnabled('#download-full'));
  assert.ok(await page.isHidden('#full-size-cancel'));

  // The whole download: each step is announced, then the PNG at the photo's size.
  await page.evaluate(() => {
    window.fullSizeSteps = [];
    const text = document.getElementById('full-size-text');
    new MutationObserver(() => window.fullSizeSteps.push(text.textContent)).observe(text, { childList: true, characterData: true, subtree: true });
  });
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 300_000 }), page.click('#download-full')]);
  assert.match(download.suggestedFilename(), /^dragonfly-cat-\d-seed-\d+-4224x3168\.png$/);
  const bytes = readFileSync(await download.path());
  assert.deepEqual(pngSize(bytes), [4224, 3168]);
  await page.waitForFunction(() => /saved in/.test(document.getElementById('full-size-text').textContent));
  const steps = await page.evaluate(() => window.fullSizeSteps);
  assert.ok(steps.some((s) => /making the PNG/.test(s)), `the steps shown: ${steps.join(' | ')}`);
  await accessible(page, 'full size saved');

  const peak = await demo.browser.rendererPeakBytes();
  const saved = await page.textContent('#full-size-text');
  console.log(`${saved} PNG ${(bytes.length / 1e6).toFixed(1)} MB, renderer peak ${(peak / 1e6).toFixed(0)} MB`);
  assert.ok(peak > 0 && peak < 2e9, `renderer peak ${peak} bytes`);
});
