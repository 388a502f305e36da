/**
 * A photograph of the person who must not collect or contact a child, uploaded by the worker for a
 * notice to a school, nursery or club. What was uploaded is trusted for nothing: the bytes themselves
 * must be a JPEG or a PNG (its name and declared type count for nothing), within the size limit. And a
 * photograph from a phone usually carries where it was taken (EXIF GPS) and when: that is taken out
 * before it is kept, so a school's copy can never tell anyone where the family was. Pure, tested in
 * photo.test.ts.
 */

export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
export const PHOTO_TYPES = ['image/jpeg', 'image/png'] as const;
export type PhotoType = (typeof PHOTO_TYPES)[number];

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** What the bytes really are, by their first bytes (magic numbers): a JPEG, a PNG, or neither. */
export function sniffImage(bytes: Uint8Array): PhotoType | null {
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 16 && PNG_SIGNATURE.every((b, i) => bytes[i] === b) && ascii(bytes, 12, 4) === 'IHDR') return 'image/png';
  return null;
}

function ascii(bytes: Uint8Array, at: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + length));
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** What was taken out of a photograph before it was kept. */
export interface CleanedPhoto {
  type: PhotoType;
  bytes: Uint8Array;
  /** The kinds of metadata removed ("EXIF (may include location)", "text comments"), for the worker to be told. */
  removed: string[];
}

// JPEG segments kept: APP0 (JFIF), APP2 (colour profile), APP14 (Adobe colour). APP1 (EXIF, XMP), the
// other APPn (maker notes, IPTC) and comments are removed; everything from the start of scan is kept.
const JPEG_KEPT_APP = new Set([0xe0, 0xe2, 0xee]);
const JPEG_SOS = 0xda;
const JPEG_COMMENT = 0xfe;

/** A JPEG without its EXIF, XMP, maker notes and comments; null when its segments cannot be read. */
export function stripJpegMetadata(bytes: Uint8Array): { bytes: Uint8Array; removed: string[] } | null {
  if (sniffImage(bytes) !== 'image/jpeg') return null;
  const kept: Uint8Array[] = [bytes.subarray(0, 2)];
  const removed = new Set<string>();
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return null;
    const marker = bytes[at + 1] as number;
    // Fill bytes before a marker.
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    // Markers without a length (restart markers, TEM) are not expected before the scan.
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      kept.push(bytes.subarray(at, at + 2));
      at += 2;
      continue;
    }
    if (marker === 0xd9) return null;
    const length = ((bytes[at + 2] as number) << 8) | (bytes[at + 3] as number);
    if (length < 2 || at + 2 + length > bytes.length) return null;
    const segment = bytes.subarray(at, at + 2 + length);
    if (marker === JPEG_SOS) {
      kept.push(bytes.subarray(at));
      return { bytes: concat(kept), removed: [...removed] };
    }
    const isApp = marker >= 0xe0 && marker <= 0xef;
    if (isApp && !JPEG_KEPT_APP.has(marker)) {
      removed.add(marker === 0xe1 && ascii(bytes, at + 4, 4) === 'Exif' ? 'EXIF (which can hold where and when it was taken)' : 'camera and editing details');
    } else if (marker === JPEG_COMMENT) {
      removed.add('text comments');
    } else {
      kept.push(segment);
    }
    at += 2 + length;
  }
  return null;
}

// PNG chunks that can hold where, when and by whom: removed. Chunks' checksums are their own, so the rest stay valid.
const PNG_METADATA = new Map([
  ['eXIf', 'EXIF (which can hold where and when it was taken)'],
  ['tEXt', 'text comments'],
  ['zTXt', 'text comments'],
  ['iTXt', 'text comments'],
  ['tIME', 'when it was last changed'],
]);

/** A PNG without its EXIF, text and time chunks; null when its chunks cannot be read or it has no end. */
export function stripPngMetadata(bytes: Uint8Array): { bytes: Uint8Array; removed: string[] } | null {
  if (sniffImage(bytes) !== 'image/png') return null;
  const kept: Uint8Array[] = [bytes.subarray(0, 8)];
  const removed = new Set<string>();
  let at = 8;
  while (at + 12 <= bytes.length) {
    const length = (((bytes[at] as number) << 24) >>> 0) + ((bytes[at + 1] as number) << 16) + ((bytes[at + 2] as number) << 8) + (bytes[at + 3] as number);
    const type = ascii(bytes, at + 4, 4);
    const end = at + 12 + length;
    if (!/^[A-Za-z]{4}$/.test(type) || end > bytes.length) return null;
    const why = PNG_METADATA.get(type);
    if (why) removed.add(why);
    else kept.push(bytes.subarray(at, end));
    at = end;
    if (type === 'IEND') return { bytes: concat(kept), removed: [...removed] };
  }
  return null;
}

export type PhotoProblem = 'empty' | 'too-large' | 'not-an-image' | 'unreadable';

export const PHOTO_PROBLEMS: Record<PhotoProblem, string> = {
  empty: 'Select a photograph',
  'too-large': 'The photograph must be smaller than 5 MB',
  'not-an-image': 'The selected file must be a photograph saved as a JPG or PNG',
  unreadable: 'The photograph could not be read: save it again as a JPG or PNG and upload that',
};

/**
 * Checks an upload and takes its metadata out: the photograph as it will be kept, or why it is refused.
 * The size limit is checked first, on what arrived; the type by the bytes alone.
 */
export function cleanPhoto(bytes: Uint8Array, tooLarge = false): CleanedPhoto | { problem: PhotoProblem } {
  if (tooLarge || bytes.length > MAX_PHOTO_BYTES) return { problem: 'too-large' };
  if (bytes.length === 0) return { problem: 'empty' };
  const type = sniffImage(bytes);
  if (!type) return { problem: 'not-an-image' };
  const cleaned = type === 'image/jpeg' ? stripJpegMetadata(bytes) : stripPngMetadata(bytes);
  if (!cleaned) return { problem: 'unreadable' };
  return { type, ...cleaned };
}
