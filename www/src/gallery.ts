// The sample photos and the style tiles (a radio group, with your own style file as one more tile),
// and the styles a translation uses.
import { ui } from './elements';
import type { StyleImage } from './protocol';
import { type Actions, state } from './state';

export const SAMPLES = ['chelsea', 'astronaut', 'coffee', 'orange'];
const STYLES = ['cat-1', 'cat-2', 'cat-3', 'cat-4'];
const styleBlobs = new Map<string, Blob>();

export async function blobOf(url: string): Promise<Blob> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not load ${url}`);
  return response.blob();
}

const picture = (src: string) => Object.assign(document.createElement('img'), { src, alt: '', loading: 'lazy' as const });

/** The chosen style, or the mix of two, as the worker takes them. */
export async function styleList(): Promise<{ styles: StyleImage[]; weights: number[] }> {
  const pick = async (key: string): Promise<StyleImage | undefined> => {
    if (key === 'none') return undefined;
    // Each file chosen gets its own key: two files of one name and size are two styles.
    if (key === 'own') return state.ownStyle && { key: `own:${state.ownStyleId}`, image: state.ownStyle };
    if (!styleBlobs.has(key)) styleBlobs.set(key, await blobOf(`./styles/${key}.jpg`));
    return { key, image: styleBlobs.get(key)! };
  };
  const first = await pick(state.style);
  const second = ui.mix.checked ? await pick(ui.mixWith.value) : undefined;
  if (first && second) {
    const ratio = Number(ui.mixRatio.value);
    return { styles: [first, second], weights: [1 - ratio, ratio] };
  }
  return { styles: first ? [first] : second ? [second] : [], weights: [1] };
}

/** Makes `key` the chosen style tile (a radio group: the chosen tile is the one tab stop). */
export function chooseStyle(key: string, actions: Actions, translateNow = true) {
  state.style = key;
  for (const b of ui.styles.querySelectorAll<HTMLButtonElement>('button')) {
    b.setAttribute('aria-checked', String(b.dataset.key === key));
    b.tabIndex = b.dataset.key === key ? 0 : -1;
  }
  if (translateNow) void actions.translate();
}

export const usesOwnStyle = () => state.style === 'own' || (ui.mix.checked && ui.mixWith.value === 'own');

/** Your own style file was refused by the library: its tile and its place in the mix list go, and the
 * style chosen before it comes back, so the next Translate does not repeat the error. */
export function forgetOwnStyle(actions: Actions) {
  state.ownStyle = undefined;
  ui.styles.querySelector('button[data-key="own"]')?.remove();
  [...ui.mixWith.options].find((o) => o.value === 'own')?.remove();
  if (state.style === 'own') chooseStyle(state.styleBeforeOwn, actions, false);
}

/** Your own style as a tile of the style group, with its thumbnail, selectable like the others. */
function ownTile(file: Blob, choose: (key: string) => void) {
  let tile = ui.styles.querySelector<HTMLButtonElement>('button[data-key="own"]');
  if (!tile) {
    tile = document.createElement('button');
    tile.type = 'button';
    tile.dataset.key = 'own';
    tile.setAttribute('role', 'radio');
    tile.setAttribute('aria-label', 'Your style');
    tile.addEventListener('click', () => choose('own'));
    ui.styles.append(tile);
  }
  const old = tile.querySelector('img');
  if (old) URL.revokeObjectURL(old.src);
  tile.replaceChildren(Object.assign(document.createElement('img'), { alt: '', src: URL.createObjectURL(file) }));
}

function styleTile(key: string, label: string, choose: (key: string) => void): HTMLButtonElement {
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
    button.append(picture(`./styles/${key}.jpg`));
    ui.mixWith.add(new Option(label, key));
  }
  button.addEventListener('click', () => choose(key));
  return button;
}

export function buildGalleries(actions: Actions) {
  for (const name of SAMPLES) {
    const button = document.createElement('button');
    button.type = 'button';
    button.setAttribute('aria-label', `Sample photo: ${name}`);
    button.append(picture(`./samples/${name}.jpg`));
    button.addEventListener('click', async () => actions.setContent(await blobOf(`./samples/${name}.jpg`)));
    ui.samples.append(button);
  }
  const choose = (key: string) => chooseStyle(key, actions);
  // A radio group: one tab stop (the selected tile), arrow keys move the choice (WAI-ARIA radio pattern).
  ui.styles.addEventListener('keydown', (event) => {
    const tiles = [...ui.styles.querySelectorAll<HTMLButtonElement>('button')];
    const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
    if (!step) return;
    event.preventDefault();
    const current = tiles.findIndex((b) => b.dataset.key === state.style);
    const next = tiles[(current + step + tiles.length) % tiles.length];
    next.focus();
    choose(next.dataset.key!);
  });
  for (const [key, label] of [...STYLES.map((k, i) => [k, `Cat style ${i + 1}`]), ['none', 'No style: a random one from the seed']]) {
    ui.styles.append(styleTile(key, label, choose));
  }
  ui.mixWith.value = STYLES[1];
  ui.ownStyle.addEventListener('click', () => ui.styleFile.click());
  ui.styleFile.addEventListener('change', () => {
    const file = ui.styleFile.files?.[0];
    ui.styleFile.value = '';
    if (!file) return;
    // The library judges the file when it translates with it (its typed error names the fault); a
    // refused file's tile then goes again (forgetOwnStyle).
    if (state.style !== 'own') state.styleBeforeOwn = state.style;
    state.ownStyle = file;
    state.ownStyleId++;
    ownTile(file, choose);
    if (![...ui.mixWith.options].some((o) => o.value === 'own')) ui.mixWith.add(new Option('Your style', 'own'));
    choose('own');
  });
}
