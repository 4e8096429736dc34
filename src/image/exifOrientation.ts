/** Reads the EXIF orientation (1–8) of a JPEG from its APP1 "Exif" segment; 1 when absent or unreadable. */

export type Orientation = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

const ORIENTATION_TAG = 0x0112;
const SHORT = 3;

/** The orientation a viewer applies to this JPEG: its IFD0 Orientation tag, or 1 (as stored). */
export function readExifOrientation(jpeg: Uint8Array): Orientation {
  let offset = 2; // after SOI
  while (offset + 4 <= jpeg.length) {
    if (jpeg[offset] !== 0xff) return 1;
    const marker = jpeg[offset + 1];
    if (marker === 0xff) { offset++; continue; } // fill byte
    if (marker === 0xda || marker === 0xd9) return 1; // start of scan or end: no more metadata
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) { offset += 2; continue; }
    const length = (jpeg[offset + 2] << 8) | jpeg[offset + 3];
    if (length < 2) return 1;
    if (marker === 0xe1) {
      const found = orientationInExif(jpeg.subarray(offset + 4, Math.min(jpeg.length, offset + 2 + length)));
      if (found !== undefined) return found;
    }
    offset += 2 + length;
  }
  return 1;
}

/** The orientation in one APP1 payload ("Exif\0\0" + TIFF), or undefined when it is not EXIF or says nothing. */
function orientationInExif(app1: Uint8Array): Orientation | undefined {
  // "Exif" then two zero bytes, then a TIFF header: "II" (little endian) or "MM" (big endian), 42, IFD0 offset.
  if (app1.length < 14 || app1[0] !== 0x45 || app1[1] !== 0x78 || app1[2] !== 0x69 || app1[3] !== 0x66 || app1[4] !== 0 || app1[5] !== 0) {
    return undefined;
  }
  const tiff = new DataView(app1.buffer, app1.byteOffset + 6, app1.length - 6);
  const order = tiff.getUint16(0);
  if (order !== 0x4949 && order !== 0x4d4d) return undefined;
  const little = order === 0x4949;
  if (tiff.getUint16(2, little) !== 42) return undefined;
  const ifd = tiff.getUint32(4, little);
  if (ifd + 2 > tiff.byteLength) return undefined;
  const entries = tiff.getUint16(ifd, little);
  for (let i = 0; i < entries; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > tiff.byteLength) return undefined;
    if (tiff.getUint16(entry, little) !== ORIENTATION_TAG) continue;
    if (tiff.getUint16(entry + 2, little) !== SHORT) return undefined;
    const value = tiff.getUint16(entry + 8, little); // a SHORT sits in the first half of the value field
    return value >= 1 && value <= 8 ? (value as Orientation) : undefined;
  }
  return undefined;
}
