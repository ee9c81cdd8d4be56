// The demo page in Debian's headless Chromium, as a visitor uses it: the first example appears, a
// dropped photo and a picked style give a real translation, seeds differ, an unreadable file shows a
// message, keyboard and phone-sized screens work, and a second visit works with the network off.
// Needs `npm run build` (dist/). Screenshots go to test-results/ (not committed).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { png } from '../../tests/hostile/battery.mjs';
import { accessible } from './accessible.mjs';
import { closeDemo, dropFile, openDemo } from './demo-page.mjs';

const www = resolve(import.meta.dirname, '..');
const shots = join(www, 'test-results');
mkdirSync(shots, { recursive: true });
let demo;
let page;

before(async () => {
  demo = await openDemo({ webgpu: true, camera: true });
  page = demo.page;
});

after(() => closeDemo(demo));

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

const assertAccessible = (state) => accessible(page, state);

const drop = (name, bytes, type) => dropFile(page, name, bytes, type);

test('first visit: loads, says which backend runs, and shows a first example', async () => {
  // Every total the progress bar is given, from the first one on.
  await page.addInitScript(() => {
    window.progressTotals = [];
    document.addEventListener('DOMContentLoaded', () => {
      const bar = document.getElementById('progress-bar');
      new MutationObserver(() => window.progressTotals.push(bar.max)).observe(bar, { attributes: true, attributeFilter: ['max'] });
    });
  });
  await page.goto(demo.server.url);
  if ((await page.evaluate(() => document.body.dataset.state)) === 'loading') await assertAccessible('loading');
  await page.waitForFunction(() => document.body.dataset.state === 'done', null, { timeout: 180_000 });
  await assertAccessible('ready');
  // One progress bar for everything downloaded, its total known from the start: the engine (wasm,
  // ~14 MB) and the weights (~3 MB).
  const totals = await page.evaluate(() => window.progressTotals);
  assert.ok(totals[0] > 15e6, `the first total the bar showed, ${totals[0]}, counts the wasm and the weights`);
  assert.equal(Math.max(...totals), totals[0], 'the total did not grow during the download');
  const badge = await page.textContent('#backend');
  assert.match(badge, /^(CPU|WebGPU)$/);
  assert.ok((await page.textContent('#backend-reason')).length > 10, 'the reason is shown');
  assert.match(await page.textContent('#timing'), /translated in [\d.]+ s/);
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
  // While the variations compute, the strip holds no tile that could be clicked before it is drawn.
  assert.equal(await page.$$eval('#variations button', (b) => b.filter((x) => !x.querySelector('canvas[data-drawn]')).length), 0);
  const out2 = await pixels('output');
  const [s, fromInput, bySeed] = [std(out1), meanAbsDiff(out1, input), meanAbsDiff(out1, out2)];
  console.log(`output std ${s.toFixed(1)}/255, mean |output - input| ${fromInput.toFixed(1)}/255, seeds 1 vs 2 ${bySeed.toFixed(1)}/255`);
  assert.ok(s > 10, `std ${s}`);
  assert.ok(fromInput > 4, `mean abs diff from the input ${fromInput}`);
  assert.ok(bySeed >= 2, `seeds differ by ${bySeed}`);
  await page.waitForFunction(() => document.querySelectorAll('#variations canvas[data-drawn]').length === 4, null, { timeout: 180_000 });
  await page.screenshot({ path: join(shots, '2-translation.png'), fullPage: true });
});

