// Live mode of the npm package in Debian's headless Chromium, its fake camera filming real photos
// (tests/browser/camera.mjs): on the CPU path at 64 px, frames in a row, each the translation of the
// frame it reports; pause stops the work, resume starts it again; seed and style changes apply from
// the next frame; stop releases the camera; a camera lost mid-stream is a typed error. Needs pkg/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serve } from './server.mjs';
import { launch } from './browser.mjs';
import { writeCameraFile } from './camera.mjs';

const root = resolve(import.meta.dirname, '../..');
const scratch = mkdtempSync(join(tmpdir(), 'ace-live-'));
const PHOTOS = ['chelsea.png', 'coffee.png', 'astronaut.png', 'orange.jpg', 'apple.jpg'].map((p) => `/assets/samples/${p}`);
let server;
let browser;
const run = (fn, arg) => browser.page.evaluate(fn, arg);

before(async () => {
  server = await serve(root);
  const film = join(scratch, 'camera.y4m');
  const maker = await launch({ webgpu: false });
  try {
    await maker.page.goto(`${server.url}/tests/browser/page.html`);
    await writeCameraFile(maker.page, PHOTOS.map((p) => server.url + p), film);
  } finally {
    await maker.close();
  }
  browser = await launch({ webgpu: false, camera: film });
  await browser.page.goto(`${server.url}/tests/browser/page.html`);
  await browser.page.waitForFunction(() => window.loaded === true);
  // One translator, one camera and one live session for the tests below, in order.
  await run(async () => {
    window.t = await ace.Translator.load(undefined, { backend: 'cpu' });
    window.styles = [await t.encodeStyle(await bytes('/assets/samples/coffee.png')), await t.encodeStyle(await bytes('/assets/samples/orange.jpg'))];
    window.stream = await navigator.mediaDevices.getUserMedia({ video: true });
    window.frames = [];
    window.errors = [];
    window.session = await ace.live(t, stream, { style: styles[0], seed: 3, size: 64, onFrame: (f) => frames.push(f), onError: (e) => errors.push(e) });
  });
});

after(async () => {
  if (process.exitCode) console.log(browser?.logs.join('\n'));
  await browser?.close();
  await server?.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** Waits until `count` frames have arrived (the page's `frames`), then pauses. */
const collect = (count) => run(async (count) => {
  while (frames.length < count && errors.length === 0) await new Promise((r) => setTimeout(r, 20));
  session.pause();
  if (errors.length) throw errors[0];
}, count);

/** How many of `frames[from..]` are exactly `translate()` of the frame they report, with their settings
 * and `style`, and how many distinct camera frames they show. */
const checked = (from, styleIndex) => run(async ({ from, styleIndex }) => {
  let same = 0;
  const seen = new Set();
  for (const f of frames.slice(from)) {
    const again = await t.translate(f.frame, styles[styleIndex], f.seed, { maxSide: f.size, strength: f.strength });
    same += again.width === f.image.width && again.data.every((v, i) => v === f.image.data[i]) ? 1 : 0;
    seen.add(f.frame.data.slice(0, 4096).join());
  }
  return { frames: frames.length - from, same, distinct: seen.size, seeds: [...new Set(frames.slice(from).map((f) => f.seed))], sizes: [...new Set(frames.slice(from).map((f) => `${f.image.width}x${f.image.height}`))] };
}, { from, styleIndex });

test('on the CPU at 64 px: 20 frames in a row, each the translation of the frame it reports, as the camera moves', async () => {
  await collect(20);
  const out = await checked(0, 0);
  console.log(`live: ${out.frames} frames, ${out.distinct} distinct camera frames, sizes ${out.sizes}, fps ${await run(() => session.fps.toFixed(1))}, dropped ${await run(() => session.dropped)}`);
  assert.ok(out.frames >= 20);
  assert.equal(out.same, out.frames, 'every live output equals translate() of its frame');
  assert.ok(out.distinct >= 2, 'the camera film moves between photos');
  assert.deepEqual(out.sizes, ['64x48'], 'the 160x120 camera at 64 px');
  assert.deepEqual(await run(() => frames.map((f) => f.index)), Array.from({ length: out.frames }, (_, i) => i + 1));
});

test('pause stops the work, resume starts it again', async () => {
  const before = await run(() => frames.length);
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(await run(() => frames.length), before, 'no frames while paused');
  await run(() => session.resume());
  await collect(before + 3);
});

test('seed and style changes apply from the next frame', async () => {
  const from = await run(async () => {
    await session.update({ seed: 4, style: styles[1] });
    const from = frames.length;
    session.resume();
    return from;
  });
  await collect(from + 5);
  const out = await checked(from, 1);
  assert.deepEqual(out.seeds, [4]);
  assert.equal(out.same, out.frames, 'the new seed and style');
});

test('stop releases the camera and ends the loop; a camera lost mid-stream is CameraLostError', async () => {
  const out = await run(async () => {
    session.resume();
    session.stop();
    await session.done;
    const after = frames.length;
    await new Promise((r) => setTimeout(r, 500));
    // A second session on a new stream, whose camera goes away.
    const second = await navigator.mediaDevices.getUserMedia({ video: true });
    const lost = [];
    const other = await ace.live(t, second, { size: 64, onFrame: () => {}, onError: (e) => lost.push(e) });
    second.getVideoTracks()[0].dispatchEvent(new Event('ended'));
    await other.done;
    return {
      tracks: stream.getVideoTracks().map((track) => track.readyState),
      framesAfterStop: frames.length - after,
      lost: lost.map((e) => `${e.name}: ${e.message}`),
      secondTracks: second.getVideoTracks().map((track) => track.readyState),
    };
  });
  assert.deepEqual(out.tracks, ['ended'], 'the camera was released');
  assert.equal(out.framesAfterStop, 0);
  assert.equal(out.lost.length, 1);
  assert.match(out.lost[0], /^CameraLostError: the camera stopped sending frames/);
  assert.deepEqual(out.secondTracks, ['ended']);
});
