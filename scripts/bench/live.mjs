#!/usr/bin/env node
// Live mode of the npm package in Debian's headless Chromium, its fake camera filming real photos at
// 320x240, 30 frames a second (tests/browser/camera.mjs): frames per second and camera frames dropped
// at 64, 128 and 256 px on the CPU (wasm) and on WebGPU (SwiftShader here: a software adapter), each
// beside the same size's single translate() call in the same run; the flicker that camera noise puts
// into the translation at a fixed seed; with --memory, the JS heap after GC
// and the wasm memory after 100 and after 1,000 live frames (CPU, 64 px).
//
//   bash scripts/build-wasm.sh && node scripts/bench/live.mjs [--seconds 6] [--memory] [--smoke]
//
// --smoke: one second of the CPU at 64 px (CI checks the script works, never the timings).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serve } from '../../tests/browser/server.mjs';
import { launch } from '../../tests/browser/browser.mjs';
import { writeCameraFile } from '../../tests/browser/camera.mjs';

const root = resolve(import.meta.dirname, '../..');
const smoke = process.argv.includes('--smoke');
const secondsArg = process.argv.indexOf('--seconds');
const seconds = smoke ? 1 : secondsArg > 0 ? Number(process.argv[secondsArg + 1]) : 6;
const memory = process.argv.includes('--memory') && !smoke;
const PHOTOS = ['chelsea.png', 'coffee.png', 'astronaut.png', 'orange.jpg', 'apple.jpg'].map((p) => `/assets/samples/${p}`);

