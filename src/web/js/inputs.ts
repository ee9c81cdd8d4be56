// Every image input the API accepts, turned into RGBA bytes. Encoded bytes and Blobs are decoded by
// the wasm side (typed errors for empty, truncated or non-image files); DOM images go through a
// canvas. Nothing here needs `document`, so it works in a Web Worker as well.

import { decodeImage } from './ace.js';
import { InvalidImageError, typed } from './errors.js';

/** What `translate` and `encodeStyle` accept. */
export type ImageInput =
  | ImageData
  | ImageBitmap
  | HTMLImageElement
  | HTMLCanvasElement
  | OffscreenCanvas
  | Blob
  | ArrayBuffer
  | ArrayBufferView;

export interface Rgba {
  rgba: Uint8Array;
  width: number;
  height: number;
}

const has = (name: string) => typeof (globalThis as Record<string, unknown>)[name] !== 'undefined';

export async function toRgba(input: ImageInput, maxPixels?: number): Promise<Rgba> {
  if (input == null) throw new InvalidImageError('no image was given');
  if (has('ImageData') && input instanceof ImageData) {
    return { rgba: new Uint8Array(input.data.buffer, input.data.byteOffset, input.data.byteLength), width: input.width, height: input.height };
  }
  if (input instanceof ArrayBuffer || ArrayBuffer.isView(input)) {
    if (isDetached(input)) throw new InvalidImageError(detachedMessage('the image bytes'));
    if (input instanceof ArrayBuffer) return decode(new Uint8Array(input), maxPixels);
    return decode(new Uint8Array(input.buffer, input.byteOffset, input.byteLength), maxPixels);
  }
  if (has('Blob') && input instanceof Blob) return decode(new Uint8Array(await input.arrayBuffer()), maxPixels);
  if (has('HTMLImageElement') && input instanceof HTMLImageElement) {
    if (!input.complete) await input.decode().catch(() => undefined);
    if (!input.complete || input.naturalWidth === 0) {
      throw new InvalidImageError('the <img> has not loaded or could not be decoded');
    }
    return draw(input, input.naturalWidth, input.naturalHeight);
  }
  if (has('ImageBitmap') && input instanceof ImageBitmap) return draw(input, input.width, input.height);
  if (has('HTMLCanvasElement') && input instanceof HTMLCanvasElement) return draw(input, input.width, input.height);
  if (has('OffscreenCanvas') && input instanceof OffscreenCanvas) return draw(input, input.width, input.height);
  throw new InvalidImageError('unsupported input: give ImageData, ImageBitmap, an <img>, a canvas, a Blob or encoded bytes');
}

/** Whether bytes were transferred away (`postMessage` or `structuredClone` with a transfer list):
 * reading them then throws a TypeError that would otherwise surface as a backend failure. */
export function isDetached(bytes: ArrayBuffer | ArrayBufferView): boolean {
  const buffer = (ArrayBuffer.isView(bytes) ? bytes.buffer : bytes) as { detached?: boolean };
  return buffer.detached === true;
}

export const detachedMessage = (what: string) => `${what} are in a detached ArrayBuffer (transferred elsewhere); pass bytes that are still readable`;

function decode(bytes: Uint8Array, maxPixels?: number): Rgba {
  try {
    const picture = decodeImage(bytes, maxPixels);
    const out = { rgba: picture.rgba, width: picture.width, height: picture.height };
    picture.free();
    return out;
  } catch (e) {
    throw typed(e);
  }
}

function draw(source: CanvasImageSource, width: number, height: number): Rgba {
  if (width === 0 || height === 0) throw new InvalidImageError(`the image has no pixels (${width}x${height})`);
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new InvalidImageError('no 2D canvas context to read the image with');
  context.drawImage(source, 0, 0);
  const data = context.getImageData(0, 0, width, height).data;
  return { rgba: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width, height };
}

/** An `ImageData` of RGBA bytes. */
export function toImageData(rgba: Uint8Array, width: number, height: number): ImageData {
  // The bytes come out of wasm memory copied into a fresh (never shared) ArrayBuffer.
  return new ImageData(new Uint8ClampedArray(rgba.buffer as ArrayBuffer, rgba.byteOffset, rgba.byteLength), width, height);
}

/** A PNG `Blob` of an `ImageData` (for downloads). */
export async function toPngBlob(image: ImageData): Promise<Blob> {
  const canvas = new OffscreenCanvas(image.width, image.height);
  const context = canvas.getContext('2d');
  if (!context) throw new InvalidImageError('no 2D canvas context to encode the image with');
  context.putImageData(image, 0, 0);
  return canvas.convertToBlob({ type: 'image/png' });
}
