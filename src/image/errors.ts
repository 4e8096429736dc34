/** The image pipeline's user-facing error, kept apart so the extension host can use it without loading any codec. */
export class ImageDecodeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ImageDecodeError';
  }
}
