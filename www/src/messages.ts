import type { BackendWhy } from 'ace-translate';
import type { ErrorDetails } from './protocol';

// What a visitor reads when something goes wrong: what happened and what to do, never a stack trace.
export function friendly(error: unknown): string {
  const name = error instanceof Error ? error.name : '';
  const detail = error instanceof Error ? error.message : String(error);
  const { input, maxPixels, maxSide, minSide } = (error as { details?: ErrorDetails }).details ?? {};
  const picture = input === 'style' ? 'That style picture' : 'That picture';
  switch (name) {
    case 'InvalidImageError':
      if (/truncated|ends early/.test(detail)) return `${picture} file is incomplete (it was cut off while copying or downloading). Try the whole file.`;
      return `${input === 'style' ? 'That style file' : 'That file'} is not a picture this page can read. Try a PNG, JPEG, WebP, BMP or GIF photo.`;
    case 'ImageTooLargeError':
      if (maxSide) return `${picture} is too large: a side is longer than ${maxSide} pixels. Try a smaller one.`;
      return `${picture} is too large${maxPixels ? ` (over ${Math.round(maxPixels / 1e6)} megapixels)` : ''}. Try a smaller one.`;
    case 'ImageTooSmallError':
      return `${picture} is too small${minSide ? `: each side needs at least ${minSide} pixels` : ''}.`;
    case 'WebGPUUnavailableError':
      return 'WebGPU is not available in this browser, so the page runs on the CPU (slower, but it works).';
    case 'DeviceLostError':
      return 'The graphics card was reset. Press Translate again: the page reconnects to it.';
    case 'NetworkError':
      return 'The model could not be downloaded. Check your connection and try again.';
    case 'WeightsError':
      return 'The model file arrived damaged. Try again to download it afresh.';
    case 'EngineCrashedError':
      return 'The translator stopped working. Reload the page to start it again.';
    case 'SeedRangeError':
      return `Seeds in this page go from 0 to ${Number.MAX_SAFE_INTEGER} (2^53 - 1), the largest whole number JavaScript holds exactly; ${detail} is not one. The picture shown is still the last seed's.`;
    case 'CameraLostError':
      return 'The camera stopped (unplugged, or taken by another app). Press Live to start it again, or choose a file.';
    case 'NotAllowedError':
      return 'The camera is blocked. Allow camera access for this page, or choose a file instead.';
    case 'NotFoundError':
      return 'No camera was found. Choose a file instead.';
    default:
      return `Something went wrong: ${detail}`;
  }
}

/** Why the visitor's own model (a chosen file, or `?model=`) was refused; `running`: whether the model
 * before it still runs. */
export function ownModelMessage(error: unknown, running: boolean): string {
  const name = error instanceof Error ? error.name : '';
  const detail = (error instanceof Error ? error.message : String(error)).replace(/\.?$/, '.');
  const after = running ? ' The model before it still runs.' : '';
  switch (name) {
    case 'WeightsError':
      return `That model cannot be used: ${detail}${after}`;
    case 'NetworkError':
      return `That model could not be downloaded: ${detail} Its host must be this site, or allow other sites to read the file (CORS).${after}`;
    case 'InvalidOptionError':
    case 'ModelChoiceError':
    case 'ModelAddressError':
      return `${detail}${after}`;
    default:
      return friendly(error);
  }
}

/** Where the model runs, in a visitor's words, from the package's reason code (its `reason`, in a
 * developer's words, stays in the tooltip). */
export function backendLine(backend: { name: 'webgpu' | 'cpu'; why: BackendWhy }): string {
  if (backend.name === 'webgpu') return 'Running on your graphics card.';
  switch (backend.why) {
    case 'software-adapter':
      return 'Running on your processor: this browser offers no graphics card to the page, only a slow imitation of one.';
    case 'no-webgpu':
    case 'no-adapter':
      return 'Running on your processor: no graphics card is open to this page (this browser offers none, or found none to use). It works, just slower.';
    case 'buffer-too-small':
      return 'Running on your processor: the graphics card cannot hold a photo this large.';
    default:
      return 'Running on your processor.';
  }
}
