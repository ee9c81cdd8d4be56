// Typed errors with stable names. The Rust side throws a plain `Error` whose `name` is one of these
// names (see src/error.rs `AceError::kind`); `typed()` turns it into the class, so callers can write
// `if (e instanceof ImageTooLargeError)` instead of parsing messages.

/** The base class of every error this library throws. */
export class AceError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}
/** Empty, corrupt, truncated or non-image input, or an image element that has not loaded. */
export class InvalidImageError extends AceError {}
/** Larger than the pixel limit (`maxPixels`). */
export class ImageTooLargeError extends AceError {}
/** A side shorter than the minimum (8 px): usually an unloaded image or a zero-sized canvas. */
export class ImageTooSmallError extends AceError {}
/** The weights file is not ours, damaged, truncated, or fails its checksum. */
export class WeightsError extends AceError {}
/** An option out of range (strength, variation, seed, backend, style code size). */
export class InvalidOptionError extends AceError {}
/** WebGPU was required (`backend: 'webgpu'`) but the browser has none, or refused the device. */
export class WebGPUUnavailableError extends AceError {}
/** The GPU device was lost; the next call re-initialises it. */
export class DeviceLostError extends AceError {}
/** The weights could not be downloaded. */
export class NetworkError extends AceError {}
/** The compute backend failed in another way. */
export class BackendError extends AceError {}
/** The wasm module trapped (a bug: please report it); load a new Translator after a page reload. */
export class EngineCrashedError extends AceError {}
/** The translator was disposed. */
export class DisposedError extends AceError {}

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

/** Any thrown value as one of the classes above. */
export function typed(error: unknown): AceError {
  if (error instanceof AceError) return error;
  if (typeof WebAssembly !== 'undefined' && error instanceof WebAssembly.RuntimeError) {
    return new EngineCrashedError(`the wasm engine crashed: ${error.message}`, { cause: error });
  }
  if (error instanceof Error) {
    const Class = byName[error.name] ?? BackendError;
    return new Class(error.message, { cause: error });
  }
  return new BackendError(String(error), { cause: error });
}
