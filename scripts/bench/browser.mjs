#!/usr/bin/env node
// Browser benchmarks of the npm package in Debian's headless Chromium, each against a peer in the same
// run: wasm CPU inference at 256x256 vs the native CLI (flex) on the same image; the network pass alone
// vs onnxruntime-web (wasm, one thread each) on the same graph (scripts/onnx); load-to-first-result
// cold (empty cache) vs cached; WebGPU (SwiftShader here, a software adapter) vs wasm CPU; the demo
// page's load to first translation; a 4224 x 3168 photo at full size vs the native CLI's --full-size
// (when scripts/fetch/full-size-photos.sh has run); the page's route (256 px carried up from 128) with
// the shipped file's upscaler vs without it; wasm size.
//
//   bash scripts/build-wasm.sh && node scripts/bench/browser.mjs [--runs 5] [--smoke] [--only full-size|page-route]
//
// --smoke: one run of the CPU row only (CI checks the script works, never the timings).
// --only full-size, --only page-route: that row alone.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { homedir, tmpdir, cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { serve } from '../../tests/browser/server.mjs';
import { launch } from '../../tests/browser/browser.mjs';

const root = resolve(import.meta.dirname, '../..');
const smoke = process.argv.includes('--smoke');
const runsArg = process.argv.indexOf('--runs');
const runs = smoke ? 1 : runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
const targetDir = process.env.CARGO_TARGET_DIR ?? join(homedir(), '.cache/ace/target');
// The native peer: the release `ace` for timings (the dev profile is optimised less, opt-level 2); for
// --smoke, which times nothing, the newest build (the one `cargo test` just made). ACE_BIN overrides.
const built = (p) => { try { return statSync(p).isFile(); } catch { return false; } };
const [releaseAce, devAce] = [join(targetDir, 'release/ace'), join(targetDir, 'debug/ace')];
const aceBin = process.env.ACE_BIN ?? (smoke
  ? [releaseAce, devAce].filter(built).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0]
  : [releaseAce, devAce].find(built));
const peerNote = aceBin === devAce && !smoke ? ' (the dev build: no release build found, so the native figures are slower than a user gets)' : '';
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const onlyArg = process.argv.indexOf('--only');
const only = onlyArg > 0 ? process.argv[onlyArg + 1] : undefined;
const fullSizePhoto = join(process.env.ACE_CACHE ?? join(homedir(), '.cache/ace'), 'full-size-photos/Dragonfly_by_Bolly.jpg');

const server = await serve(root, { '/full-size-photos/': resolve(fullSizePhoto, '..') });
const rows = [];
try {
  if (only === undefined) await everyRow();
  if (!smoke && (only === undefined || only === 'page-route')) await pageRouteRow();
  if (!smoke && (only === undefined || only === 'full-size') && existsSync(fullSizePhoto)) await fullSizeRow();
  const wasm = readFileSync(join(root, 'pkg/ace_bg.wasm'));
  rows.push(['wasm size (pkg/ace_bg.wasm)', `${(wasm.length / 1e6).toFixed(2)} MB`, `gzip -9 ${(gzipSync(wasm, { level: 9 }).length / 1e6).toFixed(2)} MB`, '-']);
} finally {
  await server.close();
}

console.log(`\nnative peer: ${aceBin ?? 'none'}${peerNote}`);
console.log(`headless Chromium (${execFileSync(process.env.CHROMIUM ?? '/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).trim()}), ${cpus().length} x ${cpus()[0].model}, median of ${runs}\n`);
console.log('| measurement | ours | peer (same run) | ratio |\n|---|---|---|---|');
for (const row of rows) console.log(`| ${row.join(' | ')} |`);

/** The page's own call (the browser's defaults at 256 px: the network at 128 px, the result enlarged
 * by the shipped file's upscaler) against the same call with `upscale: false` (the 128 px translation
 * carried up with the photo's band alone), on the wasm CPU path, the two alternated run by run. */