test('a clicked variation becomes the result, exactly its tile\'s picture at the result\'s size, and stays marked', async () => {
  const strip = () => page.$$eval('#variations canvas', (canvases) => canvases.map((c) => c.toDataURL()));
  const before = await strip();
  const tile = await page.$eval('#variations button:nth-child(3) canvas', (c) =>
    ({ size: [c.width, c.height], rgba: Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data).filter((_, i) => i % 4 !== 3) }));
  const size = await page.evaluate(() => [document.getElementById('output').width, document.getElementById('output').height]);
  assert.deepEqual(tile.size, size, 'the tile is made at the result\'s size');
  await nextTranslation(await translations(), () => page.click('#variations button:nth-child(3)'));
  assert.deepEqual(await pixels('output'), tile.rgba, 'the result is the tile\'s picture');
  assert.deepEqual(await strip(), before, 'the strip was kept, not regenerated around the new seed');
  assert.deepEqual(await page.$$eval('#variations button', (b) => b.map((x) => x.getAttribute('aria-pressed'))), ['false', 'false', 'true', 'false']);
  assert.equal(await page.inputValue('#seed'), String(Number(await page.getAttribute('#variations button:nth-child(3)', 'aria-label').then((l) => l.match(/\d+/)[0]))));
});

test('strength 0 gives the photo back', async () => {
  const translated = meanAbsDiff(await pixels('output'), await pixels('before'));
  try {
    await nextTranslation(await translations(), () => page.fill('#strength', '0').then(() => page.dispatchEvent('#strength', 'change')));
    // The library resamples with Lanczos, the page's "before" canvas with the browser's filter: a
    // pixel or two apart, against tens for a translation.
    const photo = meanAbsDiff(await pixels('output'), await pixels('before'));
    console.log(`mean |output - photo|: strength 1 ${translated.toFixed(1)}/255, strength 0 ${photo.toFixed(1)}/255`);
    assert.ok(photo < 6 && photo < translated / 4, `strength 0 is the photo: ${photo} against ${translated}`);
  } finally {
    await nextTranslation(await translations(), () => page.fill('#strength', '1').then(() => page.dispatchEvent('#strength', 'change')));
  }
});

test('a phone photo (EXIF orientation 6) is translated upright, under an upright "before"', async () => {
  // Stored 64x96 with the tag that turns it to 96x64, as a phone stores a photo taken sideways
  // (tests/fixtures/orientation, made by examples/orientation_fixtures.rs). At strength 0 the output is
  // the decoded photo itself, so it must match the "before" layer the browser drew from the same file.
  const photo = readFileSync(resolve(www, '../tests/fixtures/orientation/6.jpg'));
  try {
    await page.fill('#strength', '0');
    await nextTranslation(await translations(), () => drop('portrait.jpg', photo, 'image/jpeg'));
    const size = await page.evaluate(() => [document.getElementById('output').width, document.getElementById('output').height]);
    assert.deepEqual(size, [96, 64], 'the translation has the upright size');
    const diff = meanAbsDiff(await pixels('output'), await pixels('before'));
    assert.ok(diff < 6, `output and "before" are the same upright picture: ${diff.toFixed(1)}/255 apart`);
  } finally {
    await nextTranslation(await translations(), () => page.fill('#strength', '1').then(() => page.dispatchEvent('#strength', 'change')));
  }
});

test('a photo over a size limit is told which limit, and the last result stays', async () => {
  // 17000x400 is 6.8 megapixels, under the pixel limit: it is the side that is too long. A 30000x30000
  // header (3 rows of data) is refused by the browser's decoder, so the library's verdict is shown.
  for (const [name, bytes] of [['wide.png', png(17000, 400)], ['huge.png', png(30000, 30000, 3)]]) {
    await drop(name, bytes, 'image/png');
    await page.waitForFunction(() => /too large/.test(document.getElementById('message').textContent));
    assert.match(await page.textContent('#message'), /a side is longer than 16384 pixels/, name);
    assert.ok(await page.isVisible('#output'), 'the last result stays');
    await page.evaluate(() => { document.getElementById('message').textContent = ''; });
  }
  const photo = readFileSync(resolve(www, '../assets/samples/chelsea.png'));
  await nextTranslation(await translations(), () => drop('chelsea.png', photo, 'image/png'));
});

test('a webcam snapshot becomes the content photo', async () => {
  await page.click('#camera');
  await page.waitForFunction(() => document.getElementById('camera-video').videoWidth > 0);
  await nextTranslation(await translations(), () => page.click('#snap'));
  assert.ok(!(await page.isVisible('#camera-dialog')), 'the dialog closed');
  assert.ok(std(await pixels('output')) > 10);
});

