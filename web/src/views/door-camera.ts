// Scanning a ticket's QR with the device's camera, where the browser has BarcodeDetector (Chrome and
// Edge on Android, ChromeOS and macOS; not Firefox or Safari today). Feature-detected: without it the
// door page still works by typing or pasting the code, which is also what a USB scanner "types".

type DetectedCode = { rawValue: string };
type Detector = { detect(source: HTMLVideoElement): Promise<DetectedCode[]> };
type DetectorClass = new (options: { formats: string[] }) => Detector;

export const cameraScanningAvailable = () => 'BarcodeDetector' in window && typeof navigator.mediaDevices?.getUserMedia === 'function';

/**
 * Starts the camera in `video` and calls `onCode` with each QR it reads (the same code again only after
 * it has been out of view for a moment, so one ticket held up is one scan). Returns a stop function.
 */
export async function startCameraScan(video: HTMLVideoElement, onCode: (code: string) => void): Promise<() => void> {
  const Barcode = (window as unknown as { BarcodeDetector: DetectorClass }).BarcodeDetector;
  const detector = new Barcode({ formats: ['qr_code'] });
  const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
  video.srcObject = stream;
  await video.play();
  let running = true;
  let lastCode = '';
  let framesWithout = 0;
  const look = async () => {
    if (!running) return;
    try {
      const [found] = await detector.detect(video);
      if (found?.rawValue && found.rawValue !== lastCode) onCode(found.rawValue);
      if (found?.rawValue) {
        lastCode = found.rawValue;
        framesWithout = 0;
      } else if (++framesWithout > 30) lastCode = '';
    } catch {
      // A frame the detector could not read (the camera still starting): try the next one.
    }
    requestAnimationFrame(() => void look());
  };
  void look();
  return () => {
    running = false;
    for (const track of stream.getTracks()) track.stop();
    video.srcObject = null;
  };
}
