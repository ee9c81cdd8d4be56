// Every way in for the content photo: drop, paste, file picker, webcam snapshot.
/** `leave`: dropped files that are not photos, for another handler further up (a model file). */
export function onContent(dropzone: HTMLElement, input: HTMLInputElement, take: (file: Blob) => void, leave: (file: File) => boolean): void {
  input.addEventListener('change', () => {
    if (input.files?.[0]) take(input.files[0]);
    input.value = '';
  });
  dropzone.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      input.click();
    }
  });
  dropzone.addEventListener('dragover', (e) => {
    e.preventDefault();
    dropzone.classList.add('over');
  });
  dropzone.addEventListener('dragleave', () => dropzone.classList.remove('over'));
  dropzone.addEventListener('drop', (e) => {
    e.preventDefault();
    dropzone.classList.remove('over');
    const file = e.dataTransfer?.files[0];
    if (file && !leave(file)) take(file);
  });
  window.addEventListener('paste', (e) => {
    const file = [...(e.clipboardData?.files ?? [])].find((f) => f.type.startsWith('image/'));
    if (file) take(file);
  });
}

export async function openCamera(dialog: HTMLDialogElement, video: HTMLVideoElement): Promise<MediaStream> {
  const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'user' }, audio: false });
  video.srcObject = stream;
  dialog.showModal();
  return stream;
}

export async function snapshot(video: HTMLVideoElement): Promise<Blob> {
  const canvas = new OffscreenCanvas(video.videoWidth, video.videoHeight);
  canvas.getContext('2d')!.drawImage(video, 0, 0);
  return canvas.convertToBlob({ type: 'image/png' });
}