async function pageRouteRow() {
  const browser = await launch({ webgpu: false });
  try {
    await browser.page.goto(`${server.url}/tests/browser/page.html`);
    await browser.page.waitForFunction(() => window.loaded === true);
    const times = await browser.page.evaluate(async ({ runs }) => {
      const content = await bytes('/assets/samples/chelsea.png');
      const style = await bytes('/assets/samples/coffee.png');
      const t = await ace.Translator.load(undefined, { backend: 'cpu' });
      const routes = { upscaled: { maxSide: 256 }, plain: { maxSide: 256, upscale: false } };
      const times = { upscaled: [], plain: [] };
      for (const options of Object.values(routes)) await t.translate(content, style, 1, options);
      for (let i = 0; i < runs; i++) {
        for (const [name, options] of Object.entries(routes)) {
          const start = performance.now();
          await t.translate(content, style, 1, options);
          times[name].push(performance.now() - start);
        }
      }
      t.dispose();
      return times;
    }, { runs });
    const [upscaled, plain] = [median(times.upscaled), median(times.plain)];
    rows.push(["wasm CPU, the page's 256 px route (network at 128 px) with the upscaler", `${upscaled.toFixed(0)} ms`,
      `without it (upscale: false) ${plain.toFixed(0)} ms`, (upscaled / plain).toFixed(2)]);
  } finally {
    await browser.close();
  }
}

/** A real 4224 x 3168 photo at full size on the wasm CPU path, as the page's download makes it (decode,
 * translate with a style photo, carry up, PNG), against the native CLI's `--full-size` (decode to PNG);
 * then, once, in a fresh browser, an 8000 x 6000 JPEG mosaic of the sample photos made in the page,
 * with the renderer's peak memory (DevTools protocol + /proc; making the mosaic counts too). */
async function fullSizeRow() {
  let browser = await launch({ webgpu: false });
  let times;
  let large;
  try {
    await browser.page.goto(`${server.url}/tests/browser/page.html`);
    await browser.page.waitForFunction(() => window.loaded === true);
    times = await browser.page.evaluate(async ({ runs }) => {
      const content = await (await fetch('/full-size-photos/Dragonfly_by_Bolly.jpg')).blob();
      const style = await bytes('/assets/samples/coffee.png');
      const t = await ace.Translator.load(undefined, { backend: 'cpu' });
      const once = async () => {
        const start = performance.now();
        const image = await t.translate(content, style, 1, { fullSize: true });
        const canvas = new OffscreenCanvas(image.width, image.height);
        canvas.getContext('2d').putImageData(image, 0, 0);
        await canvas.convertToBlob({ type: 'image/png' });
        return performance.now() - start;
      };
      await once();
      const times = [];
      for (let i = 0; i < runs; i++) times.push(await once());
      t.dispose();
      return times;
    }, { runs });
    await browser.close();
    browser = await launch({ webgpu: false, devtools: true });
    await browser.page.goto(`${server.url}/tests/browser/page.html`);
    await browser.page.waitForFunction(() => window.loaded === true);
    large = await browser.page.evaluate(async () => {
      const canvas = new OffscreenCanvas(8000, 6000);
      const context = canvas.getContext('2d');
      const tiles = await Promise.all(['chelsea.png', 'astronaut.png', 'coffee.png', 'orange.jpg', 'apple.jpg']
        .map(async (name) => createImageBitmap(await (await fetch(`/assets/samples/${name}`)).blob())));
      for (let i = 0, y = 0; y < 6000; y += 500) for (let x = 0; x < 8000; x += 500, i++) context.drawImage(tiles[i % tiles.length], x, y, 500, 500);
      const content = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
      const t = await ace.Translator.load(undefined, { backend: 'cpu' });
      const start = performance.now();
      const image = await t.translate(content, null, 1, { fullSize: true });
      const out = new OffscreenCanvas(image.width, image.height);
      out.getContext('2d').putImageData(image, 0, 0);
      await out.convertToBlob({ type: 'image/png' });
      t.dispose();
      return { ms: performance.now() - start, size: `${image.width}x${image.height}` };
    });
    large.peak = await browser.rendererPeakBytes();
  } finally {
    await browser.close();
  }
  const dir = mkdtempSync(join(tmpdir(), 'ace-bench-'));
  const native = [];
  for (let i = 0; i < (aceBin ? runs : 0); i++) {
    // The whole command (its own "in N s" leaves out decoding, which the browser's figure includes).
    const start = performance.now();
    execFileSync(aceBin, ['translate', '--weights', join(root, 'weights/ace-default.safetensors'),
      '--content', fullSizePhoto, '--style', join(root, 'assets/samples/coffee.png'), '--seed', '1',
      '--full-size', '--backend', 'cpu', '--out', join(dir, 'out.png')]);
    native.push(performance.now() - start);
  }
  const ours = median(times);
  rows.push(['wasm CPU, 4224x3168 photo at full size (decode, translate, carry up, PNG)', `${ours.toFixed(0)} ms`,
    native.length ? `native CLI --full-size, whole command ${median(native).toFixed(0)} ms` : 'native CLI not built', native.length ? (ours / median(native)).toFixed(2) : '-']);
  rows.push([`wasm CPU, ${large.size} mosaic at full size, once`, `${large.ms.toFixed(0)} ms`,
    `renderer peak ${(large.peak / 1e6).toFixed(0)} MB (the browser budget: 2 GB)`, '-']);
}