test('an unreadable file shows a message, not a blank page', async () => {
  // Cut off: the library's precise message, not the browser's "cannot decode".
  const whole = readFileSync(resolve(www, '../assets/samples/orange.jpg'));
  await drop('cut.jpg', whole.subarray(0, whole.length / 2), 'image/jpeg');
  await page.waitForSelector('#message:not([hidden])');
  assert.match(await page.textContent('#message'), /picture file is incomplete/);
  await drop('notes.png', Buffer.from('this is not a picture'), 'image/png');
  await page.waitForFunction(() => /not a picture/.test(document.getElementById('message').textContent));
  const text = await page.textContent('#message');
  assert.match(text, /not a picture/);
  assert.ok(await page.isVisible('#output'), 'the last result stays');
  // The download is named for the photo (still the webcam's), the style and the seed.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
  assert.match(download.suggestedFilename(), /^camera-cat-\d-seed-\d+\.png$/);
  await page.screenshot({ path: join(shots, '3-error.png'), fullPage: true });
});

test('a seed above 2^53 - 1 is refused with a message and the result stays; the largest one works', async () => {
  const shown = await pixels('output');
  await page.fill('#seed', '9007199254740992');
  await page.click('#translate');
  await page.waitForSelector('#message:not([hidden])');
  assert.match(await page.textContent('#message'), /from 0 to 9007199254740991/);
  assert.ok(await page.isVisible('#output'), 'the last result stays');
  assert.deepEqual(await pixels('output'), shown);
  await page.fill('#seed', '9007199254740991');
  await nextTranslation(await translations(), () => page.click('#translate'));
  assert.ok(await page.isHidden('#message'));
  await page.waitForFunction(() => document.querySelectorAll('#variations canvas[data-drawn]').length === 4, null, { timeout: 180_000 });
  assert.deepEqual(await page.$$eval('#variations button', (b) => b.map((x) => x.getAttribute('aria-label'))),
    [1, 2, 3, 4].map((i) => `Use seed ${9007199254740991 - i}`));
  await page.fill('#seed', '1');
});

test('quick changes: the result says it is working, and only the latest request runs', async () => {
  const requests = () => page.evaluate(() => Number(document.body.dataset.requests ?? 0));
  const before = await requests();
  const done = await translations();
  await page.focus('#strength');
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowLeft');
  await page.waitForSelector('#busy:not([hidden])');
  assert.equal(await page.evaluate(() => document.body.dataset.state), 'busy');
  await assertAccessible('busy');
  await page.waitForFunction((n) => Number(document.body.dataset.translations ?? 0) > n && document.body.dataset.state === 'done', done, { timeout: 180_000 });
  const ran = (await requests()) - before;
  assert.ok(ran <= 2, `${ran} translations ran for 4 quick changes (the one running, then the latest)`);
  assert.ok(await page.isHidden('#busy'));
  assert.equal(await page.inputValue('#strength'), '0.8', 'the shown result is of the last value');
});

test('errors raised in the worker keep their friendly message in the production build', async () => {
  // A 1x1 picture (an ImageTooSmallError from the worker's minified library) must not read as "Something went wrong".
  const onePixel = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP438AAAAQBAYDFKhhdAAAAAElFTkSuQmCC', 'base64');
  await drop('dot.png', onePixel, 'image/png');
  await page.waitForSelector('#message:not([hidden])');
  assert.match(await page.textContent('#message'), /too small/);
  // The refused photo does not replace the one before it: that photo and its result stay, as shown.
  assert.ok(await page.isVisible('#compare'), 'the previous result stays');
  assert.ok(await page.isEnabled('#download'), 'and can still be downloaded');
  await page.waitForFunction(() => document.getElementById('content-preview').naturalWidth > 1); // the previous photo, not the dot
  await assertAccessible('error');
});

