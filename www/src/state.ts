// What the page holds between events: the photo, the chosen style, the latest result.
import type { ModelChoice } from './protocol';

export const state = {
  content: undefined as Blob | undefined,
  contentBitmap: undefined as ImageBitmap | undefined,
  /** The photo before a new one, until the new one has translated: it comes back if the library refuses
   * the new one (too large, say), with its result still shown. */
  previousContent: undefined as { blob: Blob; bitmap: ImageBitmap; url: string } | undefined,
  style: 'cat-1' as string, // a gallery key, 'own', or 'none'
  ownStyle: undefined as Blob | undefined,
  /** Counts the own style files chosen: the worker caches each style's code by key. */
  ownStyleId: 0,
  styleBeforeOwn: 'cat-1' as string, // what comes back when your own style file turns out unreadable
  ready: false,
  result: undefined as ImageData | undefined,
  /** Set while a full-size download is made (one at a time). */
  fullSizeRunning: false,
  /** Set when a variation was clicked: its strip stays (the clicked one marked) instead of being redrawn. */
  keepStrip: false,
  /** Set once the visitor has done something: only then does a new result scroll into view. */
  acted: false,
  /** When the latest translation was asked for: the time shown is what the visitor waited since. */
  askedAt: 0,
};

/** A model to load: the visitor's, or none (the default); or one still being worked out (`?model=`'s
 * manifest is fetched first), whose failure is the visitor's model failing. */
export type Wanted = ModelChoice | Promise<ModelChoice | undefined> | undefined;

/** What the page asks of its main loop, handed to the parts that wire controls (so they import no cycle). */
export interface Actions {
  translate(): Promise<void>;
  setContent(blob: Blob): Promise<void>;
  /** Loads the visitor's model, or the default (no choice), in place of the running one. */
  useModel(wanted: Wanted): Promise<void>;
}

/** Counts kept on `document.body.dataset` for the end-to-end tests. */
export function count(key: 'requests' | 'translations') {
  document.body.dataset[key] = String(Number(document.body.dataset[key] ?? 0) + 1);
}
