// The model runs here, off the main thread: load once, encode each style once, translate on request.
import { Translator, mixStyles, type Style } from 'ace-translate';
import type { ErrorDetails, Request, Response } from './protocol';

const post = (message: Response, transfer: Transferable[] = []) => self.postMessage(message, { transfer });
let translator: Promise<Translator> | undefined;
const styles = new Map<string, Promise<Style>>();

async function handle(request: Request): Promise<void> {
  if (request.kind === 'load') {
    translator ??= Translator.load(undefined, {
      backend: 'auto',
      onProgress: (progress) => post({ id: request.id, kind: 'progress', progress }),
    });
    const t = await translator.catch((e) => {
      translator = undefined; // a later click may retry (e.g. once back online)
      throw e;
    });
    post({ id: request.id, kind: 'loaded', backend: t.backend });
    return;
  }
  if (!translator) throw new Error('the model is not loaded');
  const t = await translator;
  const codes = await Promise.all(request.styles.map(({ key, image }) => {
    let code = styles.get(key);
    if (!code) {
      code = t.encodeStyle(image);
      styles.set(key, code);
      code.catch(() => styles.delete(key)); // a bad style file must not stay cached
    }
    return code;
  }));
  const style = codes.length === 0 ? null : codes.length === 1 ? codes[0] : mixStyles(codes, request.weights);
  const options = { strength: request.strength, maxSide: request.maxSide };
  const images = (await t.translateSeeds(request.content, style, request.seeds, options)).map((translation) => translation.image);
  post({ id: request.id, kind: 'translated', images }, images.map((image) => image.data.buffer));
}

self.onmessage = (event: MessageEvent<Request>) => {
  handle(event.data).catch((e: unknown) => {
    // Only plain fields cross postMessage: the library's error name, message, input and limit.
    const error = (e instanceof Error ? e : new Error(String(e))) as Error & ErrorDetails;
    const { input, maxPixels, maxSide, minSide } = error;
    post({ id: event.data.id, kind: 'error', name: error.name, message: error.message, details: { input, maxPixels, maxSide, minSide } });
  });
};
