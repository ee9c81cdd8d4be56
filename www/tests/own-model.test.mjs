// "Use your own model" on the production build, as a visitor uses it: a model that `ace fine-tune`
// wrote (a tiny one, fine-tuned for two steps in this test run on the page's own sample and style
// photos) chosen with its manifest, translating, named with its digest on the badge; a damaged file and
// a manifest of another file refused with the running model kept; back to the default in one click; the
// same model by address (`?model=`), which the service worker does not store; and a host that does not
// allow other sites to read it, refused with the default one click away.
// Needs `npm run build` (dist/) and the `ace` CLI (the workspace's debug build, as the library tests).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { serve } from '../../tests/browser/server.mjs';
import { launch } from '../../tests/browser/browser.mjs';

const www = resolve(import.meta.dirname, '..');
const ace = process.env.ACE_BIN ?? join(process.env.CARGO_TARGET_DIR ?? join(homedir(), '.cache/ace/target'), 'debug/ace');
let fixture; // { dir, weights, manifest: parsed }
let server;
let otherOrigin;
let browser;
let page;

/** A tiny model (`ace init --preset tiny`), fine-tuned for two steps towards the page's cat styles with
 * its sample photos as content: what a visitor brings, made the way they make it, in seconds. */
function fineTunedFixture() {
  const dir = mkdtempSync(join(tmpdir(), 'ace-own-model-'));
  const run = (args) => execFileSync(ace, args, { cwd: resolve(www, '..') }); // the CLI reads assets/ from the repository
  run(['init', '--preset', 'tiny', '--out', join(dir, 'tiny.safetensors')]);
  const config = { batch_size: 2, crop: 32, resize: 36, steps: 2, checkpoint_every: 2, sample_every: 1000, discriminator: { scales: 1, width: 8, layers: 2 } };
  writeFileSync(join(dir, 'fine-tune.json'), JSON.stringify(config));
  run(['fine-tune', '--backend', 'cpu', '--from', join(dir, 'tiny.safetensors'), '--content', join(www, 'public/samples'),
    '--style', join(www, 'public/styles'), '--config', join(dir, 'fine-tune.json'), '--out', join(dir, 'run')]);
  const weights = join(dir, 'run/fine-tuned.safetensors');
  return { dir, weights, manifest: JSON.parse(readFileSync(`${weights}.json`, 'utf8')) };
}

before(async () => {
  fixture = fineTunedFixture();
  server = await serve(join(www, 'dist'), { '/own/': join(fixture.dir, 'run') }, { host: true });
  otherOrigin = await serve(join(fixture.dir, 'run')); // another port: another origin, no CORS headers
  browser = await launch({ webgpu: false });
  page = browser.page;
});

after(async () => {
  if (process.exitCode) console.log(browser?.logs.join('\n'));
  await browser?.close();
  await server?.close();
  await otherOrigin?.close();
  if (fixture) rmSync(fixture.dir, { recursive: true, force: true });
});

const settled = () => page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.state), null, { timeout: 180_000 });
const translations = () => page.evaluate(() => Number(document.body.dataset.translations ?? 0));
const badge = () => page.textContent('#model-name');
const message = async () => ((await page.isVisible('#message')) ? page.textContent('#message') : '');
const output = () => page.$eval('#output', (c) => c.toDataURL());

/** Chooses files with the model picker; each is a path or { name, buffer }. */
async function choose(...files) {
  const shown = await translations();
  const asBuffer = (f) => (typeof f === 'string' ? { name: basename(f), buffer: readFileSync(f) } : f);
  await page.setInputFiles('#model-file', files.map((f) => ({ mimeType: 'application/octet-stream', ...asBuffer(f) })));
  return shown;
}