async function everyRow() {
  // 1. wasm CPU (and WebGPU) inference at 256x256, after a warm-up translation.
  const browser = await launch({ webgpu: true });
  await browser.page.goto(`${server.url}/tests/browser/page.html`);
  await browser.page.waitForFunction(() => window.loaded === true);
  const inference = await browser.page.evaluate(async ({ runs, smoke }) => {
    const bitmap = await createImageBitmap(await (await fetch('/assets/samples/chelsea.png')).blob(), { resizeWidth: 256, resizeHeight: 256 });
    const canvas = new OffscreenCanvas(256, 256);
    canvas.getContext('2d').drawImage(bitmap, 0, 0);
    const content = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
    const style = await bytes('/assets/samples/coffee.png');
    const out = { png: Array.from(content) };
    for (const backend of smoke ? ['cpu'] : ['cpu', 'webgpu']) {
      const t = await ace.Translator.load(undefined, { backend });
      await t.translate(content, style, 1, { maxSide: 256, modelSide: 256 });
      const times = [];
      for (let i = 0; i < runs; i++) {
        const start = performance.now();
        await t.translate(content, style, 1, { maxSide: 256, modelSide: 256 });
        times.push(performance.now() - start);
      }
      out[backend] = { times, adapter: t.backend.adapter };
      t.dispose();
    }
    return out;
  }, { runs, smoke });
  await browser.close();

  // The native peer: the CLI on the same 256x256 PNG (decode + translate, as the browser call does).
  const dir = mkdtempSync(join(tmpdir(), 'ace-bench-'));
  writeFileSync(join(dir, 'content.png'), Buffer.from(inference.png));
  const native = [];
  for (let i = 0; i < (aceBin ? runs : 0); i++) {
    const out = execFileSync(aceBin, ['translate', '--weights', join(root, 'weights/ace-default.safetensors'),
      '--content', join(dir, 'content.png'), '--style', join(root, 'assets/samples/coffee.png'), '--seed', '1',
      '--max-side', '256', '--model-side', '256', '--backend', 'cpu', '--out', join(dir, 'out.png')], { encoding: 'utf8' });
    native.push(1000 * Number(/ in ([\d.]+) s/.exec(out)[1]));
  }
  // The network pass alone (a given style code, no decoding or style encoding) vs onnxruntime-web's
  // wasm backend on the ONNX graph of the same weights (scripts/check/onnx/build_graph.py), one thread each
  // (the page is not cross-origin isolated, so neither can use more).
  const python = join(process.env.ACE_CACHE ?? join(homedir(), '.cache/ace'), 'venv-onnx/bin/python');
  if (!smoke && existsSync(python) && existsSync(join(root, 'node_modules/onnxruntime-web/dist'))) {
    execFileSync(python, [join(root, 'scripts/check/onnx/build_graph.py'), join(root, 'weights/ace-default.safetensors'), join(dir, 'ace.onnx')]);
    const ortServer = await serve(root, { '/ort/': join(root, 'node_modules/onnxruntime-web/dist'), '/model/': dir });
    const b = await launch({ webgpu: false });
    try {
      await b.page.goto(`${ortServer.url}/tests/browser/page.html`);
      await b.page.waitForFunction(() => window.loaded === true);
      const pass = await b.page.evaluate(async ({ runs }) => {
        const time = async (fn) => {
          await fn();
          const times = [];
          for (let i = 0; i < runs; i++) {
            const start = performance.now();
            await fn();
            times.push(performance.now() - start);
          }
          return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
        };
        const pixels = new ImageData(256, 256);
        for (let i = 0; i < pixels.data.length; i++) pixels.data[i] = (i * 37) % 256;
        const t = await ace.Translator.load(undefined, { backend: 'cpu' });
        const style = await t.encodeStyle(pixels);
        const ours = await time(() => t.translate(pixels, style, 0, { variation: 0, maxSide: 256, modelSide: 256 }));
        t.dispose();
        const ort = await import('/ort/ort.wasm.min.mjs');
        ort.env.wasm.numThreads = 1;
        ort.env.wasm.wasmPaths = '/ort/';
        const session = await ort.InferenceSession.create('/model/ace.onnx', { executionProviders: ['wasm'] });
        const feeds = {
          image: new ort.Tensor('float32', new Float32Array(3 * 256 * 256).map((_, i) => ((i * 37) % 256) / 127.5 - 1), [1, 3, 256, 256]),
          style: new ort.Tensor('float32', style.code, [1, style.code.length]),
        };
        const theirs = await time(() => session.run(feeds));
        return { ours, theirs };
      }, { runs });
      rows.push(['wasm CPU network pass, 256x256, 1 thread (ours: gemm simd128 kernels)', `${pass.ours.toFixed(0)} ms`,
        `onnxruntime-web 1.23.2 wasm (SIMD) ${pass.theirs.toFixed(0)} ms`, (pass.ours / pass.theirs).toFixed(2)]);
    } finally {
      await b.close();
      await ortServer.close();
    }
  }

  const cpu = median(inference.cpu.times);
  rows.push(['wasm CPU (flex), 256x256 translation incl. decode + style', `${cpu.toFixed(0)} ms`,
    native.length ? `native CLI flex ${median(native).toFixed(0)} ms` : 'native CLI not built', native.length ? (cpu / median(native)).toFixed(2) : '-']);
  if (inference.webgpu) {
    const gpu = median(inference.webgpu.times);
    rows.push([`WebGPU, ${inference.webgpu.adapter}, 256x256`, `${gpu.toFixed(0)} ms`, `wasm CPU ${cpu.toFixed(0)} ms`, (gpu / cpu).toFixed(2)]);
  }

  // 2. Load to first result, cold (empty cache, fresh profile) and cached (same profile, reloaded page).
  if (!smoke) {
    const timings = { cold: [], cached: [] };
    for (let i = 0; i < runs; i++) {
      const b = await launch({ webgpu: false });
      for (const kind of ['cold', 'cached']) {
        await b.page.goto(`${server.url}/tests/browser/page.html`);
        await b.page.waitForFunction(() => window.loaded === true);
        timings[kind].push(await b.page.evaluate(async () => {
          const content = await bytes('/assets/samples/chelsea.png');
          const start = performance.now();
          const t = await ace.Translator.load(undefined, { backend: 'cpu' });
          await t.translate(content, null, 1, { maxSide: 256, modelSide: 256 });
          t.dispose();
          return performance.now() - start;
        }));
      }
      await b.close();
    }
    const cold = median(timings.cold);
    const cached = median(timings.cached);
    rows.push(['load to first result, cold (download + compile + warm-up + 256 px translation)', `${cold.toFixed(0)} ms`, `cached ${cached.toFixed(0)} ms`, (cold / cached).toFixed(2)]);
  }

  // 3. The demo page (www/dist, `npm run build` in www/): navigation to its first translation (the
  // example it shows by itself, medium size), cold (fresh profile) and cached (service worker + cache).
  if (!smoke && statSync(join(root, 'www/dist/index.html'), { throwIfNoEntry: false })) {
    const site = await serve(join(root, 'www/dist'));
    const timings = { cold: [], cached: [] };
    let backend = '';
    try {
      for (let i = 0; i < runs; i++) {
        const b = await launch({ webgpu: true });
        for (const kind of ['cold', 'cached']) {
          if (kind === 'cached') await b.page.evaluate(() => navigator.serviceWorker.ready);
          const start = Date.now();
          await b.page.goto(site.url);
          await b.page.waitForFunction(() => document.body.dataset.state === 'done', null, { timeout: 300_000 });
          timings[kind].push(Date.now() - start);
          backend = await b.page.textContent('#backend');
        }
        await b.close();
      }
    } finally {
      await site.close();
    }
    const cold = median(timings.cold);
    const cached = median(timings.cached);
    rows.push([`demo page: navigation to first translation, cold (backend ${backend})`, `${cold} ms`, `cached visit ${cached} ms`, (cold / cached).toFixed(2)]);
  }
}
