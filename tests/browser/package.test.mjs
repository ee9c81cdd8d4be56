// The package as a stranger gets it: `npm pack` pkg/, install the tarball into a fresh Vite + TypeScript
// app, type-check it, `vite build` it, serve the build and translate in headless Chromium. This is the
// test that the wasm and the default weights are found after bundling (new URL(..., import.meta.url)).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serve } from './server.mjs';
import { launch } from './browser.mjs';

const root = resolve(import.meta.dirname, '../..');

test('npm pack -> fresh Vite app -> tsc + vite build -> translates in Chromium', async () => {
  const scratch = mkdtempSync(join(tmpdir(), 'ace-vite-app-'));
  try {
    const packed = execFileSync('npm', ['pack', join(root, 'pkg'), '--pack-destination', scratch, '--silent'], { encoding: 'utf8' }).trim().split('\n').at(-1);
    const app = join(scratch, 'app');
    mkdirSync(join(app, 'src'), { recursive: true });
    writeFileSync(join(app, 'package.json'), JSON.stringify({
      name: 'scratch-app', private: true, type: 'module',
      dependencies: { 'ace-translate': `file:../${packed}` },
      devDependencies: { vite: '~7.3.0', typescript: '~5.9.3' },
    }, null, 2));
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'es2022', module: 'esnext', moduleResolution: 'bundler', strict: true, noEmit: true, lib: ['es2022', 'dom'], types: [] },
      include: ['src'],
    }));
    writeFileSync(join(app, 'index.html'), '<!doctype html><meta charset="utf-8"><script type="module" src="/src/main.ts"></script>');
    writeFileSync(join(app, 'src/main.ts'), `
import { Translator, translate, WeightsError, type BackendInfo } from 'ace-translate';

async function main(): Promise<void> {
  const content = new Uint8Array(await (await fetch('/chelsea.png')).arrayBuffer());
  const t = await Translator.load(undefined, { backend: 'cpu' });
  const info: BackendInfo = t.backend;
  const image: ImageData = await t.translate(content, null, 3, { maxSide: 48 });
  const viaDefault = await translate(content, content, 4);
  const typed = await Translator.load(new Uint8Array([1, 2, 3])).catch((e) => e instanceof WeightsError);
  // Error names are API: they must survive the app's minifier (and postMessage, where instanceof cannot go).
  const onePixel = new ImageData(1, 1);
  const names = [
    await Translator.load(new Uint8Array([1, 2, 3])).catch((e: Error) => e.name),
    await t.translate(onePixel, null, 0).catch((e: Error) => e.name),
    await t.translate(content, null, 0, { strength: 2 }).catch((e: Error) => e.name),
  ];
  (window as unknown as { result: unknown }).result = { backend: info.name, size: [image.width, image.height], viaDefault: viaDefault.width, typed, names };
}
main().catch((e) => ((window as unknown as { result: unknown }).result = { error: String(e) }));
`);
    // The API tour (every entry point in use) is type-checked against the packed package too.
    writeFileSync(join(app, 'src/api-tour.ts'), readFileSync(join(root, 'tests/browser/api-tour.ts')));
    mkdirSync(join(app, 'public'));
    writeFileSync(join(app, 'public/chelsea.png'), readFileSync(join(root, 'assets/samples/chelsea.png')));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--silent'], { cwd: app, stdio: 'inherit' });
    execFileSync('npx', ['tsc', '-p', '.'], { cwd: app, stdio: 'inherit' });
    execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: app, stdio: 'inherit' });
    const assets = readdirSync(join(app, 'dist/assets'));
    assert.ok(assets.some((f) => f.endsWith('.wasm')), `the wasm is bundled: ${assets}`);
    assert.ok(assets.some((f) => f.includes('ace-default') && f.endsWith('.safetensors')), `the weights are bundled: ${assets}`);

    const server = await serve(join(app, 'dist'));
    const browser = await launch({ webgpu: false });
    try {
      browser.page.on('console', (m) => console.log(`[page] ${m.text()}`));
      await browser.page.goto(server.url);
      await browser.page.waitForFunction(() => window.result !== undefined, null, { timeout: 120_000 });
      const result = await browser.page.evaluate(() => window.result);
      if (result.error) console.log(browser.logs.join('\n'));
      assert.deepEqual(result, {
        backend: 'cpu', size: [48, 32], viaDefault: 451, typed: true,
        names: ['WeightsError', 'ImageTooSmallError', 'InvalidOptionError'],
      });
    } finally {
      await browser.close();
      await server.close();
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