const scratch = mkdtempSync(join(tmpdir(), 'ace-live-bench-'));
const server = await serve(root);
try {
  const film = join(scratch, 'camera.y4m');
  const maker = await launch({ webgpu: false });
  await maker.page.goto(`${server.url}/tests/browser/page.html`);
  await writeCameraFile(maker.page, PHOTOS.map((p) => server.url + p), film, { width: 320, height: 240 });
  await maker.close();

  const browser = await launch({ webgpu: true, camera: film, memory: true });
  const { page } = browser;
  await page.goto(`${server.url}/tests/browser/page.html`);
  await page.waitForFunction(() => window.loaded === true);
  const rows = [];
  for (const backend of smoke ? ['cpu'] : ['cpu', 'webgpu']) {
    for (const size of smoke ? [64] : [64, 128, 256]) {
      rows.push(await page.evaluate(async ({ backend, size, seconds }) => {
        const t = await ace.Translator.load(undefined, { backend });
        const style = await t.encodeStyle(await bytes('/assets/samples/coffee.png'));
        const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240 } });
        const frames = [];
        const times = [];
        const session = await ace.live(t, stream, { style, seed: 1, size, onFrame: (f) => (frames.push(f), times.push(performance.now())) });
        // A second to warm up (the first frames compile shaders), then the measured stretch: at least
        // `seconds`, and at least 4 frames (a software GPU takes seconds per frame), timed from the
        // first frame of the stretch to its last.
        await new Promise((r) => setTimeout(r, 1000));
        const [from, droppedFrom, start] = [frames.length, session.dropped, performance.now()];
        while (performance.now() - start < seconds * 1000 || frames.length - from < 4) await new Promise((r) => setTimeout(r, 50));
        const [count, dropped] = [frames.length - from - 1, session.dropped - droppedFrom];
        const elapsed = (times[times.length - 1] - times[from]) / 1000;
        session.stop();
        await session.done;
        // The peer: translate() of one of its frames at the same size, the median of 5 after a warm-up.
        const frame = frames[frames.length - 1].frame;
        await t.translate(frame, style, 1, { maxSide: size });
        const calls = [];
        for (let i = 0; i < 5; i++) {
          const s = performance.now();
          await t.translate(frame, style, 1, { maxSide: size });
          calls.push(performance.now() - s);
        }
        t.dispose();
        const single = calls.sort((a, b) => a - b)[2];
        return { backend, adapter: t.backend.adapter, size: `${frame.width}x${frame.height}`, fps: count / elapsed, dropped, shown: count + dropped, single };
      }, { backend, size, seconds }));
    }
  }
  console.log(`headless Chromium, fake camera 320x240 at 30 frames a second, ${seconds} s and at least 4 frames per row after a 1 s warm-up`);
  console.log('');
  console.log('| backend | frame | live, frames/s | live, ms per frame | camera frames dropped | one translate(), ms | live / one call |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const perFrame = 1000 / r.fps;
    console.log(`| ${r.backend === 'cpu' ? 'CPU (wasm)' : `WebGPU (${r.adapter.replace(/^WebGPU: /, '')})`} | ${r.size} | ${r.fps.toFixed(1)} | ${perFrame.toFixed(0)} | ${r.dropped} of ${r.shown} | ${r.single.toFixed(0)} | ${(perFrame / r.single).toFixed(2)} |`);
  }

  // Flicker at a fixed seed: a still scene through a real camera changes by sensor noise only; how much
  // of that reaches the translation. Five frames, each with its noisy twin (Gaussian, sigma 2/255).
  if (!smoke) {
    const flicker = await page.evaluate(async () => {
      const t = await ace.Translator.load(undefined, { backend: 'cpu' });
      const style = await t.encodeStyle(await bytes('/assets/samples/coffee.png'));
      const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240 } });
      const frames = [];
      const session = await ace.live(t, stream, { style, seed: 1, size: 64, onFrame: (f) => frames.push(f) });
      while (frames.length < 5) await new Promise((r) => setTimeout(r, 50));
      session.stop();
      await session.done;
      let seed = 7;
      const uniform = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) + 0.5) / 2147483648;
      const gaussian = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
      const mad = (a, b) => a.reduce((s, v, i) => s + (i % 4 === 3 ? 0 : Math.abs(v - b[i])), 0) / (a.length * 0.75);
      let [input, output] = [0, 0];
      for (const { frame, image } of frames.slice(0, 5)) {
        const noisy = new ImageData(new Uint8ClampedArray(frame.data.map((v, i) => (i % 4 === 3 ? v : v + 2 * gaussian()))), frame.width, frame.height);
        const again = await t.translate(noisy, style, 1, { maxSide: 64 });
        input += mad(noisy.data, frame.data) / 5;
        output += mad(again.data, image.data) / 5;
      }
      t.dispose();
      return { input, output };
    });
    console.log('');
    console.log('| flicker at a fixed seed, CPU 64 px, 5 frames | input change | output change | output / input |');
    console.log('|---|---|---|---|');
    console.log(`| camera noise (Gaussian, sigma 2/255) | ${flicker.input.toFixed(2)}/255 | ${flicker.output.toFixed(2)}/255 | ${(flicker.output / flicker.input).toFixed(2)} |`);
  }

  if (memory) {
    const at = await page.evaluate(async () => {
      const wasm = await (await import('/pkg/ace.js')).default();
      const t = await ace.Translator.load(undefined, { backend: 'cpu' });
      const style = await t.encodeStyle(await bytes('/assets/samples/coffee.png'));
      const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240 } });
      let frames = 0;
      const session = await ace.live(t, stream, { style, seed: 1, size: 64, onFrame: () => frames++ });
      const sample = async () => {
        session.pause();
        for (let k = 0; k < 4; k++) {
          window.gc();
          await new Promise((r) => setTimeout(r, 100));
        }
        const figures = { frames, heap: performance.memory.usedJSHeapSize, wasm: wasm.memory.buffer.byteLength };
        session.resume();
        return figures;
      };
      const until = async (n) => { while (frames < n) await new Promise((r) => setTimeout(r, 50)); };
      await until(100);
      const first = await sample();
      await until(1000);
      const last = await sample();
      session.stop();
      return [first, last];
    });
    console.log('');
    console.log('| live frames | JS heap after GC | wasm memory |');
    console.log('|---|---|---|');
    for (const { frames, heap, wasm } of at) console.log(`| ${frames} | ${(heap / 1e6).toFixed(2)} MB | ${(wasm / 1e6).toFixed(1)} MB |`);
    console.log(`| 1,000 / 100 | ${(at[1].heap / at[0].heap).toFixed(3)} | ${(at[1].wasm / at[0].wasm).toFixed(3)} |`);
  }
  await browser.close();
} finally {
  await server.close();
  rmSync(scratch, { recursive: true, force: true });
}
