// The result area: the translation over the original, with a slider to compare before and after.
export function showResult(image: ImageData, content: ImageBitmap, before: HTMLCanvasElement, output: HTMLCanvasElement): void {
  for (const canvas of [before, output]) [canvas.width, canvas.height] = [image.width, image.height];
  output.getContext('2d')!.putImageData(image, 0, 0);
  // The original, scaled to the output's size, under it.
  before.getContext('2d')!.drawImage(content, 0, 0, image.width, image.height);
}

/**
 * Shows the original on the left `before` share of the picture and the output on the rest, so the
 * labels under it ("Before" left, "After" right) name what lies above them at any slider position.
 */
export function setSplit(output: HTMLCanvasElement, before: number): void {
  output.style.clipPath = `inset(0 0 0 ${(before * 100).toFixed(1)}%)`;
}

export function drawInto(canvas: HTMLCanvasElement, image: ImageData): void {
  [canvas.width, canvas.height] = [image.width, image.height];
  canvas.getContext('2d')!.putImageData(image, 0, 0);
  canvas.dataset.drawn = 'true';
}
