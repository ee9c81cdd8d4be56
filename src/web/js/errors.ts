// Typed errors with stable names. The Rust side throws a plain `Error` whose `name` is one of these
// names (see src/error.rs `AceError::kind`); `typed()` turns it into the class, so callers can write
// `if (e instanceof ImageTooLargeError)` instead of parsing messages. Each class states its `name`
// as a string: a minifier renames classes, and the names are part of this package's API (they also
// cross `postMessage`, where `instanceof` does not).

/** Which input an error is about. */
export type Input = 'content' | 'style' | 'weights';

/** The base class of every error this library throws. */
export class AceError extends Error {
  override name = 'AceError';
  /** Which input failed, when one did: the content photo, the style photo or the weights. */
  input?: Input;
  /** `ImageTooLargeError` over the pixel limit: the largest accepted input, in pixels. */
  maxPixels?: number;
  /** `ImageTooLargeError` over the side limit: the longest accepted side, in pixels. */
  maxSide?: number;
  /** `ImageTooSmallError`: the shortest accepted side, in pixels. */
  minSide?: number;
}
/** The constructor of an `AceError` subclass (typed so, the declarations stay free of any runtime's
 * own `Error` statics). */
type AceErrorClass = new (message?: string, options?: { cause?: unknown }) => AceError;

/** A subclass of `AceError` whose `name` is this string (what survives a minifier). */
function named(name: string): AceErrorClass {
  return class extends AceError {
    override name = name;
  };
}

/** Empty, corrupt, truncated or non-image input, or an image element that has not loaded. */
export class InvalidImageError extends named('InvalidImageError') {}
/** Larger than the pixel limit (`maxPixels`) or the side limit (`maxSide`), or than the GPU can hold. */
export class ImageTooLargeError extends named('ImageTooLargeError') {}
/** A side shorter than the minimum (8 px): usually an unloaded image or a zero-sized canvas. */
export class ImageTooSmallError extends named('ImageTooSmallError') {}
/** The weights file is not ours, damaged, truncated, or fails its checksum. */
export class WeightsError extends named('WeightsError') {}
/** An option out of range (strength, variation, seed, backend, style code size). */
export class InvalidOptionError extends named('InvalidOptionError') {}
/** WebGPU was required (`backend: 'webgpu'`) but the browser has none, or refused the device. */
export class WebGPUUnavailableError extends named('WebGPUUnavailableError') {}
/** The GPU device was lost; the next call re-initialises it. */
export class DeviceLostError extends named('DeviceLostError') {}
/** The weights could not be downloaded. */
export class NetworkError extends named('NetworkError') {}
/** The compute backend failed in another way. */
export class BackendError extends named('BackendError') {}
/** The wasm module trapped (a bug: please report it); load a new Translator after a page reload. */
export class EngineCrashedError extends named('EngineCrashedError') {}
/** Live mode's camera stopped sending frames (unplugged, taken by another app) or sends no picture. */
export class CameraLostError extends named('CameraLostError') {}
/** The translator was disposed. */
export class DisposedError extends named('DisposedError') {}

const byName: Record<string, new (message: string, options?: { cause?: unknown }) => AceError> = {
  InvalidImageError,
  ImageTooLargeError,
  ImageTooSmallError,
  WeightsError,
  InvalidOptionError,
  WebGPUUnavailableError,
  DeviceLostError,
  BackendError,
  IoError: BackendError,
};

/** Any thrown value as one of the classes above; `input` says which input it is about. */
export function typed(error: unknown, input?: Input): AceError {
  const result = asClass(error);
  if (input && !result.input) result.input = input;
  return result;
}

function asClass(error: unknown): AceError {
  if (error instanceof AceError) return error;
  if (typeof WebAssembly !== 'undefined' && error instanceof WebAssembly.RuntimeError) {
    return new EngineCrashedError(`the wasm engine crashed: ${error.message}`, { cause: error });
  }
  if (error instanceof Error) {
    const Class = byName[error.name] ?? BackendError;
    const result = new Class(error.message, { cause: error });
    const limits = error as { maxPixels?: number; maxSide?: number; minSide?: number };
    for (const field of ['maxPixels', 'maxSide', 'minSide'] as const) {
      if (typeof limits[field] === 'number') result[field] = limits[field];
    }
    return result;
  }
  return new BackendError(String(error), { cause: error });
}
