// Messages between the page and the worker that runs the model (so the page never freezes).
import type { BackendInfo, ModelInfo, Progress } from 'ace-translate';

/** A style image, with a key so the worker encodes each style once. */
export interface StyleImage {
  key: string;
  image: Blob;
}

/** A model other than the default: a file the visitor chose, or an address (`?model=`); with the text
 * of its manifest (`<file>.json`) when one came along. */
export type ModelChoice = { file: Blob; name: string; manifest?: string } | { url: string; manifest?: string };

export type Request =
  /** No model: the default one. A new model replaces the running one only once it has loaded. */
  | { id: number; kind: 'load'; model?: ModelChoice }
  | {
      id: number;
      kind: 'translate';
      /** A photo's file, or a camera frame (live). */
      content: Blob | ImageBitmap;
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
  | { id: number; kind: 'loaded'; backend: BackendInfo; model: ModelInfo }
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
