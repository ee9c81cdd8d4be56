// The demo page: pick a photo and a style, get the translation. The model runs in a worker (model-worker.ts);
// this file only wires the controls. `document.body.dataset.state` (loading, ready, busy, done, error)
// tells the end-to-end tests, and assistive tech through the live regions, where the page is.
import type { Progress } from 'ace-translate';
import { drawInto, setSplit, showResult } from './compare';
import { onContent, openCamera, snapshot } from './content';
import { ModelWorker } from './model-worker';
import { backendLine, friendly } from './messages';
import type { StyleImage } from './protocol';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const SAMPLES = ['chelsea', 'astronaut', 'coffee', 'orange'];
const STYLES = ['cat-1', 'cat-2', 'cat-3', 'cat-4'];
const STAGES: Record<Progress['stage'], string> = {
  download: 'Downloading the model',
  cache: 'Reading the model from this device',
  compile: 'Preparing the model',
  warmup: 'Warming up',
  ready: 'Ready',
};

const model = new ModelWorker();
const state = {
  content: undefined as Blob | undefined,
  contentBitmap: undefined as ImageBitmap | undefined,
  /** The photo before a new one, until the new one has translated: it comes back if the library refuses
   * the new one (too large, say), with its result still shown. */
  previousContent: undefined as { blob: Blob; bitmap: ImageBitmap; url: string } | undefined,
  style: 'cat-1' as string, // a gallery key, 'own', or 'none'
  ownStyle: undefined as Blob | undefined,
  styleBeforeOwn: 'cat-1' as string, // what comes back when your own style file turns out unreadable
  ready: false,
  run: 0,
  result: undefined as ImageData | undefined,
  /** Set when a variation was clicked: its strip stays (the clicked one marked) instead of being redrawn. */
  keepStrip: false,
  /** Set once the visitor has done something: only then does a new result scroll into view. */
  acted: false,
  /** When the latest translation was asked for: the time shown is what the visitor waited since. */
  askedAt: 0,
};
const styleBlobs = new Map<string, Blob>();
/** Resolves once the model has loaded (and the library has stored it for the next visit). */
let markLoaded = () => {};
const modelLoaded = new Promise<void>((resolve) => (markLoaded = resolve));

function setState(value: 'loading' | 'ready' | 'busy' | 'done' | 'error') {
  document.body.dataset.state = value;
  $('busy').hidden = value !== 'busy';
}

function showError(error: unknown, retry?: () => void) {
  const box = $('message');
  box.textContent = friendly(error);
  box.dataset.error = error instanceof Error ? error.name : 'Error';
  if (retry) {
    const again = Object.assign(document.createElement('button'), { type: 'button', id: 'retry', textContent: 'Try again' });
    again.addEventListener('click', retry, { once: true });
    box.append(' ', again);
  }
  box.hidden = false;
  setState('error');
}

function clearError() {
  $('message').hidden = true;
}

/** After a failed translation the shown result no longer matches the inputs: take it away, and with
 * it the download and the variations, so nothing on screen claims to be this photo's translation. */
function clearResult() {
  state.result = undefined;
  $('compare').hidden = true;
  $<HTMLButtonElement>('download').disabled = true;
  $('variations').replaceChildren();
  $('timing').textContent = '';
}

function onProgress({ stage, loaded, total }: Progress) {
  $('progress').hidden = stage === 'ready';
  $('progress-label').textContent = `${STAGES[stage]}…`;
  const bar = $<HTMLProgressElement>('progress-bar');
  if (total > 0) {
    bar.max = total;
    bar.value = loaded;
  } else {
    bar.removeAttribute('value'); // indeterminate
  }
}

