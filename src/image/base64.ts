/** An image's base64 as ASCII bytes, ready to go into a request body without a string copy of its own. */
export function base64Ascii(bytes: Uint8Array): Uint8Array {
  const ascii = Buffer.from(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'), 'latin1');
  return new Uint8Array(ascii.buffer, ascii.byteOffset, ascii.byteLength);
}
