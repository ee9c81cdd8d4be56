// Live mode: a camera (a <video> or a MediaStream) translated as it moves. One frame at a time and
// always the latest: the next frame is grabbed only once the last translation is done, so nothing
// queues and no two frames are in flight; each result comes with the frame it translated. A frame is
// translated once (the loop waits for the camera's next one), and the loop gives the page a turn
// between frames, so clicks and typing are not starved by back-to-back CPU translations. The style is
// encoded once (again only when it changes), not per frame.
//
// Each frame crosses from the video to the engine as RGBA bytes and back as ImageData (at 128 px, 64 KB
// each way): burn's WebGPU backend takes tensors from bytes, so a frame cannot stay on the GPU.

import { CameraLostError, InvalidOptionError, typed, type AceError } from './errors.js';
import type { ImageInput } from './inputs.js';
import { Style, type Translator } from './translator.js';

export interface LiveSettings {
  /** A style code, a style image (encoded once, when set), or null: the seed samples a style. */
  style?: ImageInput | Style | null;
  /** Default 0. */
  seed?: number;
  /** Default 1 (the full translation). */
  strength?: number;
  /** The frame's longer side as translated, in pixels (default 128). */
  size?: number;
}

export interface LiveFrame {
  /** The translation. */
  image: ImageData;
  /** The camera frame it translates, at the size it was translated: `translate(frame, style, seed,
   * { maxSide: size, strength })` gives `image` again. */
  frame: ImageData;
  /** 1 for the first frame translated. */
  index: number;
  /** Frames translated per second, over the last two seconds. */
  fps: number;
  /** Camera frames shown while running that were not translated (the camera outran the translator). */
  dropped: number;
  /** The settings this frame was translated with. */
  seed: number;
  strength: number;
  size: number;
}

export interface LiveOptions extends LiveSettings {
  onFrame: (frame: LiveFrame) => void;
  /** A failed frame, or the camera lost: the loop has stopped. */
  onError?: (error: AceError) => void;
}

type Source = HTMLVideoElement | MediaStream;

/** A running live translation: `pause()`, `resume()`, `update(settings)`, `stop()`. */
export class Live {
  readonly #translator: Translator;
  readonly #video: HTMLVideoElement;
  readonly #ownsVideo: boolean;
  readonly #options: LiveOptions;
  #settings: Required<Omit<LiveSettings, 'style'>> & { style: Style | null };
  #paused = false;
  #stopped = false;
  /** Resolves on `stop()`: a wait for the camera ends with it. */
  #stopping: Promise<void>;
  #stopNow: () => void = () => {};
  #wake: () => void = () => {};
  #frames = 0;
  /** Camera frames shown so far, and how many had been shown when the last frame was grabbed. */
  #presented = 0;
  #grabbedAt = 0;
  #dropped = 0;
  #newFrame: () => void = () => {};
  #countsFrames = false;
  #times: number[] = [];
  /** Resolves when the loop has ended (stopped, or an error). */
  readonly done: Promise<void>;

  /** Use `live(translator, source, options)`. */
  constructor(translator: Translator, video: HTMLVideoElement, ownsVideo: boolean, options: LiveOptions, style: Style | null) {
    this.#translator = translator;
    this.#video = video;
    this.#ownsVideo = ownsVideo;
    this.#options = options;
    this.#settings = { style, seed: options.seed ?? 0, strength: options.strength ?? 1, size: options.size ?? 128 };
    this.#stopping = new Promise((stopNow) => (this.#stopNow = stopNow));
    this.#countPresented();
    const ended = () => this.#fail(new CameraLostError('the camera stopped sending frames (unplugged, taken by another app, or turned off)'));
    for (const track of this.#tracks()) track.addEventListener('ended', ended, { once: true });
    this.done = this.#loop();
  }

  /** Frames translated so far. */
  get frames(): number {
    return this.#frames;
  }
  /** Frames translated per second, over the last two seconds. */
  get fps(): number {
    const now = performance.now();
    this.#times = this.#times.filter((t) => now - t <= 2000);
    return this.#times.length < 2 ? 0 : ((this.#times.length - 1) * 1000) / (this.#times[this.#times.length - 1] - this.#times[0]);
  }
  /** Camera frames shown while running that were not translated (the camera outran the translator). */
  get dropped(): number {
    return this.#dropped;
  }
  get paused(): boolean {
    return this.#paused;
  }

  /** No more frames until `resume()`; a frame being translated is not delivered. */
  pause(): void {
    this.#paused = true;
  }
  resume(): void {
    this.#paused = false;
    this.#grabbedAt = this.#presented; // frames shown while paused were not dropped
    this.#wake();
  }
  /** New settings, from the next frame on; a style image is encoded once, here. */
  async update(settings: LiveSettings): Promise<void> {
    const style = 'style' in settings ? await encoded(this.#translator, settings.style) : this.#settings.style;
    this.#settings = {
      style,
      seed: settings.seed ?? this.#settings.seed,
      strength: settings.strength ?? this.#settings.strength,
      size: settings.size ?? this.#settings.size,
    };
  }
  /** Ends the loop and releases the camera: the stream's tracks stop, and a video element made here goes. */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#stopNow();
    this.#wake();
    this.#newFrame();
    for (const track of this.#tracks()) track.stop();
    if (this.#ownsVideo) {
      this.#video.srcObject = null;
      this.#video.remove();
    }
  }

  #tracks(): MediaStreamTrack[] {
    const stream = this.#video.srcObject;
    return typeof MediaStream !== 'undefined' && stream instanceof MediaStream ? stream.getVideoTracks() : [];
  }

