// The result: the before/after view, the download, the time it took, and the strip of variations.
import { drawInto, setSplit, showResult } from './compare';
import { ui } from './elements';
import type { LatestOnly } from './latest-only';
import type { ModelWorker } from './model-worker';
import type { StyleImage } from './protocol';
import { type Actions, count, state } from './state';
import { setState } from './status';

/** After a failed translation the shown result no longer matches the inputs: take it away, and with
 * it the download and the variations, so nothing on screen claims to be this photo's translation. */
export function clearResult() {
  state.result = undefined;
  ui.compare.hidden = true;
  ui.download.disabled = ui.downloadFull.disabled = true;
  ui.variations.replaceChildren();
  ui.timing.textContent = '';
}

/** Shows `image` as the result, with `timing` saying where it came from. */
export function show(image: ImageData, timing: string) {
  state.result = image;
  ui.compare.hidden = false;
  showResult(image, state.contentBitmap!, ui.before, ui.output);
  setSplit(ui.output, Number(ui.compareSlider.value));
  ui.download.disabled = false;
  ui.downloadFull.disabled = state.fullSizeRunning;
  ui.timing.textContent = timing;
  count('translations');
  setState('done');
}

/** On a phone the result is far below the controls: bring it into view once it is there. */
export function revealOnSmallScreens() {
  const { top, bottom } = ui.compare.getBoundingClientRect();
  if (top < 0 || bottom > window.innerHeight) ui.compare.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
}

/** One translation's settings, as the variations repeat them with other seeds. */
export interface Settings {
  styles: StyleImage[];
  weights: number[];
  strength: number;
  maxSide: number;
}

/**
 * Four more seeds as one batch (the content is encoded once), at the size of the result, so a tile is
 * exactly the picture its seed gives: clicking it shows that picture without translating again. The
 * tiles appear only once drawn; the strip says it is busy meanwhile.
 */
export async function variations(model: ModelWorker, base: number, settings: Settings, run: number, runs: LatestOnly, actions: Actions) {
  const strip = ui.variations;
  strip.replaceChildren();
  strip.setAttribute('aria-busy', 'true');
  // The four seeds after this one (before it, at the top of the range).
  const seeds = [1, 2, 3, 4].map((i) => (base + 4 <= Number.MAX_SAFE_INTEGER ? base + i : base - i));
  const { images } = await model.translate({ content: state.content!, ...settings, seeds });
  if (!runs.isLatest(run)) return;
  strip.removeAttribute('aria-busy');
  strip.replaceChildren(...images.map((image, i) => variationTile(seeds[i], image, run, runs, actions)));
}

function variationTile(seed: number, image: ImageData, run: number, runs: LatestOnly, actions: Actions): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.setAttribute('aria-label', `Use seed ${seed}`);
  button.setAttribute('aria-pressed', 'false');
  const canvas = document.createElement('canvas');
  drawInto(canvas, image);
  button.append(canvas);
  button.addEventListener('click', () => {
    for (const other of ui.variations.querySelectorAll('button')) other.setAttribute('aria-pressed', String(other === button));
    ui.seed.value = String(seed);
    state.acted = true;
    if (runs.isLatest(run) && !runs.running) {
      // Nothing changed since the strip was made: its picture is this seed's translation.
      show(image, `seed ${seed}, from the variations (${image.width}x${image.height})`);
      revealOnSmallScreens();
    } else {
      state.keepStrip = true; // settings changed meanwhile: translate this seed with the new ones
      void actions.translate();
    }
  });
  return button;
}
