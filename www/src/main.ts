// The demo page: pick a photo and a style, get the translation. The model runs in a worker (engine.ts);
// this file only wires the controls. `document.body.dataset.state` (loading, ready, busy, done, error)
// tells the end-to-end tests, and assistive tech through the live regions, where the page is.
import type { Progress } from 'ace-translate';
import { drawInto, setSplit, showResult } from './compare';
import { onContent, openCamera, snapshot } from './content';
import { Engine } from './engine';
import { friendly } from './messages';
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

const engine = new Engine();
const state = {
  content: undefined as Blob | undefined,
  contentBitmap: undefined as ImageBitmap | undefined,
  style: 'cat-1' as string, // a gallery key, 'own', or 'none'
  ownStyle: undefined as Blob | undefined,
  ready: false,
  run: 0,
  result: undefined as ImageData | undefined,
};
const styleBlobs = new Map<string, Blob>();

function setState(value: 'loading' | 'ready' | 'busy' | 'done' | 'error') {
  document.body.dataset.state = value;
}

function showError(error: unknown) {
  const box = $('message');
  box.textContent = friendly(error);
  box.dataset.error = error instanceof Error ? error.name : 'Error';
  box.hidden = false;
  setState('error');
}

function clearError() {
  $('message').hidden = true;
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

async function setContent(blob: Blob) {
  clearError();
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob);
  } catch {
    showError(Object.assign(new Error('unreadable image'), { name: 'InvalidImageError' }));
    return;
  }
  state.content = blob;
  state.contentBitmap?.close();
  state.contentBitmap = bitmap;
  const preview = $<HTMLImageElement>('content-preview');
  if (preview.src.startsWith('blob:')) URL.revokeObjectURL(preview.src);
  preview.src = URL.createObjectURL(blob);
  preview.hidden = false;
  $('drop-help').textContent = 'Drop, paste or choose another photo';
  $<HTMLButtonElement>('translate').disabled = !state.ready;
  if (state.ready) await translate();
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

function seed(): number {
  const value = Math.max(0, Math.floor(Number($<HTMLInputElement>('seed').value) || 0));
  $<HTMLInputElement>('seed').value = String(value);
  return value;
}

async function translate() {
  if (!state.content || !state.ready || !state.contentBitmap) return;
  const run = ++state.run;
  clearError();
  setState('busy');
  $<HTMLButtonElement>('translate').disabled = true;
  try {
    const { styles, weights } = await styleList();
    const strength = Number($<HTMLInputElement>('strength').value);
    const base = seed();
    const maxSide = Number($<HTMLSelectElement>('size').value);
    const { images: [image], ms } = await engine.translate({ content: state.content, styles, weights, seeds: [base], strength, maxSide });
    if (run !== state.run) return; // a newer request replaced this one
    state.result = image;
    $('compare').hidden = false;
    showResult(image, state.contentBitmap, $('before'), $('output'));
    setSplit($('output'), Number($<HTMLInputElement>('compare-slider').value));
    $<HTMLButtonElement>('download').disabled = false;
    $('timing').textContent = `last translation: ${(ms / 1000).toFixed(2)} s (${image.width}x${image.height})`;
    document.body.dataset.translations = String(Number(document.body.dataset.translations ?? 0) + 1);
    setState('done');
    await variations(base, styles, weights, strength, run);
  } catch (e) {
    if (run === state.run) showError(e);
  } finally {
    if (run === state.run) $<HTMLButtonElement>('translate').disabled = false;
  }
}

/** Four seeds at once, small, as one batch (the content is encoded once); clicking one makes it the seed. */
async function variations(base: number, styles: StyleImage[], weights: number[], strength: number, run: number) {
  const strip = $('variations');
  strip.replaceChildren();
  const seeds = [1, 2, 3, 4].map((i) => base + i);
  const canvases = seeds.map((s) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.setAttribute('aria-label', `Use seed ${s}`);
    button.setAttribute('aria-pressed', 'false');
    const canvas = document.createElement('canvas');
    button.append(canvas);
    button.addEventListener('click', () => {
      $<HTMLInputElement>('seed').value = String(s);
      void translate();
    });
    strip.append(button);
    return canvas;
  });
  const { images } = await engine.translate({ content: state.content!, styles, weights, seeds, strength, maxSide: 128 });
  if (run !== state.run) return;
  images.forEach((image, i) => drawInto(canvases[i], image));
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
  const choose = (key: string) => {
    state.style = key;
    for (const b of styles.querySelectorAll('button')) b.setAttribute('aria-checked', String(b.dataset.key === key));
    void translate();
  };
  for (const [key, label] of [...STYLES.map((k, i) => [k, `Cat style ${i + 1}`]), ['none', 'No style: a random one from the seed']]) {
    const button = document.createElement('button');
    button.type = 'button';
    button.dataset.key = key;
    button.setAttribute('role', 'radio');
    button.setAttribute('aria-checked', String(key === state.style));
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
  $<HTMLInputElement>('style-file').addEventListener('change', (e) => {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    state.ownStyle = file;
    if (![...mixWith.options].some((o) => o.value === 'own')) mixWith.add(new Option('Your style', 'own'));
    choose('own');
  });
}

function wireControls() {
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
    const link = Object.assign(document.createElement('a'), { href: URL.createObjectURL(blob), download: `ace-seed-${seed()}.png` });
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
    await setContent(blob);
  });
  $('camera-close').addEventListener('click', () => dialog.close());
}

async function start() {
  setState('loading');
  buildGalleries();
  wireControls();
  if (import.meta.env.PROD && 'serviceWorker' in navigator) {
    navigator.serviceWorker.register('./sw.js').catch(() => undefined); // offline is a bonus, never a blocker
  }
  // A first example, so a visitor sees what the page does before doing anything.
  blobOf(`./samples/${SAMPLES[0]}.jpg`).then((blob) => (state.content ? undefined : setContent(blob))).catch(() => undefined);
  try {
    const backend = await engine.load(onProgress);
    const badge = $('backend');
    badge.textContent = backend.name === 'webgpu' ? 'WebGPU' : 'CPU';
    badge.dataset.backend = backend.name;
    badge.title = `${backend.reason}${backend.adapter ? ` — ${backend.adapter}` : ''}`;
    badge.setAttribute('aria-label', `Runs on ${badge.textContent}: ${backend.reason}`);
    $('backend').insertAdjacentHTML('afterend', `<span class="timing" id="backend-reason"></span>`);
    $('backend-reason').textContent = backend.reason;
    state.ready = true;
    $<HTMLButtonElement>('translate').disabled = !state.content;
    setState('ready');
    if (state.content) await translate();
  } catch (e) {
    $('backend').textContent = 'not loaded';
    $('progress').hidden = true;
    showError(e);
  }
}

void start();