test('mixing two styles works and stays accessible', async () => {
  await nextTranslation(await translations(), () => page.click('#samples button:nth-child(1)'));
  await nextTranslation(await translations(), () => page.check('#mix'));
  assert.ok(await page.isEnabled('#mix-ratio'));
  await assertAccessible('mixing');
  await nextTranslation(await translations(), () => page.uncheck('#mix'));
});

test('phone-sized screen: no sideways scrolling, and a new result is brought into view', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.evaluate(() => window.scrollTo(0, 0));
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `${overflow}px of sideways scroll`);
  // Touch targets: every control at least 24 px each way (WCAG 2.5.8); buttons, selects, the seed box
  // and the sliders 44 px tall (2.5.5).
  const small = await page.evaluate(() => [...document.querySelectorAll('button, select, input, [tabindex="0"]')].flatMap((el) => {
    if (el.closest('[hidden], dialog:not([open])') || el.classList.contains('visually-hidden')) return [];
    const { width, height } = el.getBoundingClientRect();
    const tall = ['BUTTON', 'SELECT'].includes(el.tagName) || ['number', 'range'].includes(el.type);
    return Math.min(width, height) < 24 || (tall && height < 44) ? [`${el.id || el.tagName} ${Math.round(width)}x${Math.round(height)}`] : [];
  }));
  assert.deepEqual(small, [], 'controls smaller than a finger');
  // When the result's controls wrap, each label stays on the line of its control.
  const cutOff = await page.evaluate(() => [...document.querySelectorAll('.controls label')].filter((label) => {
    const middle = (el) => { const r = el.getBoundingClientRect(); return (r.top + r.bottom) / 2; };
    return Math.abs(middle(label) - middle(document.getElementById(label.htmlFor))) > 12;
  }).map((label) => label.textContent));
  assert.deepEqual(cutOff, []);
  await nextTranslation(await translations(), () => page.click('#samples button:nth-child(2)'));
  await page.waitForFunction(() => {
    const { top, bottom } = document.getElementById('compare').getBoundingClientRect();
    return top >= -1 && bottom <= window.innerHeight + 1; // scrolled to the edge, within a subpixel
  }, null, { timeout: 10_000 });
  await page.waitForFunction(() => document.querySelectorAll('#variations canvas[data-drawn]').length === 4, null, { timeout: 180_000 });
  await page.screenshot({ path: join(shots, '4-phone.png'), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
});

test('a second visit works with the network off (service worker)', async () => {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForSelector('#offline:not([hidden])'); // the page says so once it is true
  await page.waitForFunction(async () => (await caches.keys()).includes('ace-demo-v1') && (await (await caches.open('ace-demo-v1')).keys()).length > 10);
  // Everything the first visit brought over the wire, the offline copy included: at most 5 MB.
  const sent = demo.server.bytesSent();
  console.log(`first visit, offline copy included: ${(sent / 1e6).toFixed(2)} MB sent by the server`);
  assert.ok(sent <= 5e6, `${(sent / 1e6).toFixed(2)} MB on the wire for a first visit`);
  await demo.browser.context.setOffline(true);
  try {
    await page.reload();
    await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.state), null, { timeout: 180_000 });
    assert.equal(await page.evaluate(() => document.body.dataset.state), 'done', await page.textContent('#message'));
    assert.ok(std(await pixels('output')) > 10);
    await page.screenshot({ path: join(shots, '5-offline.png'), fullPage: true });
  } finally {
    await demo.browser.context.setOffline(false);
  }
});

