// The public API: `Translator.load(...)`, `translator.translate(content, style, seed, options)`,
// styles that can be encoded once, reused and mixed, and `translate(content, style, seed)` on the
// default model.

import init, { Engine, type Picture, browserDefaults, mixStyles as mixCodes, sha256Hex } from './ace.js';
import { type Backend, type BackendWhy, chooseBackend } from './backend.js';
import { DEFAULT_MODEL, WASM_BYTES } from './default-model.js';
import { DisposedError, EngineCrashedError, type Input, InvalidOptionError, typed } from './errors.js';
import { type ImageInput, toImageData, toRgba } from './inputs.js';
import { type ModelManifest, readManifest } from './manifest.js';
import { type OnProgress, type WeightsSource, fetchOk, fetchWeights, readAll } from './weights.js';

/** The largest weights file `Translator.load` reads unless told otherwise (`maxBytes`): the shipped
 * model is about 3 MB, a full-size one in f32 about 50 MB. */
export const MAX_WEIGHTS_BYTES = 256 * 1024 * 1024;

export interface LoadOptions {
  /** `auto` (default): WebGPU when a hardware adapter is big enough, else the CPU. */
  backend?: Backend;
  onProgress?: OnProgress;
  /** Expected sha256 (hex) of the weights; the default model's is built in. */
  sha256?: string;
  /** Expected size in bytes. */
  size?: number;
  /** The manifest written beside the file (`<file>.json`, as an object or its text): its size and
   * sha256 are checked like `size` and `sha256`. */
  manifest?: ModelManifest | string;
  /** The largest weights file accepted, in bytes (default `MAX_WEIGHTS_BYTES`, 256 MiB): a URL's
   * announced length is checked before its body, and the body while it downloads. */
  maxBytes?: number;
  /** What `translator.model.name` says (default: the file's name, else the manifest's). */
  name?: string;
  /** Keep a downloaded file in the Cache API for the next visit (default true). Files and bytes given
   * in hand are never cached. */
  cache?: boolean;
  /** Largest accepted input, in pixels (default 64 megapixels). */
  maxPixels?: number;
}

export interface TranslateOptions {
  /** How much of the translation lies over the photo: 0 gives the photo back unchanged, 1 the full
   * translation (default 1); between, the two are blended pixel by pixel. */
  strength?: number;
  /** How far the seed moves a given style (the defaults live in the Rust library). */
  variation?: number;
  /** Content images with a longer side are downscaled to it first (default 512: a phone translates
   * that in seconds; natively the default is 1024). */
  maxSide?: number;
  /** The side the network works at when the output is larger (default 128, the scale the model was
   * trained at, as natively): the translation is carried up to `maxSide` with the photo's own detail.
   * At 256 px an ImageNet judge called 0.130 of such translated dogs cats, against 0.027 for the
   * network's own 256 px translation (stage 5's rules 9 and 10). Set it to `maxSide` to run the network
   * at the full size. */
  modelSide?: number;
  /** How much of the photo's own detail a result carried up from `modelSide` takes, 0-1 (the default
   * lives in the Rust library): 1 is sharp and brings some of the photo's texture with it, 0 only
   * enlarges the translation. */
  detail?: number;
  /** Where that detail comes from: `'photo'` (the default); `'network'`, the network's own
   * translation at the output's size (the style's rendering of the photo's fine detail; one more pass
   * of the network at that size); `'decoder'`, the decoder drawing at the output's size on the
   * translation's own layout (one more pass of the decoder); or `'guided'`, the photo's detail gated
   * pixel by pixel by how closely the translation follows the photo (its outlines where the translation
   * kept them, little of its texture where the network drew its own). `'network'` and `'decoder'` not
   * with `fullSize`. */
  detailFrom?: 'photo' | 'network' | 'decoder' | 'guided';
  /** Return the photo at its own size, however large (a 12-megapixel photo at 12 megapixels; default
   * false): the network still works at `modelSide` and the result is carried up with the photo's
   * detail, in memory that grows with the output's pixels, not with a network at that size. */
  fullSize?: boolean;
  /** Enlarge a result carried up from `modelSide` to at least twice that side with the model's
   * learned upscaler first, where the weights file holds one (default true; the shipped file does), and
   * carry the photo's detail only above twice `modelSide`. `detailFrom` `'network'` or `'decoder'`
   * replaces the enlargement. */
  upscale?: boolean;
}

export interface BackendInfo {
  name: 'webgpu' | 'cpu';
  /** Why it runs, as a code to switch on. */
  why: BackendWhy;
  /** Why it runs, in words for developers. */
  reason: string;
  /** What runs, in words (the adapter for WebGPU). */
  adapter: string;
}

