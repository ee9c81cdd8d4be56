// The demo page: pick a photo and a style, get the translation. The model runs in a worker
// (model-worker.ts); this file holds the page's main loop: taking a photo, translating it (only the
// latest request runs). Loading a model (models.ts), the controls, galleries and result have files of
// their own.
import { seed, wireControls } from './controls';
import { ui } from './elements';
import { wireFullSize } from './full-size';
import { SAMPLES, blobOf, buildGalleries, forgetOwnStyle, styleList, usesOwnStyle } from './gallery';
import { LatestOnly } from './latest-only';
import { wireLive } from './live';
import { ModelWorker } from './model-worker';
import { loadModel } from './models';
import { modelInAddress, wireOwnModel } from './own-model';
import { clearResult, revealOnSmallScreens, show, variations } from './result';
import { type Actions, count, state } from './state';
import { clearError, setState, showError, showsModelError } from './status';

const model = new ModelWorker();
const runs = new LatestOnly(translateOnce);
const actions: Actions = {
  translate: () => {
    state.askedAt = performance.now();
    return runs.request();
  },
  setContent,
  useModel: (wanted) => loadModel(model, actions, wanted, markLoaded),
};
/** Resolves once the model has loaded (and the library has stored it for the next visit). */
let markLoaded = () => {};
const modelLoaded = new Promise<void>((resolve) => (markLoaded = resolve));

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
  if (!showsModelError()) clearError(); // a new photo does not fix a model that failed to load
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob);
  } catch {
    showError((await libraryVerdict(blob)) ?? Object.assign(new Error('unreadable image'), { name: 'InvalidImageError' }));
    return;
  }
  forgetPreviousContent();
  if (state.content && state.contentBitmap) state.previousContent = { blob: state.content, bitmap: state.contentBitmap, url: ui.contentPreview.src };
  state.content = blob;
  state.contentBitmap = bitmap;
  ui.contentPreview.src = URL.createObjectURL(blob);
  ui.contentPreview.hidden = false;
  ui.dropHelp.textContent = 'Drop, paste or choose another photo';
  ui.translate.disabled = !state.ready;
  if (state.ready) await actions.translate();
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
  if (ui.contentPreview.src.startsWith('blob:')) URL.revokeObjectURL(ui.contentPreview.src);
  state.contentBitmap?.close();
  [state.content, state.contentBitmap, ui.contentPreview.src] = [previous.blob, previous.bitmap, previous.url];
}

const inputOf = (error: unknown) => (error as { details?: { input?: string } }).details?.input;

async function translateOnce(run: number) {
  if (!state.content || !state.ready || !state.contentBitmap) return;
  const askedAt = state.askedAt;
  const keepStrip = state.keepStrip;
  state.keepStrip = false;
  count('requests');
  const base = seed();
  if (base === undefined) return; // the message says why; the last result stays, named by its seed
  clearError();
  // Translate stays enabled while busy: a press then asks for the latest settings (the scheduler runs
  // it next), and disabling it would drop the keyboard focus to the page.
  setState('busy');
  try {
    const settings = { ...(await styleList()), strength: Number(ui.strength.value), maxSide: Number(ui.size.value) };
    const { images: [image] } = await model.translate({ content: state.content, ...settings, seeds: [base] });
    if (!runs.isLatest(run)) return; // a newer request replaced this one
    forgetPreviousContent();
    // What the visitor waited, from the click (or change) to the picture: a request that waited for the
    // one before it counts that wait too.
    show(image, `translated in ${((performance.now() - askedAt) / 1000).toFixed(2)} s (${image.width}x${image.height})`);
    if (state.acted) revealOnSmallScreens();
    if (!keepStrip) await variations(model, base, settings, run, runs, actions);
  } catch (e) {
    if (runs.isLatest(run)) {
      const refusedNewPhoto = inputOf(e) === 'content' && state.previousContent && state.result;
      if (refusedNewPhoto) restorePreviousContent();
      else clearResult();
      showError(e);
      if (inputOf(e) === 'style' && usesOwnStyle()) forgetOwnStyle(actions);
    }
  }
}

async function start() {
  setState('loading');
  buildGalleries(actions);
  wireControls(actions);
  wireOwnModel(actions);
  wireLive(model, actions);
  wireFullSize(model);
  if (import.meta.env.PROD && 'serviceWorker' in navigator) {
    navigator.serviceWorker.register('./sw.js').catch(() => undefined); // offline is a bonus, never a blocker
    // Once the page is cached (the worker is active) and the model is stored, say the page now works offline.
    void Promise.all([navigator.serviceWorker.ready, modelLoaded]).then(() => (ui.offline.hidden = false));
  }
  // A first example, so a visitor sees what the page does before doing anything.
  blobOf(`./samples/${SAMPLES[0]}.jpg`).then((blob) => (state.content ? undefined : setContent(blob))).catch(() => undefined);
  await actions.useModel(modelInAddress());
}

void start();
