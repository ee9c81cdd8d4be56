// Every entry point of the npm package in use: the examples its documentation points to. The package
// test copies this file into a fresh TypeScript app and type-checks it against the packed package, so a
// changed signature fails the test run; `tour()` is not run there (the other tests run each call).
import {
  DisposedError,
  ImageTooLargeError,
  Translator,
  clearCache,
  isCached,
  live,
  mixStyles,
  toPngBlob,
  translate,
  type LiveFrame,
  type ModelInfo,
  type Progress,
  type Translation,
} from 'ace-translate';

export async function tour(photo: Blob, styleA: Blob, styleB: Blob): Promise<Blob> {
  // One call with every default: the bundled model, the best backend, 512 px at most.
  const quick: ImageData = await translate(photo, styleA, 7);

  // Load once and reuse; progress says what the first visit is waiting for.
  const t = await Translator.load(undefined, {
    backend: 'auto',
    onProgress: (p: Progress) => console.log(p.stage, p.loaded, p.total),
  });
  console.log(t.backend.name, t.backend.why, t.backend.reason);

  // translate(content, style, seed, options): strength blends over the photo; the network works at
  // modelSide (128 by default) and the result is carried up to maxSide with the photo's detail.
  const out: ImageData = await t.translate(photo, styleA, 7, { strength: 0.8, maxSide: 512 });
  const full: Translation = await t.translateWithInfo(photo, styleA, 7, { maxSide: 256, modelSide: 256 });
  console.log(full.note ?? 'not downscaled', full.style.code.length);

  // Encode styles once, mix them, and decode several seeds as one batch.
  const [a, b] = [await t.encodeStyle(styleA), await t.encodeStyle(styleB)];
  const mixed = mixStyles([a, b], [0.7, 0.3]);
  const strip: Translation[] = await t.translateSeeds(photo, mixed, [1, 2, 3, 4], { maxSide: 128 });

  // Typed errors: each says which input and which limit.
  await t.translate(photo, null, 0, { maxSide: 2048, modelSide: 2048 }).catch((e: unknown) => {
    if (e instanceof ImageTooLargeError) console.log('too large:', e.message, e.input);
  });

  // Your own model (what `ace fine-tune` writes): a chosen file with its manifest, checked before use.
  const own = await Translator.load(new File([photo], 'fine-tuned.safetensors'), {
    manifest: '{"file":"fine-tuned.safetensors","size":1,"sha256":"00","format":"ace","version":2}',
    maxBytes: 64 * 1024 * 1024,
  });
  const which: ModelInfo = own.model;
  console.log(which.name, which.sha256, which.isDefault);
  own.dispose();

  // Live: a camera translated as it moves, one frame at a time, each with the frame it translated.
  const camera = await navigator.mediaDevices.getUserMedia({ video: true });
  const session = await live(t, camera, {
    style: a,
    seed: 7,
    size: 64,
    onFrame: (f: LiveFrame) => console.log(f.index, f.fps, f.dropped, f.image.width, f.frame.width),
    onError: (e) => console.log(e.name),
  });
  session.pause();
  session.resume();
  await session.update({ seed: 8, size: 128 });
  session.stop();
  await session.done;

  // The model stays in the Cache API between visits until cleared.
  console.log(await isCached(new URL('ace-default.safetensors', import.meta.url)));
  t.dispose();
  await t.translate(photo, null, 0).catch((e: unknown) => console.log(e instanceof DisposedError));
  await clearCache();
  console.log(quick.width, out.width, strip.length);
  return toPngBlob(out);
}
