// The model runs here, off the main thread: load a model, encode each style once, translate on request,
// and make the full-size download's PNG.
import { type LoadOptions, Translator, mixStyles, type Style } from 'ace-translate';
import type { ErrorDetails, ModelChoice, Request, Response, StyleImage } from './protocol';

const post = (message: Response, transfer: Transferable[] = []) => self.postMessage(message, { transfer });
let translator: Promise<Translator> | undefined;
/** Style codes by model, then by style key: a code belongs to the model that encoded it (a translation
 * already under way when the model changes keeps its own). */
const styles = new WeakMap<Translator, Map<string, Promise<Style>>>();

/** The default model (the library caches it for the next visit), or the visitor's: a chosen file, or an
 * address, which is not kept in the Cache API (a visitor's model stays theirs, for this visit only). */
function load(model: ModelChoice | undefined, options: LoadOptions): Promise<Translator> {
  if (!model) return Translator.load(undefined, options);
  const own = { ...options, manifest: model.manifest, cache: false };
  return 'file' in model ? Translator.load(model.file, { ...own, name: model.name }) : Translator.load(model.url, own);
}

async function handle(request: Request): Promise<void> {
  if (request.kind === 'load') {
    const onProgress: LoadOptions['onProgress'] = (progress) => post({ id: request.id, kind: 'progress', progress });
    // A model that fails to load leaves the running one running (a first load can be tried again).
    const t = await load(request.model, { backend: 'auto', onProgress });
    const previous = translator;
    translator = Promise.resolve(t);
    void previous?.then((old) => old.dispose()); // once its calls in progress have finished
    post({ id: request.id, kind: 'loaded', backend: t.backend, model: t.model });
    return;
  }
  if (request.kind === 'cancel') {
    cancelled.add(request.target);
    return;
  }
  if (!translator) throw new Error('the model is not loaded');
  const t = await translator;
  const style = await styleOf(t, request.styles, request.weights);
  if (request.kind === 'full-size') return fullSize(t, style, request);
  const options = { strength: request.strength, maxSide: request.maxSide };
  const images = (await t.translateSeeds(request.content, style, request.seeds, options)).map((translation) => translation.image);
  post({ id: request.id, kind: 'translated', images }, images.map((image) => image.data.buffer));
}

/** The style of a request: none, one, or a mix; each style image encoded once per model. */
async function styleOf(t: Translator, images: StyleImage[], weights: number[]): Promise<Style | null> {
  let codesOf = styles.get(t);
  if (!codesOf) styles.set(t, (codesOf = new Map()));
  const cache = codesOf;
  const codes = await Promise.all(images.map(({ key, image }) => {
    let code = cache.get(key);
    if (!code) {
      code = t.encodeStyle(image);
      cache.set(key, code);
      code.catch(() => cache.delete(key)); // a bad style file must not stay cached
    }
    return code;
  }));
  return codes.length === 0 ? null : codes.length === 1 ? codes[0] : mixStyles(codes, weights);
}

/** Full-size requests the page has cancelled: each is dropped at its next step. */
const cancelled = new Set<number>();

/** The translation at the photo's own size, encoded as PNG here, so the page's thread never holds the
 * raw pixels; each step is announced, and a cancelled request stops before the next. */
async function fullSize(t: Translator, style: Style | null, request: Extract<Request, { kind: 'full-size' }>): Promise<void> {
  const { id } = request;
  const stopped = () => {
    if (!cancelled.delete(id)) return false;
    post({ id, kind: 'cancelled' });
    return true;
  };
  post({ id, kind: 'step', step: 'translating' });
  const [{ image }] = await t.translateSeeds(request.content, style, [request.seed], { strength: request.strength, fullSize: true });
  if (stopped()) return;
  post({ id, kind: 'step', step: 'encoding' });
  const canvas = new OffscreenCanvas(image.width, image.height);
  canvas.getContext('2d')!.putImageData(image, 0, 0);
  const png = await canvas.convertToBlob({ type: 'image/png' });
  if (stopped()) return;
  post({ id, kind: 'full-size', png, width: image.width, height: image.height });
}

self.onmessage = (event: MessageEvent<Request>) => {
  handle(event.data).catch((e: unknown) => {
    // Only plain fields cross postMessage: the library's error name, message, input and limit.
    const error = (e instanceof Error ? e : new Error(String(e))) as Error & ErrorDetails;
    const { input, maxPixels, maxSide, minSide } = error;
    post({ id: event.data.id, kind: 'error', name: error.name, message: error.message, details: { input, maxPixels, maxSide, minSide } });
  });
};
