// The result area: the translation over the original, with a slider to compare before and after.
export function showResult(image: ImageData, content: ImageBitmap, before: HTMLCanvasElement, output: HTMLCanvasElement): void {
  for (const canvas of [before, output]) [canvas.width, canvas.height] = [image.width, image.height];
  output.getContext('2d')!.putImageData(image, 0, 0);
  // The original, scaled to the output's size, under it.
  before.getContext('2d')!.drawImage(content, 0, 0, image.width, image.height);
}

/** Shows the output on the left `fraction` of the picture and the original on the rest. */
export function setSplit(output: HTMLCanvasElement, fraction: number): void {
  output.style.clipPath = `inset(0 ${((1 - fraction) * 100).toFixed(1)}% 0 0)`;
}

export function drawInto(canvas: HTMLCanvasElement, image: ImageData): void {
  [canvas.width, canvas.height] = [image.width, image.height];
  canvas.getContext('2d')!.putImageData(image, 0, 0);
  canvas.dataset.drawn = 'true';
}
