// Messages between the page and the worker that runs the model (so the page never freezes).
import type { BackendInfo, Progress } from 'ace-translate';

/** A style image, with a key so the worker encodes each style once. */
export interface StyleImage {
  key: string;
  image: Blob;
}

export type Request =
  | { id: number; kind: 'load' }
  | {
      id: number;
      kind: 'translate';
      content: Blob;
      /** No styles: the seed samples one. Two: mixed with `weights`. */
      styles: StyleImage[];
      weights: number[];
      /** One seed: one translation. Several: one batch, the content encoded once. */
      seeds: number[];
      strength: number;
      maxSide: number;
    };

export type Response =
  | { id: number; kind: 'progress'; progress: Progress }
  | { id: number; kind: 'loaded'; backend: BackendInfo }
  | { id: number; kind: 'translated'; images: ImageData[] }
  | { id: number; kind: 'error'; name: string; message: string; details: ErrorDetails };

/** What an error says beyond its name and message: the input it is about and the limit it broke
 * (the library's error fields, which are plain numbers and cross postMessage). */
export interface ErrorDetails {
  input?: string;
  maxPixels?: number;
  maxSide?: number;
  minSide?: number;
}
