// The demo page in Debian's headless Chromium, as a visitor uses it: the first example appears, a
// dropped photo and a picked style give a real translation, seeds differ, an unreadable file shows a
// message, keyboard and phone-sized screens work, and a second visit works with the network off.
// Needs `npm run build` (dist/). Screenshots go to test-results/ (not committed).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { serve } from '../../tests/browser/server.mjs';
import { launch } from '../../tests/browser/browser.mjs';

const www = resolve(import.meta.dirname, '..');
const shots = join(www, 'test-results');
mkdirSync(shots, { recursive: true });
let server;
let browser;
let page;

before(async () => {
  server = await serve(join(www, 'dist'));
  browser = await launch({ webgpu: true, camera: true });
  page = browser.page;
  await page.setViewportSize({ width: 1280, height: 900 });
});

after(async () => {
  if (process.exitCode) console.log(browser?.logs.join('\n'));
  await browser?.close();
  await server?.close();
});

const translations = () => page.evaluate(() => Number(document.body.dataset.translations ?? 0));
async function nextTranslation(before, action) {
  await action();
  await page.waitForFunction((n) => Number(document.body.dataset.translations ?? 0) > n && document.body.dataset.state === 'done', before, { timeout: 180_000 });
}

// Pixels of a canvas, 0-255, alpha dropped.
const pixels = (id) => page.evaluate((id) => {
  const c = document.getElementById(id);
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  return Array.from(d).filter((_, i) => i % 4 !== 3);
}, id);
const std = (xs) => {
  const m = xs.reduce((s, v) => s + v, 0) / xs.length;
  return Math.sqrt(xs.reduce((s, v) => s + (v - m) ** 2, 0) / xs.length);
};
const meanAbsDiff = (a, b) => a.reduce((s, v, i) => s + Math.abs(v - b[i]), 0) / a.length;

async function drop(name, bytes, type) {
  await page.evaluate(({ name, data, type }) => {
    const file = new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], name, { type });
    const transfer = new DataTransfer();
    transfer.items.add(file);
    document.getElementById('dropzone').dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, { name, data: Buffer.from(bytes).toString('base64'), type });
}

test('first visit: loads, says which backend runs, and shows a first example', async () => {
  await page.goto(server.url);
  await page.waitForFunction(() => document.body.dataset.state === 'done', null, { timeout: 180_000 });
  const badge = await page.textContent('#backend');
  assert.match(badge, /^(CPU|WebGPU)$/);
  assert.ok((await page.textContent('#backend-reason')).length > 10, 'the reason is shown');
  assert.match(await page.textContent('#timing'), /last translation: [\d.]+ s/);
  await page.screenshot({ path: join(shots, '1-first-load.png'), fullPage: true });
});

test('drop a photo, pick a style, translate: a real picture that differs from the input and by seed', async () => {
  const photo = readFileSync(resolve(www, '../assets/samples/coffee.png'));
  await nextTranslation(await translations(), () => drop('coffee.png', photo, 'image/png'));
  await nextTranslation(await translations(), () => page.click('button[aria-label="Cat style 2"]'));
  await page.fill('#seed', '1');
  await nextTranslation(await translations(), () => page.click('#translate'));
  const out1 = await pixels('output');
  const input = await pixels('before');
  await page.fill('#seed', '2');
  await nextTranslation(await translations(), () => page.click('#translate'));
  const out2 = await pixels('output');
  const [s, fromInput, bySeed] = [std(out1), meanAbsDiff(out1, input), meanAbsDiff(out1, out2)];
  console.log(`output std ${s.toFixed(1)}/255, mean |output - input| ${fromInput.toFixed(1)}/255, seeds 1 vs 2 ${bySeed.toFixed(1)}/255`);
  assert.ok(s > 10, `std ${s}`);
  assert.ok(fromInput > 4, `mean abs diff from the input ${fromInput}`);
  assert.ok(bySeed >= 2, `seeds differ by ${bySeed}`);
  await page.waitForFunction(() => document.querySelectorAll('#variations canvas[data-drawn]').length === 4, null, { timeout: 180_000 });
  await page.screenshot({ path: join(shots, '2-translation.png'), fullPage: true });
});

test('a webcam snapshot becomes the content photo', async () => {
  await page.click('#camera');
  await page.waitForFunction(() => document.getElementById('camera-video').videoWidth > 0);
  await nextTranslation(await translations(), () => page.click('#snap'));
  assert.ok(!(await page.isVisible('#camera-dialog')), 'the dialog closed');
  assert.ok(std(await pixels('output')) > 10);
});

test('an unreadable file shows a message, not a blank page', async () => {
  await drop('notes.png', Buffer.from('this is not a picture'), 'image/png');
  await page.waitForSelector('#message:not([hidden])');
  const text = await page.textContent('#message');
  assert.match(text, /not a picture/);
  assert.ok(await page.isVisible('#output'), 'the last result stays');
  await page.screenshot({ path: join(shots, '3-error.png'), fullPage: true });
});

test('phone-sized screen: no sideways scrolling', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `${overflow}px of sideways scroll`);
  await page.screenshot({ path: join(shots, '4-phone.png'), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
});

test('a second visit works with the network off (service worker)', async () => {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(async () => (await caches.keys()).includes('ace-demo-v1') && (await (await caches.open('ace-demo-v1')).keys()).length > 10);
  await browser.context.setOffline(true);
  try {
    await page.reload();
    await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.state), null, { timeout: 180_000 });
    assert.equal(await page.evaluate(() => document.body.dataset.state), 'done', await page.textContent('#message'));
    assert.ok(std(await pixels('output')) > 10);
    await page.screenshot({ path: join(shots, '5-offline.png'), fullPage: true });
  } finally {
    await browser.context.setOffline(false);
  }
});

test('keyboard: the drop zone opens the file picker; controls are labelled', async () => {
  const chooser = page.waitForEvent('filechooser', { timeout: 30_000 });
  await page.focus('#dropzone');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'dropzone');
  await page.keyboard.press('Enter');
  assert.ok(await chooser);
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll('button, input, select')]
    .filter((el) => !(el.getAttribute('aria-label') || el.labels?.length || el.textContent.trim() || el.classList.contains('visually-hidden')))
    .map((el) => el.outerHTML.slice(0, 80)));
  assert.deepEqual(unlabelled, []);
});
