// What a visitor reads when something goes wrong: what happened and what to do, never a stack trace.
export function friendly(error: unknown): string {
  const name = error instanceof Error ? error.name : '';
  const detail = error instanceof Error ? error.message : String(error);
  switch (name) {
    case 'InvalidImageError':
      return 'That file is not a picture this page can read. Try a PNG, JPEG, WebP, BMP or GIF photo.';
    case 'ImageTooLargeError':
      return 'That picture is too large (over 64 megapixels). Try a smaller one.';
    case 'ImageTooSmallError':
      return 'That picture is too small: each side needs at least 8 pixels.';
    case 'WebGPUUnavailableError':
      return 'WebGPU is not available in this browser, so the page runs on the CPU (slower, but it works).';
    case 'DeviceLostError':
      return 'The graphics card was reset. Press Translate again: the page reconnects to it.';
    case 'NetworkError':
      return 'The model could not be downloaded. Check your connection, then reload the page.';
    case 'WeightsError':
      return 'The model file arrived damaged. Reload the page to download it again.';
    case 'EngineCrashedError':
      return 'The translator stopped working. Reload the page to start it again.';
    case 'NotAllowedError':
      return 'The camera is blocked. Allow camera access for this page, or choose a file instead.';
    case 'NotFoundError':
      return 'No camera was found. Choose a file instead.';
    default:
      return `Something went wrong: ${detail}`;
  }
}
