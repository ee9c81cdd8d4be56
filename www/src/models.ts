// Which model runs: loading the default or the visitor's own into the worker, and the two badges that
// say where it runs (graphics card or processor) and which model it is (name and digest).
import type { BackendInfo, ModelInfo } from 'ace-translate';
import { ui } from './elements';
import { backendLine, ownModelMessage } from './messages';
import type { ModelWorker } from './model-worker';
import { type Actions, type Wanted, state } from './state';
import { clearError, markAboutModel, onProgress, setState, showError } from './status';

function showBackend(backend: BackendInfo) {
  ui.backend.textContent = backend.name === 'webgpu' ? 'WebGPU' : 'CPU';
  ui.backend.dataset.backend = backend.name;
  ui.backend.title = backend.name === 'webgpu' ? `Your graphics card: ${backend.adapter.replace(/^WebGPU: /, '')}` : 'Your processor, through WebAssembly';
  ui.backend.setAttribute('aria-label', backendLine(backend));
  let line = document.getElementById('backend-reason');
  if (!line) {
    line = Object.assign(document.createElement('span'), { className: 'timing', id: 'backend-reason' });
    ui.backend.after(line);
  }
  line.textContent = backendLine(backend);
}

/** The model badge: its name and the start of its sha256 (the whole digest and size in its title). */
function showModel(model: ModelInfo) {
  ui.modelName.textContent = `Model: ${model.isDefault ? 'the default' : model.name} · ${model.sha256.slice(0, 8)}`;
  ui.modelName.title = `${model.name}: ${model.size} bytes, sha256 ${model.sha256}`;
  ui.modelName.classList.toggle('own-model', !model.isDefault);
  ui.defaultModel.hidden = model.isDefault;
}

/**
 * Loads the default model or the visitor's. A first load that fails offers to try again (offline on a
 * first visit, a blocked download) or, for the visitor's model, the default instead; a later one leaves
 * the running model running and says why the new one was refused. `onLoaded`: the default model has
 * loaded (the library stores it for the next visit).
 */
export async function loadModel(worker: ModelWorker, actions: Actions, wanted: Wanted, onLoaded = () => {}): Promise<void> {
  const first = !state.ready;
  let own = wanted !== undefined;
  clearError();
  setState('loading');
  if (first) ui.backend.textContent = 'loading…';
  try {
    const choice = await wanted;
    own = choice !== undefined;
    const loaded = await worker.load(onProgress, choice);
    showBackend(loaded.backend);
    showModel(loaded.model);
    state.ready = true;
    if (!own) onLoaded();
    ui.translate.disabled = !state.content;
    setState('ready');
    if (state.content) await actions.translate();
  } catch (e) {
    ui.progress.hidden = true;
    if (!first) showError(e, undefined, (error) => ownModelMessage(error, true));
    else if (!own) showError(e, { label: 'Try again', run: () => void loadModel(worker, actions, undefined, onLoaded) });
    else showError(e, { label: 'Use the default model', run: () => void actions.useModel(undefined) }, (error) => ownModelMessage(error, false));
    if (first) ui.backend.textContent = 'not loaded';
    markAboutModel();
  }
}
