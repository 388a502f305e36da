import { crc32, deflateSync } from 'node:zlib';

/**
 * Synthetic photographs for the notices' tests, built from bytes: a real PNG of flat colour, a real tiny
 * JPEG, and the same JPEG carrying an EXIF block with a GPS position (as a phone's photo would).
 */

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

/** A PNG `size` pixels square of one colour; `extra` chunks go before the image data (eXIf, tEXt). */
export function testPng(size = 24, rgb: [number, number, number] = [40, 90, 160], extra: Array<[string, Buffer]> = []): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(size * 3).map((_, i) => rgb[i % 3] as number)]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: size }, () => row)));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    ...extra.map(([type, data]) => chunk(type, data)),
    chunk('IDAT', pixels),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A 1 by 1 baseline JPEG that browsers draw. */
export const TEST_JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
);

/** The words a GPS block holds in the test EXIF (a made-up place): the tests look for them after stripping. */
export const GPS_MARKER = 'GPSLatitude 53.3811N GPSLongitude 1.4701W';

/** An APP1 EXIF segment: "Exif\0\0", a little-endian TIFF header, and a GPS block as text (enough to find). */
export function exifSegment(payload = GPS_MARKER): Buffer {
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'binary'), Buffer.from([0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00]), Buffer.from(payload, 'ascii')]);
  const length = Buffer.alloc(2);
  length.writeUInt16BE(body.length + 2);
  return Buffer.concat([Buffer.from([0xff, 0xe1]), length, body]);
}

/** A JPEG as a phone makes it: the EXIF block with GPS straight after the start of image. */
export function jpegWithGps(jpeg: Buffer = TEST_JPEG): Buffer {
  return Buffer.concat([jpeg.subarray(0, 2), exifSegment(), jpeg.subarray(2)]);
}