test('a fine-tuned file chosen with its manifest translates, and the badge names it with its digest', async () => {
  await page.goto(server.url);
  await page.waitForFunction(() => document.body.dataset.state === 'done', null, { timeout: 180_000 });
  assert.match(await badge(), /^Model: the default · [0-9a-f]{8}$/);
  assert.ok(await page.isHidden('#default-model'), 'no way back is offered while the default runs');
  const defaultPicture = await output();

  const shown = await choose(fixture.weights, `${fixture.weights}.json`);
  await page.waitForFunction((n) => Number(document.body.dataset.translations) > n && document.body.dataset.state === 'done', shown, { timeout: 180_000 });
  assert.equal(await badge(), `Model: fine-tuned.safetensors · ${fixture.manifest.sha256.slice(0, 8)}`);
  assert.match(await page.getAttribute('#model-name', 'title'), new RegExp(`sha256 ${fixture.manifest.sha256}`));
  assert.notEqual(await output(), defaultPicture, 'the photo was translated again, by the other model');
  assert.ok(await page.isVisible('#default-model'));
});

test('a damaged file, or a manifest of another file, is refused with a clear message; the model before it keeps running', async () => {
  const running = await badge();
  const bytes = readFileSync(fixture.weights);
  const cases = [
    [[{ name: 'cut.safetensors', buffer: bytes.subarray(0, bytes.length >> 1) }], /That model cannot be used: .+ The model before it still runs\./],
    [[{ name: 'other.safetensors', buffer: Buffer.concat([bytes.subarray(0, 8), Buffer.alloc(64, 0x7b)]) }], /That model cannot be used/],
    [[fixture.weights, { name: 'fine-tuned.safetensors.json', buffer: Buffer.from(readFileSync(join(www, '../weights/ace-default.safetensors.json'))) }], /checksum|bytes, expected/],
    [[{ name: 'a.json', buffer: Buffer.from('{}') }], /Choose one model file/],
  ];
  for (const [files, expected] of cases) {
    await page.evaluate(() => (document.getElementById('message').hidden = true)); // the last case's
    await choose(...files);
    await page.waitForSelector('#message', { state: 'visible', timeout: 180_000 });
    assert.match(await message(), expected, `${files.map((f) => f.name ?? f).join(' + ')}`);
    assert.equal(await badge(), running, 'the running model stays');
  }
  // It still translates.
  const shown = await translations();
  await page.click('#translate');
  await page.waitForFunction((n) => Number(document.body.dataset.translations) > n && document.body.dataset.state === 'done', shown, { timeout: 180_000 });
});

test('back to the default in one click', async () => {
  await page.click('#default-model');
  await page.waitForFunction(() => /the default/.test(document.getElementById('model-name').textContent) && document.body.dataset.state === 'done', null, { timeout: 180_000 });
  assert.ok(await page.isHidden('#default-model'));
});

test('?model= loads a same-origin model with its manifest, and neither cache keeps it', async () => {
  // The service worker is installed and controls the page before the address is used.
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.goto(`${server.url}/?model=/own/fine-tuned.safetensors`);
  await page.waitForFunction(() => /fine-tuned/.test(document.getElementById('model-name').textContent) && document.body.dataset.state === 'done', null, { timeout: 180_000 });
  assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null), 'the service worker saw the download');
  assert.equal(server.hits.get('/own/fine-tuned.safetensors.json'), 1, 'the manifest beside it was read');
  const stored = await page.evaluate(async () => {
    const urls = [];
    for (const name of await caches.keys()) for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
    return urls;
  });
  assert.deepEqual(stored.filter((url) => new URL(url).pathname.startsWith('/own/')), [], 'no cache holds the visitor\'s model');
  // Back to the default drops the address, so a reload does not bring the other model back.
  await page.click('#default-model');
  await page.waitForFunction(() => /the default/.test(document.getElementById('model-name').textContent), null, { timeout: 180_000 });
  assert.equal(new URL(page.url()).search, '');
});

test('?model= on a host that does not allow other sites to read it, or not an http address: refused, the default one click away', async () => {
  const refused = [
    [`${otherOrigin.url}/fine-tuned.safetensors`, /could not be downloaded: .+CORS/],
    ['javascript:alert(1)', /http or https address, not javascript:/],
  ];
  for (const [address, expected] of refused) {
    await page.goto(`${server.url}/?model=${encodeURIComponent(address)}`);
    await settled();
    assert.match(await message(), expected);
    assert.equal(await page.textContent('#retry'), 'Use the default model');
    await page.click('#retry');
    await page.waitForFunction(() => /the default/.test(document.getElementById('model-name').textContent) && document.body.dataset.state === 'done', null, { timeout: 180_000 });
  }
});