test('an unreadable own style file is named as the style and leaves no broken tile behind', async () => {
  await nextTranslation(await translations(), () => page.click('button[aria-label="Cat style 3"]'));
  const ownStyleLeft = () => page.evaluate(() => ({
    tile: !!document.querySelector('#styles button[data-key="own"]'),
    mix: [...document.getElementById('mix-with').options].some((o) => o.value === 'own'),
    chosen: document.querySelector('#styles button[aria-checked="true"]')?.getAttribute('aria-label'),
  }));
  // Not a picture at all.
  await page.setInputFiles('#style-file', { name: 'look.png', mimeType: 'image/png', buffer: Buffer.from('not a picture either') });
  await page.waitForSelector('#message:not([hidden])');
  assert.match(await page.textContent('#message'), /style file is not a picture/);
  assert.deepEqual(await ownStyleLeft(), { tile: false, mix: false, chosen: 'Cat style 3' });
  // Half a JPEG: the browser draws it (grey below the cut), the library refuses it; the tile goes again.
  const whole = readFileSync(resolve(www, '../assets/samples/orange.jpg'));
  await page.setInputFiles('#style-file', { name: 'cut.jpg', mimeType: 'image/jpeg', buffer: whole.subarray(0, whole.length / 2) });
  await page.waitForFunction(() => document.body.dataset.state === 'error');
  assert.match(await page.textContent('#message'), /style picture file is incomplete/);
  assert.deepEqual(await ownStyleLeft(), { tile: false, mix: false, chosen: 'Cat style 3' });
  // The next Translate works with the style chosen before.
  await nextTranslation(await translations(), () => page.click('#translate'));
  assert.ok(await page.isHidden('#message'));
  await nextTranslation(await translations(), () => page.click('button[aria-label="Cat style 1"]'));
});

test('keyboard: Enter on Translate translates and the focus stays on it', async () => {
  await page.focus('#translate');
  await nextTranslation(await translations(), () => page.keyboard.press('Enter'));
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'translate', 'the focus stayed');
  assert.ok(await page.isEnabled('#translate'), 'still usable while the variations compute');
  await nextTranslation(await translations(), () => page.keyboard.press('Space'));
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'translate');
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

  // The compared pictures say which is which: at any split, each label lies under the picture it names.
  assert.deepEqual(await page.$$eval('.compare-labels span', (s) => s.map((x) => x.textContent)), ['Before', 'After']);
  for (const split of ['0.5', '0.2', '0.8']) {
    await page.fill('#compare-slider', split);
    const under = await page.evaluate(() => {
      const picture = document.getElementById('output').getBoundingClientRect();
      return [...document.querySelectorAll('.compare-labels span')].map((label) => {
        const box = label.getBoundingClientRect();
        const x = label.textContent === 'Before' ? box.left + 2 : box.right - 2;
        const shown = document.elementsFromPoint(x, picture.top + picture.height / 2).find((e) => e.tagName === 'CANVAS');
        return `${label.textContent}: ${shown?.id}`;
      });
    });
    assert.deepEqual(under, ['Before: before', 'After: output'], `slider at ${split}`);
  }
  await page.fill('#compare-slider', '0');
  // Keyboard focus does not look like the selection: a selected tile with focus shows both.
  await page.focus('#styles button[aria-checked="true"]');
  const look = await page.$eval('#styles button[aria-checked="true"]', (b) => { const s = getComputedStyle(b); return { outline: s.outlineColor, border: s.borderColor, width: s.outlineWidth }; });
  assert.notEqual(look.outline, look.border, `focus ring ${look.outline} vs selected border ${look.border}`);
  assert.notEqual(look.width, '0px');

  // The style tiles are one radio group: one tab stop, arrow keys move the choice.
  await page.focus('#styles button[aria-checked="true"]');
  const before = await page.evaluate(() => document.activeElement.dataset.key);
  await page.keyboard.press('ArrowRight');
  const after = await page.evaluate(() => ({ focused: document.activeElement.dataset.key, checked: document.querySelector('#styles [aria-checked="true"]').dataset.key }));
  assert.notEqual(after.focused, before);
  assert.equal(after.checked, after.focused, 'the arrow key moved the choice with the focus');
  assert.equal(await page.$$eval('#styles button', (tiles) => tiles.filter((t) => t.tabIndex === 0).length), 1);

  // Tabbing through the whole page never lands on an invisible element (the file inputs are not tab stops).
  await page.focus('body');
  const invisible = [];
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const box = await page.evaluate(() => { const r = document.activeElement.getBoundingClientRect(); return { id: document.activeElement.id, w: r.width, h: r.height }; });
    if (box.w <= 2 || box.h <= 2) invisible.push(box.id);
  }
  assert.deepEqual(invisible, []);
});