async function blobOf(url: string): Promise<Blob> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not load ${url}`);
  return response.blob();
}

/** Why the library refuses a file the browser could not draw: its typed error names the fault (cut off,
 * too large, not a picture), where the browser only says it failed. At strength 0 no network runs. */
async function libraryVerdict(blob: Blob): Promise<unknown> {
  if (!state.ready) return undefined;
  try {
    await model.translate({ content: blob, styles: [], weights: [1], seeds: [0], strength: 0, maxSide: 64 });
    return undefined;
  } catch (error) {
    return error;
  }
}

async function setContent(blob: Blob) {
  clearError();
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob);
  } catch {
    showError((await libraryVerdict(blob)) ?? Object.assign(new Error('unreadable image'), { name: 'InvalidImageError' }));
    return;
  }
  const preview = $<HTMLImageElement>('content-preview');
  forgetPreviousContent();
  if (state.content && state.contentBitmap) state.previousContent = { blob: state.content, bitmap: state.contentBitmap, url: preview.src };
  state.content = blob;
  state.contentBitmap = bitmap;
  preview.src = URL.createObjectURL(blob);
  preview.hidden = false;
  $('drop-help').textContent = 'Drop, paste or choose another photo';
  $<HTMLButtonElement>('translate').disabled = !state.ready;
  if (state.ready) await translate();
}

/** The photo before the current one is no longer needed: the current one translated. */
function forgetPreviousContent() {
  const previous = state.previousContent;
  if (!previous) return;
  state.previousContent = undefined;
  previous.bitmap.close();
  if (previous.url.startsWith('blob:')) URL.revokeObjectURL(previous.url);
}

/** The library refused the new photo: the one before it, and its result, come back. */
function restorePreviousContent() {
  const previous = state.previousContent!;
  state.previousContent = undefined;
  const preview = $<HTMLImageElement>('content-preview');
  if (preview.src.startsWith('blob:')) URL.revokeObjectURL(preview.src);
  state.contentBitmap?.close();
  [state.content, state.contentBitmap, preview.src] = [previous.blob, previous.bitmap, previous.url];
}

async function styleList(): Promise<{ styles: StyleImage[]; weights: number[] }> {
  const pick = async (key: string): Promise<StyleImage | undefined> => {
    if (key === 'none') return undefined;
    if (key === 'own') return state.ownStyle && { key: `own:${state.ownStyle.size}:${(state.ownStyle as File).name ?? ''}`, image: state.ownStyle };
    if (!styleBlobs.has(key)) styleBlobs.set(key, await blobOf(`./styles/${key}.jpg`));
    return { key, image: styleBlobs.get(key)! };
  };
  const first = await pick(state.style);
  const mixing = $<HTMLInputElement>('mix').checked;
  const second = mixing ? await pick($<HTMLSelectElement>('mix-with').value) : undefined;
  if (first && second) {
    const ratio = Number($<HTMLInputElement>('mix-ratio').value);
    return { styles: [first, second], weights: [1 - ratio, ratio] };
  }
  return { styles: first ? [first] : second ? [second] : [], weights: [1] };
}

/**
 * The seed box as a whole number, or undefined (and a message) above 2^53 - 1: JavaScript numbers are
 * exact only up to there, and a seed that silently became its neighbour would not be the visitor's seed.
 */
function seed(): number | undefined {
  const box = $<HTMLInputElement>('seed');
  const value = Math.max(0, Math.floor(Number(box.value) || 0));
  if (value > Number.MAX_SAFE_INTEGER) {
    showError(Object.assign(new Error(box.value), { name: 'SeedRangeError' }));
    return undefined;
  }
  box.value = String(value);
  return value;
}

/**
 * Only the latest request runs. Every control change asks for a translation; while one is running
 * (the worker cannot interrupt a wasm call) the newest ask waits in a single slot, replacing any older
 * one, and runs when the current one ends. Four quick presses on Strength thus cost two translations,
 * not four, and a result that is not the latest is never shown.
 */
let running = false;
let again = false;
async function translate() {
  state.askedAt = performance.now();
  if (running) {
    again = true;
    state.run++; // whatever is running now is no longer the latest
    return;
  }
  running = true;
  try {
    do {
      again = false;
      await translateOnce();
    } while (again);
  } finally {
    running = false;
  }
}

async function translateOnce() {
  if (!state.content || !state.ready || !state.contentBitmap) return;
  const run = ++state.run;
  const askedAt = state.askedAt;
  const keepStrip = state.keepStrip;
  state.keepStrip = false;
  document.body.dataset.requests = String(Number(document.body.dataset.requests ?? 0) + 1);
  const base = seed();
  if (base === undefined) return; // the message says why; the last result stays, named by its seed
  clearError();
  // Translate stays enabled while busy: a press then asks for the latest settings (the scheduler above
  // runs it next), and disabling it would drop the keyboard focus to the page.
  setState('busy');
  try {
    const { styles, weights } = await styleList();
    const strength = Number($<HTMLInputElement>('strength').value);
    const maxSide = Number($<HTMLSelectElement>('size').value);
    const { images: [image] } = await model.translate({ content: state.content, styles, weights, seeds: [base], strength, maxSide });
    if (run !== state.run) return; // a newer request replaced this one
    state.result = image;
    forgetPreviousContent();
    $('compare').hidden = false;
    showResult(image, state.contentBitmap, $('before'), $('output'));
    setSplit($('output'), Number($<HTMLInputElement>('compare-slider').value));
    $<HTMLButtonElement>('download').disabled = false;
    // What the visitor waited, from the click (or change) to the picture: a request that waited for the
    // one before it counts that wait too.
    $('timing').textContent = `translated in ${((performance.now() - askedAt) / 1000).toFixed(2)} s (${image.width}x${image.height})`;
    document.body.dataset.translations = String(Number(document.body.dataset.translations ?? 0) + 1);
    setState('done');
    if (state.acted) revealOnSmallScreens();
    if (!keepStrip) await variations(base, styles, weights, strength, maxSide, run);
  } catch (e) {
    if (run === state.run) {
      const refusedNewPhoto = inputOf(e) === 'content' && state.previousContent && state.result;
      if (refusedNewPhoto) restorePreviousContent();
      else clearResult();
      showError(e);
      if (inputOf(e) === 'style' && usesOwnStyle()) forgetOwnStyle();
    }
  }
}

const inputOf = (error: unknown) => (error as { details?: { input?: string } }).details?.input;
const usesOwnStyle = () => state.style === 'own' || ($<HTMLInputElement>('mix').checked && $<HTMLSelectElement>('mix-with').value === 'own');

/** Your own style file was refused by the library: its tile and its place in the mix list go, and the
 * style chosen before it comes back, so the next Translate does not repeat the error. */
function forgetOwnStyle() {
  state.ownStyle = undefined;
  $('styles').querySelector('button[data-key="own"]')?.remove();
  const mixWith = $<HTMLSelectElement>('mix-with');
  [...mixWith.options].find((o) => o.value === 'own')?.remove();
  if (state.style === 'own') chooseStyle(state.styleBeforeOwn, false);
}

/** On a phone the result is far below the controls: bring it into view once it is there. */
function revealOnSmallScreens() {
  const result = $('compare');
  const { top, bottom } = result.getBoundingClientRect();
  if (top < 0 || bottom > window.innerHeight) result.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
}

/**
 * Four more seeds as one batch (the content is encoded once), at the size of the result, so a tile is
 * exactly the picture its seed gives: clicking it shows that picture without translating again. The
 * tiles appear only once drawn; the strip says it is busy meanwhile.
 */
async function variations(base: number, styles: StyleImage[], weights: number[], strength: number, maxSide: number, run: number) {
  const strip = $('variations');
  strip.replaceChildren();
  strip.setAttribute('aria-busy', 'true');
  // The four seeds after this one (before it, at the top of the range).
  const seeds = [1, 2, 3, 4].map((i) => (base + 4 <= Number.MAX_SAFE_INTEGER ? base + i : base - i));
  const { images } = await model.translate({ content: state.content!, styles, weights, seeds, strength, maxSide });
  if (run !== state.run) return;
  strip.removeAttribute('aria-busy');
  strip.replaceChildren(...images.map((image, i) => variationTile(seeds[i], image, run)));
}

function variationTile(seed: number, image: ImageData, run: number): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.setAttribute('aria-label', `Use seed ${seed}`);
  button.setAttribute('aria-pressed', 'false');
  const canvas = document.createElement('canvas');
  drawInto(canvas, image);
  button.append(canvas);
  button.addEventListener('click', () => {
    for (const other of $('variations').querySelectorAll('button')) other.setAttribute('aria-pressed', String(other === button));
    $<HTMLInputElement>('seed').value = String(seed);
    state.acted = true;
    if (run === state.run && !running) {
      // Nothing changed since the strip was made: its picture is this seed's translation.
      state.result = image;
      showResult(image, state.contentBitmap!, $('before'), $('output'));
      setSplit($('output'), Number($<HTMLInputElement>('compare-slider').value));
      $('timing').textContent = `seed ${seed}, from the variations (${image.width}x${image.height})`;
      document.body.dataset.translations = String(Number(document.body.dataset.translations ?? 0) + 1);
      setState('done');
      revealOnSmallScreens();
    } else {
      state.keepStrip = true; // settings changed meanwhile: translate this seed with the new ones
      void translate();
    }
  });
  return button;
}

/** Your own style as a tile of the style group, with its thumbnail, selectable like the others. */
function ownTile(styles: HTMLElement, file: Blob, choose: (key: string) => void) {
  let tile = styles.querySelector<HTMLButtonElement>('button[data-key="own"]');
  if (!tile) {
    tile = document.createElement('button');
    tile.type = 'button';
    tile.dataset.key = 'own';
    tile.setAttribute('role', 'radio');
    tile.setAttribute('aria-label', 'Your style');
    tile.addEventListener('click', () => choose('own'));
    styles.append(tile);
  }
  const old = tile.querySelector('img');
  if (old) URL.revokeObjectURL(old.src);
  const image = Object.assign(document.createElement('img'), { alt: '', src: URL.createObjectURL(file) });
  tile.replaceChildren(image);
}

/** Makes `key` the chosen style tile (a radio group: the chosen tile is the one tab stop). */
function chooseStyle(key: string, translateNow = true) {
  state.style = key;
  for (const b of $('styles').querySelectorAll<HTMLButtonElement>('button')) {
    b.setAttribute('aria-checked', String(b.dataset.key === key));
    b.tabIndex = b.dataset.key === key ? 0 : -1;
  }
  if (translateNow) void translate();
}

function buildGalleries() {
  const samples = $('samples');
  for (const name of SAMPLES) {
    const button = document.createElement('button');
    button.type = 'button';
    button.setAttribute('aria-label', `Sample photo: ${name}`);
    button.innerHTML = `<img src="./samples/${name}.jpg" alt="" loading="lazy">`;
    button.addEventListener('click', async () => setContent(await blobOf(`./samples/${name}.jpg`)));
    samples.append(button);
  }
  const styles = $('styles');
  const mixWith = $<HTMLSelectElement>('mix-with');
  const choose = (key: string) => chooseStyle(key);
  // A radio group: one tab stop (the selected tile), arrow keys move the choice (WAI-ARIA radio pattern).
  styles.addEventListener('keydown', (event) => {
    const tiles = [...styles.querySelectorAll<HTMLButtonElement>('button')];
    const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
    if (!step) return;
    event.preventDefault();
    const current = tiles.findIndex((b) => b.dataset.key === state.style);
    const next = tiles[(current + step + tiles.length) % tiles.length];
    next.focus();
    choose(next.dataset.key!);
  });
  for (const [key, label] of [...STYLES.map((k, i) => [k, `Cat style ${i + 1}`]), ['none', 'No style: a random one from the seed']]) {
    const button = document.createElement('button');
    button.type = 'button';
    button.dataset.key = key;
    button.setAttribute('role', 'radio');
    button.setAttribute('aria-checked', String(key === state.style));
    button.tabIndex = key === state.style ? 0 : -1;
    button.setAttribute('aria-label', label);
    if (key === 'none') {
      button.className = 'none';
      button.textContent = 'No style (random)';
    } else {
      button.innerHTML = `<img src="./styles/${key}.jpg" alt="" loading="lazy">`;
      mixWith.add(new Option(label, key));
    }
    button.addEventListener('click', () => choose(key));
    styles.append(button);
  }
  mixWith.value = STYLES[1];
  $('own-style').addEventListener('click', () => $('style-file').click());
  $<HTMLInputElement>('style-file').addEventListener('change', (e) => {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    // The library judges the file when it translates with it (its typed error names the fault); a
    // refused file's tile then goes again (forgetOwnStyle).
    if (state.style !== 'own') state.styleBeforeOwn = state.style;
    state.ownStyle = file;
    ownTile(styles, file, choose);
    if (![...mixWith.options].some((o) => o.value === 'own')) mixWith.add(new Option('Your style', 'own'));
    choose('own');
  });
}

function wireControls() {
  // Anything the visitor does (not the first example the page shows by itself).
  for (const type of ['pointerdown', 'keydown', 'drop', 'paste']) document.addEventListener(type, () => (state.acted = true), { capture: true });
  onContent($('dropzone'), $('file'), (blob) => void setContent(blob));
  $('translate').addEventListener('click', () => void translate());
  $('reroll').addEventListener('click', () => {
    $<HTMLInputElement>('seed').value = String(Math.floor(Math.random() * 1_000_000));
    void translate();
  });
  $('seed').addEventListener('change', () => void translate());
  $('size').addEventListener('change', () => void translate());
  const strength = $<HTMLInputElement>('strength');
  strength.addEventListener('input', () => ($('strength-value').textContent = `${Math.round(Number(strength.value) * 100)}%`));
  strength.addEventListener('change', () => void translate());
  const mix = $<HTMLInputElement>('mix');
  const ratio = $<HTMLInputElement>('mix-ratio');
  mix.addEventListener('change', () => {
    $<HTMLSelectElement>('mix-with').disabled = ratio.disabled = !mix.checked;
    void translate();
  });
  $('mix-with').addEventListener('change', () => void translate());
  ratio.addEventListener('input', () => ($('mix-ratio-value').textContent = `${Math.round(Number(ratio.value) * 100)}%`));
  ratio.addEventListener('change', () => void translate());
  $('compare-slider').addEventListener('input', (e) => setSplit($('output'), Number((e.target as HTMLInputElement).value)));
  $('download').addEventListener('click', async () => {
    const canvas = $<HTMLCanvasElement>('output');
    const blob = await new Promise<Blob | null>((ok) => canvas.toBlob(ok, 'image/png'));
    if (!blob) return;
    const link = Object.assign(document.createElement('a'), { href: URL.createObjectURL(blob), download: downloadName() });
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  });
  let stream: MediaStream | undefined;
  const dialog = $<HTMLDialogElement>('camera-dialog');
  const stop = () => {
    stream?.getTracks().forEach((t) => t.stop());
    stream = undefined;
  };
  dialog.addEventListener('close', stop);
  $('camera').addEventListener('click', async () => {
    try {
      stream = await openCamera(dialog, $('camera-video'));
    } catch (e) {
      showError(e);
    }
  });
  $('snap').addEventListener('click', async () => {
    const blob = await snapshot($('camera-video'));
    dialog.close();
    await setContent(new File([blob], 'camera.png', { type: blob.type })); // named for its download
  });
  $('camera-close').addEventListener('click', () => dialog.close());
}

/** What the download is called: the photo's name, the style and the seed, so several downloads of
 * one photo do not overwrite each other and say what they are. */
function downloadName(): string {
  const stem = (file: Blob | undefined, fallback: string) => ((file as File | undefined)?.name ?? '').replace(/\.[^.]*$/, '').replace(/[^\w.-]+/g, '-') || fallback;
  const style = state.style === 'own' ? stem(state.ownStyle, 'own-style') : state.style === 'none' ? 'no-style' : state.style;
  return `${stem(state.content, 'photo')}-${style}-seed-${seed()}.png`;
}

async function start() {
  setState('loading');
  buildGalleries();
  wireControls();
  if (import.meta.env.PROD && 'serviceWorker' in navigator) {
    navigator.serviceWorker.register('./sw.js').catch(() => undefined); // offline is a bonus, never a blocker
    // Once the page is cached (the worker is active) and the model is stored, say the page now works offline.
    void Promise.all([navigator.serviceWorker.ready, modelLoaded]).then(() => ($('offline').hidden = false));
  }
  // A first example, so a visitor sees what the page does before doing anything.
  blobOf(`./samples/${SAMPLES[0]}.jpg`).then((blob) => (state.content ? undefined : setContent(blob))).catch(() => undefined);
  await loadModel();
}

/** Loads the model in the worker; a failure (offline on a first visit, a blocked download) offers a
 * retry instead of leaving Translate disabled until a reload. */
async function loadModel() {
  clearError();
  setState('loading');
  $('backend').textContent = 'loading…';
  try {
    const backend = await model.load(onProgress);
    const badge = $('backend');
    badge.textContent = backend.name === 'webgpu' ? 'WebGPU' : 'CPU';
    badge.dataset.backend = backend.name;
    badge.title = backend.name === 'webgpu' ? `Your graphics card: ${backend.adapter.replace(/^WebGPU: /, '')}` : 'Your processor, through WebAssembly';
    badge.setAttribute('aria-label', backendLine(backend));
    $('backend').insertAdjacentHTML('afterend', `<span class="timing" id="backend-reason"></span>`);
    $('backend-reason').textContent = backendLine(backend);
    state.ready = true;
    markLoaded();
    $<HTMLButtonElement>('translate').disabled = !state.content;
    setState('ready');
    if (state.content) await translate();
  } catch (e) {
    $('backend').textContent = 'not loaded';
    $('progress').hidden = true;
    showError(e, () => void loadModel());
  }
}

void start();