  #countPresented() {
    type Shown = (now: number, metadata: { presentedFrames: number }) => void;
    const video = this.#video as HTMLVideoElement & { requestVideoFrameCallback?: (f: Shown) => number };
    if (!video.requestVideoFrameCallback) return; // dropped frames are then not counted
    this.#countsFrames = true;
    // The callback runs at most once per rendering step; the video's own count includes the frames
    // shown between two callbacks.
    const first = { at: -1 };
    const count: Shown = (_, { presentedFrames }) => {
      if (this.#stopped) return;
      if (first.at < 0) first.at = presentedFrames - 1;
      this.#presented = presentedFrames - first.at;
      this.#newFrame();
      video.requestVideoFrameCallback!(count);
    };
    video.requestVideoFrameCallback(count);
  }

  /** Until the camera shows a frame not yet translated (at once when one is waiting), always through a
   * task of its own: the page gets its turn between frames. */
  async #nextFrame(): Promise<void> {
    if (this.#countsFrames && this.#presented <= this.#grabbedAt) await new Promise<void>((shown) => (this.#newFrame = shown));
    else await new Promise((turn) => setTimeout(turn, 0));
    this.#dropped += Math.max(0, this.#presented - this.#grabbedAt - 1);
    this.#grabbedAt = this.#presented;
  }

  #fail(error: unknown) {
    if (this.#stopped) return;
    this.stop();
    this.#options.onError?.(typed(error));
  }

  async #loop(): Promise<void> {
    try {
      await Promise.race([playing(this.#video), this.#stopping]);
      while (!this.#stopped) {
        if (this.#paused) {
          await new Promise<void>((wake) => (this.#wake = wake));
          continue;
        }
        await this.#nextFrame();
        if (this.#stopped || this.#paused) continue;
        const { style, seed, strength, size } = this.#settings;
        const frame = await grab(this.#video, size);
        const [translation] = await this.#translator.translateSeeds(frame, style, [seed], { strength, maxSide: size });
        if (this.#stopped || this.#paused) continue; // asked for before the pause: not delivered
        this.#frames++;
        this.#times.push(performance.now());
        this.#options.onFrame({ image: translation.image, frame, index: this.#frames, fps: this.fps, dropped: this.dropped, seed, strength, size });
      }
    } catch (e) {
      this.#fail(e);
    }
  }
}

/**
 * Translates a camera as it moves: `source` is a <video> showing it or its MediaStream; each frame's
 * translation goes to `onFrame`, one at a time, always the latest frame. Needs a page (a worker has no
 * <video>: grab frames there yourself and call `translate`).
 * @example const session = await live(t, stream, { style: catPhoto, size: 64, onFrame: (f) => draw(f.image) });
 */
export async function live(translator: Translator, source: Source, options: LiveOptions): Promise<Live> {
  if (typeof options?.onFrame !== 'function') throw new InvalidOptionError('live needs an onFrame(frame) callback');
  const size = options.size ?? 128;
  if (!Number.isInteger(size) || size < 8) throw new InvalidOptionError(`size must be a whole number of pixels, at least 8, got ${size}`);
  let video: HTMLVideoElement;
  let owns = false;
  if (typeof HTMLVideoElement !== 'undefined' && source instanceof HTMLVideoElement) {
    video = source;
  } else if (typeof MediaStream !== 'undefined' && source instanceof MediaStream && typeof document !== 'undefined') {
    video = Object.assign(document.createElement('video'), { muted: true, playsInline: true, srcObject: source });
    owns = true;
  } else {
    throw new InvalidOptionError('live takes a <video> element or a MediaStream, on a page (a worker has no <video>)');
  }
  const style = await encoded(translator, options.style ?? null);
  return new Live(translator, video, owns, options, style);
}

async function encoded(translator: Translator, style: ImageInput | Style | null | undefined): Promise<Style | null> {
  if (style == null) return null;
  return style instanceof Style ? style : translator.encodeStyle(style);
}

/** Resolves once the video has a frame to draw (it plays itself: a muted video may). */
async function playing(video: HTMLVideoElement): Promise<void> {
  if (video.paused) await video.play().catch(() => undefined);
  if (video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA && video.videoWidth > 0) return;
  await new Promise<void>((ready, fail) => {
    video.addEventListener('loadeddata', () => ready(), { once: true });
    video.addEventListener('error', () => fail(new CameraLostError('the video could not be played')), { once: true });
  });
}

/** The video's current frame as a bitmap, its longer side at most `size` (never enlarged): what a
 * live loop translates (a page that runs the model in a worker posts it there). */
export async function grabFrame(video: HTMLVideoElement, size: number): Promise<ImageBitmap> {
  const [w, h] = [video.videoWidth, video.videoHeight];
  if (w === 0 || h === 0) throw new CameraLostError('the camera sends no picture');
  const scale = Math.min(1, size / Math.max(w, h));
  const [width, height] = [Math.max(1, Math.round(w * scale)), Math.max(1, Math.round(h * scale))];
  return createImageBitmap(video, { resizeWidth: width, resizeHeight: height, resizeQuality: 'medium' });
}

/** `grabFrame` as ImageData (what `LiveFrame.frame` carries). */
async function grab(video: HTMLVideoElement, size: number): Promise<ImageData> {
  const bitmap = await grabFrame(video, size);
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  return context.getImageData(0, 0, canvas.width, canvas.height);
}