/** Which model a translator runs. */
export interface ModelInfo {
  /** The default model's file name, a chosen file's name, or a URL's last part (`name` overrides). */
  name: string;
  /** Lowercase hex sha256 of the weights file. */
  sha256: string;
  /** Bytes. */
  size: number;
  /** Whether it is the model shipped in this package. */
  isDefault: boolean;
}

export interface Translation {
  image: ImageData;
  /** The style code that was decoded: pass it back to reproduce or vary this look. */
  style: Style;
  /** Set when the content was downscaled first. */
  note?: string;
}

/** A style code: encode once with `encodeStyle`, reuse for many translations, mix with `mixStyles`. */
export class Style {
  constructor(readonly code: Float32Array) {}
}

/** A weighted mix of styles (weights are normalised to sum to 1).
 * @example const mixed = mixStyles([await t.encodeStyle(a), await t.encodeStyle(b)], [0.7, 0.3]); */
export function mixStyles(styles: Style[], weights: number[]): Style {
  if (styles.length === 0) throw new InvalidOptionError('mixStyles needs at least one style');
  const dim = styles[0].code.length;
  if (styles.some((s) => s.code.length !== dim)) throw new InvalidOptionError('styles of different sizes cannot be mixed');
  const codes = new Float32Array(styles.length * dim);
  styles.forEach((s, i) => codes.set(s.code, i * dim));
  try {
    return new Style(mixCodes(codes, dim, new Float32Array(weights)));
  } catch (e) {
    throw typed(e);
  }
}

let wasm: Promise<unknown> | undefined;
let crashed = false;
/** Downloads (reporting the bytes) and instantiates the wasm module, once per page or worker; a failed
 * download is forgotten, so the next load tries again. */
function loadWasm(report: (loaded: number, total: number) => void = () => {}): Promise<unknown> {
  wasm ??= (async () => {
    // A literal path, so bundlers ship the file (as they do for the glue's own reference to it).
    const response = await fetchOk(new URL('./ace_bg.wasm', import.meta.url), 'the engine');
    const bytes = await readAll(response, WASM_BYTES, report);
    return init({ module_or_path: new Response(bytes, { headers: { 'Content-Type': 'application/wasm' } }) });
  })().catch((e: unknown) => {
    wasm = undefined;
    throw e;
  });
  return wasm;
}

/** The browser's defaults as the Rust library declares them (`TranslateOptions::browser`). */
function defaults(): { strength: number; variation: number; maxSide: number; styleMaxSide: number; modelSide: number; detail: number } {
  return browserDefaults();
}

/** One `download` progress for everything a first load fetches: the engine (wasm) and the weights. */
function downloads(onProgress: OnProgress, wasmPending: boolean, weightsSize: number) {
  const parts = { wasm: wasmPending ? [0, WASM_BYTES] : [0, 0], weights: [0, weightsSize] };
  const report = () => onProgress({ stage: 'download', loaded: parts.wasm[0] + parts.weights[0], total: parts.wasm[1] + parts.weights[1] });
  return {
    wasm: (loaded: number, total: number) => ((parts.wasm = [loaded, total]), report()),
    weights: (progress: Parameters<OnProgress>[0]) => {
      if (progress.stage !== 'download') return onProgress(progress);
      parts.weights = [progress.loaded, progress.total];
      report();
    },
  };
}

async function sha256(bytes: Uint8Array): Promise<string> {
  await loadWasm();
  return sha256Hex(bytes);
}

/** A loaded model. Every method in use: `tests/browser/api-tour.ts` in the repository (type-checked
 * against the packed package by its tests).
 * @example
 * const t = await Translator.load(undefined, { backend: 'auto' });
 * const image = await t.translate(photoBlob, styleBlob, 7, { maxSide: 512 }); */
export class Translator {
  #engine: Engine | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  readonly #maxPixels?: number;
  /** Which backend runs and why. */
  readonly backend: BackendInfo;
  /** Which model runs: its name and digest. */
  readonly model: ModelInfo;

  private constructor(engine: Engine, backend: BackendInfo, model: ModelInfo, maxPixels?: number) {
    this.#engine = engine;
    this.backend = backend;
    this.model = model;
    this.#maxPixels = maxPixels;
  }

