// The controls that are not galleries: seed, size, strength, mix, compare slider, download, camera.
import { onContent, openCamera, snapshot } from './content';
import { setSplit } from './compare';
import { ui } from './elements';
import { saveCanvas } from './save';
import { isModelFile } from './own-model';
import { type Actions, state } from './state';
import { showError } from './status';

/**
 * The seed box as a whole number, or undefined (and a message) above 2^53 - 1: JavaScript numbers are
 * exact only up to there, and a seed that silently became its neighbour would not be the visitor's seed.
 */
export function seed(): number | undefined {
  const value = Math.max(0, Math.floor(Number(ui.seed.value) || 0));
  if (value > Number.MAX_SAFE_INTEGER) {
    showError(Object.assign(new Error(ui.seed.value), { name: 'SeedRangeError' }));
    return undefined;
  }
  ui.seed.value = String(value);
  return value;
}

/** What the download is called: the photo's name, the style and the seed, so several downloads of
 * one photo do not overwrite each other and say what they are. */
export function downloadName(): string {
  const stem = (file: Blob | undefined, fallback: string) => ((file as File | undefined)?.name ?? '').replace(/\.[^.]*$/, '').replace(/[^\w.-]+/g, '-') || fallback;
  const style = state.style === 'own' ? stem(state.ownStyle, 'own-style') : state.style === 'none' ? 'no-style' : state.style;
  return `${stem(state.content, 'photo')}-${style}-seed-${seed()}.png`;
}

function wireCamera(actions: Actions) {
  let stream: MediaStream | undefined;
  const stop = () => {
    stream?.getTracks().forEach((t) => t.stop());
    stream = undefined;
  };
  ui.cameraDialog.addEventListener('close', stop);
  ui.camera.addEventListener('click', async () => {
    try {
      stream = await openCamera(ui.cameraDialog, ui.cameraVideo);
    } catch (e) {
      showError(e);
    }
  });
  ui.snap.addEventListener('click', async () => {
    const blob = await snapshot(ui.cameraVideo);
    ui.cameraDialog.close();
    await actions.setContent(new File([blob], 'camera.png', { type: blob.type })); // named for its download
  });
  ui.cameraClose.addEventListener('click', () => ui.cameraDialog.close());
}

export function wireControls(actions: Actions) {
  // Anything the visitor does (not the first example the page shows by itself).
  for (const type of ['pointerdown', 'keydown', 'drop', 'paste']) document.addEventListener(type, () => (state.acted = true), { capture: true });
  onContent(ui.dropzone, ui.file, (blob) => void actions.setContent(blob), isModelFile);
  ui.translate.addEventListener('click', () => void actions.translate());
  ui.reroll.addEventListener('click', () => {
    ui.seed.value = String(Math.floor(Math.random() * 1_000_000));
    void actions.translate();
  });
  for (const control of [ui.seed, ui.size, ui.strength, ui.mixWith, ui.mixRatio]) control.addEventListener('change', () => void actions.translate());
  ui.strength.addEventListener('input', () => (ui.strengthValue.textContent = `${Math.round(Number(ui.strength.value) * 100)}%`));
  ui.mixRatio.addEventListener('input', () => (ui.mixRatioValue.textContent = `${Math.round(Number(ui.mixRatio.value) * 100)}%`));
  ui.mix.addEventListener('change', () => {
    ui.mixWith.disabled = ui.mixRatio.disabled = !ui.mix.checked;
    void actions.translate();
  });
  ui.compareSlider.addEventListener('input', () => setSplit(ui.output, Number(ui.compareSlider.value)));
  ui.download.addEventListener('click', () => void saveCanvas(ui.output, downloadName()));
  wireCamera(actions);
}
