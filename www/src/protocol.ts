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
    }
  | {
      id: number;
      /** The translation at the photo's own size, as a PNG (the network works at the model's side). */
      kind: 'full-size';
      content: Blob;
      styles: StyleImage[];
      weights: number[];
      seed: number;
      strength: number;
    }
  /** Drop the full-size request `target` at its next step (a translation under way finishes first). */
  | { id: number; kind: 'cancel'; target: number };

export type Response =
  | { id: number; kind: 'progress'; progress: Progress }
  | { id: number; kind: 'loaded'; backend: BackendInfo; model: ModelInfo }
  | { id: number; kind: 'translated'; images: ImageData[] }
  | { id: number; kind: 'step'; step: FullSizeStep }
  | { id: number; kind: 'full-size'; png: Blob; width: number; height: number }
  | { id: number; kind: 'cancelled' }
  | { id: number; kind: 'error'; name: string; message: string; details: ErrorDetails };

/** The steps of a full-size download, in order. */
export const FULL_SIZE_STEPS = ['translating', 'encoding'] as const;
export type FullSizeStep = (typeof FULL_SIZE_STEPS)[number];

/** What an error says beyond its name and message: the input it is about and the limit it broke
 * (the library's error fields, which are plain numbers and cross postMessage). */
export interface ErrorDetails {
  input?: string;
  maxPixels?: number;
  maxSide?: number;
  minSide?: number;
}
