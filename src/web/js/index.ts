// ACE in the browser: zero-shot image-to-image translation on WebGPU, with a CPU (wasm) fallback.
export { Translator, Style, mixStyles, translate, MAX_WEIGHTS_BYTES } from './translator.js';
export type { LoadOptions, TranslateOptions, BackendInfo, ModelInfo, Translation } from './translator.js';
export { readManifest } from './manifest.js';
export { live, Live, grabFrame } from './live.js';
export type { LiveFrame, LiveOptions, LiveSettings } from './live.js';
export type { ModelManifest } from './manifest.js';
export type { Backend, BackendChoice, BackendWhy } from './backend.js';
export type { ImageInput } from './inputs.js';
export { toPngBlob } from './inputs.js';
export type { Progress, Stage, OnProgress, WeightsSource } from './weights.js';
export { isCached, clearCache } from './weights.js';
export { DEFAULT_MODEL } from './default-model.js';
export * from './errors.js';
