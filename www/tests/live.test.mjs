// Live on the production build, as a visitor uses it, with Chromium's fake camera: the camera and its
// translation side by side, the rate shown, 64 px on the CPU to start, the current frame downloaded or
// taken as the photo, the camera released on Stop and when the page is hidden; refused permission is
// a message and the page works on. Needs `npm run build` (dist/).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launch } from '../../tests/browser/browser.mjs';
import { accessible } from './accessible.mjs';
import { closeDemo, openDemo } from './demo-page.mjs';

const www = resolve(import.meta.dirname, '..');
const shots = join(www, 'test-results');
mkdirSync(shots, { recursive: true });
let demo;
let page;

/** Every camera stream the page opens, kept so a test can say whether it was released. */
const keepStreams = () => {
  window.streams = [];
  const open = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (constraints) => {
    const stream = await open(constraints);
    window.streams.push(stream);
    return stream;
  };
};
const liveTracks = () => page.evaluate(() => window.streams.flatMap((s) => s.getTracks()).filter((t) => t.readyState === 'live').length);
const liveFrames = () => page.evaluate(() => Number(document.body.dataset.liveFrames ?? 0));

async function startLive(frames = 5) {
  await page.click('#live');
  await page.waitForFunction((n) => Number(document.body.dataset.liveFrames ?? 0) >= n, frames, { timeout: 120_000 });
}

before(async () => {
  demo = await openDemo({ webgpu: false, camera: true, cameras: 2 });
  page = demo.page;
  await page.addInitScript(keepStreams);
  await page.goto(demo.server.url);
  await page.waitForFunction(() => document.body.dataset.state === 'done', null, { timeout: 180_000 });
});

after(() => closeDemo(demo));

test('Live: the camera beside its translation, the rate shown, 64 px on the CPU; the frame downloads; Stop releases the camera', async () => {
  await startLive();
  assert.equal(await page.inputValue('#live-size'), '64', 'a small size to start on the CPU');
  assert.match(await page.textContent('#live-rate'), /^[\d.]+ frames a second at 64x48$/);
  assert.deepEqual(await page.$eval('#live-output', (c) => [c.width, c.height]), [64, 48]);
  await accessible(page, 'live');
  await page.screenshot({ path: join(shots, 'live.png') });
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#live-download')]);
  assert.match(download.suggestedFilename(), /^live-seed-\d+\.png$/);

  // A new size applies from the next frame.
  await page.selectOption('#live-size', '128');
  await page.waitForFunction(() => /at 128x96$/.test(document.getElementById('live-rate').textContent), null, { timeout: 60_000 });

  await page.click('#live-stop');
  assert.equal(await page.isVisible('#live-dialog'), false);
  assert.equal(await liveTracks(), 0, 'the camera was released');
  const stopped = await liveFrames();
  await new Promise((r) => setTimeout(r, 1000));
  assert.equal(await liveFrames(), stopped, 'no frames after Stop');
});

test('a second camera can be chosen: its frames are translated, the first is released', async () => {
  await startLive(2);
  const cameras = await page.$$eval('#live-camera option', (options) => options.map((o) => o.value));
  assert.equal(cameras.length, 2);
  assert.ok(await page.isVisible('#live-camera'));
  const chosen = await page.inputValue('#live-camera');
  await page.selectOption('#live-camera', cameras.find((id) => id !== chosen));
  const frames = await liveFrames();
  await page.waitForFunction((n) => Number(document.body.dataset.liveFrames) >= n + 3, frames, { timeout: 60_000 });
  assert.equal(await liveTracks(), 1, 'only the chosen camera is open');
  assert.equal(await page.evaluate(() => window.streams.at(-1).getVideoTracks()[0].getSettings().deviceId), cameras.find((id) => id !== chosen));
  await page.click('#live-stop');
  assert.equal(await liveTracks(), 0);
});

test('the current frame becomes the photo, and the camera is released', async () => {
  const translations = await page.evaluate(() => Number(document.body.dataset.translations));
  await startLive(2);
  await page.click('#live-snap');
  await page.waitForFunction((n) => Number(document.body.dataset.translations) > n && document.body.dataset.state === 'done', translations, { timeout: 120_000 });
  assert.equal(await liveTracks(), 0);
  assert.deepEqual(await page.$eval('#before', (c) => [c.width > 0, c.height > 0]), [true, true]);
});

test('hiding the page releases the camera', async () => {
  await startLive(2);
  await page.evaluate(() => {
    Object.defineProperty(document, 'hidden', { value: true, configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  assert.equal(await liveTracks(), 0);
  assert.equal(await page.isVisible('#live-dialog'), false);
  await page.evaluate(() => delete document.hidden);
});

test('a refused camera is a message, and the page works on', async () => {
  const refused = await launch({ webgpu: false, camera: 'denied' });
  try {
    await refused.page.goto(demo.server.url);
    await refused.page.waitForFunction(() => document.body.dataset.state === 'done', null, { timeout: 180_000 });
    await refused.page.click('#live');
    await refused.page.waitForSelector('#message', { state: 'visible' });
    assert.match(await refused.page.textContent('#message'), /camera is blocked/);
    assert.equal(await refused.page.isVisible('#live-dialog'), false);
    const translations = await refused.page.evaluate(() => Number(document.body.dataset.translations));
    await refused.page.click('#translate');
    await refused.page.waitForFunction((n) => Number(document.body.dataset.translations) > n, translations, { timeout: 120_000 });
  } finally {
    await refused.close();
  }
});