  /** Loads a model: a URL, bytes, a Blob, or `{ cacheKey }`; the default model when `source` is omitted.
   * @example const t = await Translator.load(undefined, { onProgress: (p) => console.log(p.stage) }); */
  static async load(source?: WeightsSource, options: LoadOptions = {}): Promise<Translator> {
    if (options.backend !== undefined && !['auto', 'webgpu', 'cpu'].includes(options.backend)) {
      throw new InvalidOptionError(`backend must be 'auto', 'webgpu' or 'cpu', got ${JSON.stringify(options.backend)}`);
    }
    const onProgress = options.onProgress ?? (() => {});
    const isDefault = source === undefined;
    const expected = about('weights', () => expectedOf(options, isDefault));
    // A literal path, so bundlers (Vite, webpack) see it and ship the file with the build.
    const from = source ?? new URL('./ace-default.safetensors', import.meta.url);
    // The wasm downloads and compiles while the weights download; one progress covers both.
    const progress = downloads(onProgress, wasm === undefined, expected.size ?? 0);
    const compiling = loadWasm(progress.wasm);
    const choosing = compiling.then(() => chooseBackend(options.backend ?? 'auto', defaults().maxSide));
    try {
      const weights = await about('weights', () => fetchWeights(from, expected, progress.weights, options.cache ?? true, sha256));
      const model = { name: options.name ?? nameOf(from, expected.manifestFile), sha256: weights.sha256, size: weights.bytes.byteLength, isDefault };
      onProgress({ stage: 'compile', loaded: 0, total: 1 });
      await compiling;
      const choice = await choosing;
      const engine: Engine = await about('weights', () => Engine.create(weights.bytes, choice.name));
      if (engine.formatVersion < 2) {
        console.warn('ace-translate: a version-1 weights file holds no digest of its data; only a sha256 given to load() checks it. Re-export it with `ace export`.');
      }
      onProgress({ stage: 'compile', loaded: 1, total: 1 });
      onProgress({ stage: 'warmup', loaded: 0, total: 1 });
      await engine.warmup();
      onProgress({ stage: 'warmup', loaded: 1, total: 1 });
      const adapter = choice.name === 'webgpu' ? `WebGPU: ${choice.adapter}` : engine.adapter;
      const translator = new Translator(engine, { name: choice.name, why: choice.why, reason: choice.reason, adapter }, model, options.maxPixels);
      onProgress({ stage: 'ready', loaded: 1, total: 1 });
      return translator;
    } catch (e) {
      throw failed(e);
    }
  }

  /** Translates `content` with the look of `style` (an image or an encoded `Style`; `null` samples a
   * style of the model's domain from the seed). `seed` picks one of many plausible outputs.
   * @example const image = await t.translate(photo, style, 7, { strength: 0.8, maxSide: 512 }); */
  async translate(content: ImageInput, style: ImageInput | Style | null, seed: number, options: TranslateOptions = {}): Promise<ImageData> {
    return (await this.translateWithInfo(content, style, seed, options)).image;
  }

  /** `translate`, plus the style code used and a note when the content was downscaled. */
  async translateWithInfo(content: ImageInput, style: ImageInput | Style | null, seed: number, options: TranslateOptions = {}): Promise<Translation> {
    return (await this.translateSeeds(content, style, [seed], options))[0];
  }

  /** One translation per seed of the same photo and style, decoded as one batch: the content side
   * (VGG and the content encoder) runs once, so four seeds cost well under four `translate` calls.
   * @example const strip = await t.translateSeeds(photo, style, [1, 2, 3, 4], { maxSide: 128 }); */
  translateSeeds(content: ImageInput, style: ImageInput | Style | null, seeds: number[], options: TranslateOptions = {}): Promise<Translation[]> {
    return this.#run(async (engine) => {
      if (!Array.isArray(seeds) || seeds.length === 0) throw new InvalidOptionError('at least one seed is needed');
      for (const seed of seeds) {
        if (!Number.isSafeInteger(seed) || seed < 0) throw new InvalidOptionError(`seed must be a whole number >= 0, got ${seed}`);
      }
      const input = await about('content', () => toRgba(content, this.#maxPixels));
      // What the GPU and the memory can hold is the engine's budget to check (before any GPU work).
      const code = style == null ? undefined : style instanceof Style ? style.code : await this.#encode(engine, style);
      // One options object across the boundary; what it leaves out takes the library's defaults.
      const call = {
        strength: options.strength,
        variation: options.variation,
        maxSide: options.maxSide,
        modelSide: options.modelSide,
        detail: options.detail,
        detailFrom: options.detailFrom,
        fullSize: options.fullSize,
        upscale: options.upscale,
        maxPixels: this.#maxPixels,
      };
      const pictures: Picture[] = await about('content', () =>
        engine.translateSeeds(input.rgba, input.width, input.height, code, new Float64Array(seeds), call),
      );
      return pictures.map((picture) => {
        const result = {
          image: toImageData(picture.rgba, picture.width, picture.height),
          style: new Style(picture.style),
          note: picture.note ?? undefined,
        };
        picture.free();
        return result;
      });
    });
  }

  /** The style code of an image, reusable across translations and mixable.
   * @example const style = await t.encodeStyle(styleBlob); await t.translate(photo, style, 1); */
  encodeStyle(image: ImageInput): Promise<Style> {
    return this.#run(async (engine) => new Style(await this.#encode(engine, image)));
  }

  #encode(engine: Engine, image: ImageInput): Promise<Float32Array> {
    return about('style', async () => {
      const input = await toRgba(image, this.#maxPixels);
      return engine.encodeStyle(input.rgba, input.width, input.height, { maxPixels: this.#maxPixels });
    });
  }

  /** Frees the model and its device memory once the calls already made have finished (so a page can
   * swap models while a translation runs). Later calls throw `DisposedError`. */
  dispose(): void {
    const engine = this.#engine;
    this.#engine = undefined;
    void this.#queue.then(() => engine?.free());
  }

  /** One call at a time: GPU work of two calls never interleaves. */
  #run<T>(work: (engine: Engine) => Promise<T>): Promise<T> {
    const next = this.#queue.then(async () => {
      if (crashed) throw new EngineCrashedError('the wasm engine crashed earlier; reload the page');
      if (!this.#engine) throw new DisposedError('this translator was disposed');
      try {
        return await work(this.#engine);
      } catch (e) {
        throw failed(e);
      }
    });
    this.#queue = next.catch(() => undefined);
    return next;
  }
}

/** What the loaded file must be: the size and digest from the options or a manifest (the default
 * model's are built in), and the size cap. */
function expectedOf(options: LoadOptions, isDefault: boolean) {
  const maxBytes = options.maxBytes ?? MAX_WEIGHTS_BYTES;
  if (!(maxBytes > 0)) throw new InvalidOptionError(`maxBytes must be a positive number of bytes, got ${options.maxBytes}`);
  const manifest = options.manifest === undefined ? undefined : readManifest(options.manifest);
  for (const field of ['sha256', 'size'] as const) {
    const [given, listed] = [options[field], manifest?.[field]];
    if (given !== undefined && listed !== undefined && String(given).toLowerCase() !== String(listed)) {
      throw new InvalidOptionError(`the ${field} option (${given}) and the manifest's (${listed}) disagree`);
    }
  }
  return {
    sha256: options.sha256 ?? manifest?.sha256 ?? (isDefault ? DEFAULT_MODEL.sha256 : undefined),
    size: options.size ?? manifest?.size ?? (isDefault ? DEFAULT_MODEL.size : undefined),
    maxBytes,
    manifestFile: manifest?.file,
  };
}

/** A model's name from where it came: a file's name, a URL's last part, else the manifest's. */
function nameOf(source: WeightsSource, manifestFile: string | undefined): string {
  if (typeof File !== 'undefined' && source instanceof File && source.name) return source.name;
  if (typeof source === 'string' || source instanceof URL) {
    const path = new URL(String(source), (globalThis as { location?: Location }).location?.href ?? 'http://localhost/').pathname;
    const last = path.split('/').pop() ?? '';
    if (last) {
      try {
        return decodeURIComponent(last);
      } catch {
        return last; // a malformed escape: the name as written
      }
    }
  }
  return manifestFile ?? 'weights';
}

/** Runs `work`, marking an error it throws as being about `input` (content, style or weights). */
function about<T>(input: Input, work: () => T): T {
  try {
    const result = work();
    return (result instanceof Promise ? result.catch((e: unknown) => Promise.reject(typed(e, input))) : result) as T;
  } catch (e) {
    throw typed(e, input);
  }
}

function failed(e: unknown) {
  const error = typed(e);
  if (error instanceof EngineCrashedError) crashed = true;
  return error;
}

let defaultTranslator: Promise<Translator> | undefined;

/** `translate(content, style, seed)` on the default model shipped in this package, loaded once.
 * @example const image = await translate(photoBlob, styleBlob, 7); */
export async function translate(content: ImageInput, style: ImageInput | Style | null, seed: number): Promise<ImageData> {
  defaultTranslator ??= Translator.load().catch((e) => {
    defaultTranslator = undefined; // let the next call try again (e.g. after a network error)
    throw e;
  });
  return (await defaultTranslator).translate(content, style, seed);
}
