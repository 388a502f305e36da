import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exifSegment, GPS_MARKER, jpegWithGps, TEST_JPEG, testPng } from '../../../test/helpers/images.js';
import { cleanPhoto, MAX_PHOTO_BYTES, sniffImage, stripJpegMetadata, stripPngMetadata } from './photo.js';

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');

describe('what an upload really is', () => {
  it('knows a JPEG and a PNG by their first bytes', () => {
    expect(sniffImage(TEST_JPEG)).toBe('image/jpeg');
    expect(sniffImage(testPng())).toBe('image/png');
  });

  it('refuses text, a PDF, a GIF and an empty file, whatever they are called', () => {
    expect(sniffImage(Buffer.from('This is a text file called photo.jpg\n'))).toBeNull();
    expect(sniffImage(Buffer.from('%PDF-1.7\n'))).toBeNull();
    expect(sniffImage(Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'))).toBeNull();
    expect(sniffImage(Buffer.alloc(0))).toBeNull();
    expect(cleanPhoto(Buffer.from('Hello, I am not a photograph'))).toEqual({ problem: 'not-an-image' });
    expect(cleanPhoto(Buffer.alloc(0))).toEqual({ problem: 'empty' });
  });

  it('refuses the PNG signature without a header chunk after it', () => {
    expect(sniffImage(testPng().subarray(0, 12))).toBeNull();
  });

  it('refuses anything over 5 MB, and an upload cut short at the limit', () => {
    const big = Buffer.concat([TEST_JPEG.subarray(0, TEST_JPEG.length - 2), Buffer.alloc(MAX_PHOTO_BYTES), TEST_JPEG.subarray(-2)]);
    expect(cleanPhoto(big)).toEqual({ problem: 'too-large' });
    expect(cleanPhoto(TEST_JPEG, true)).toEqual({ problem: 'too-large' });
  });

  it('refuses a JPEG or PNG that stops in the middle', () => {
    expect(cleanPhoto(TEST_JPEG.subarray(0, 30))).toEqual({ problem: 'unreadable' });
    const png = testPng();
    expect(cleanPhoto(png.subarray(0, png.length - 12))).toEqual({ problem: 'unreadable' });
  });

  it('property: random bytes that do not start like a JPEG or a PNG are never taken as a photograph', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 200 }), (bytes) => {
        fc.pre(!(bytes[0] === 0xff && bytes[1] === 0xd8) && bytes[0] !== 0x89);
        expect(cleanPhoto(bytes)).toEqual(bytes.length === 0 ? { problem: 'empty' } : { problem: 'not-an-image' });
      }),
    );
  });
});

describe('taking out where a photograph was taken', () => {
  it('a JPEG with an EXIF GPS block comes out without it, and otherwise unchanged', () => {
    const phone = jpegWithGps();
    expect(text(phone)).toContain(GPS_MARKER);
    const cleaned = stripJpegMetadata(phone);
    expect(cleaned).not.toBeNull();
    expect(text(cleaned!.bytes)).not.toContain(GPS_MARKER);
    expect(text(cleaned!.bytes)).not.toContain('Exif');
    expect(Buffer.from(cleaned!.bytes).equals(TEST_JPEG)).toBe(true);
    expect(cleaned!.removed).toEqual(['EXIF (which can hold where and when it was taken)']);
  });

  it('cleanPhoto keeps the cleaned bytes, never the uploaded ones', () => {
    const result = cleanPhoto(jpegWithGps());
    expect('problem' in result).toBe(false);
    if ('problem' in result) return;
    expect(result.type).toBe('image/jpeg');
    expect(text(result.bytes)).not.toContain('GPS');
  });

  it('a JPEG without metadata is kept byte for byte, with nothing said to be removed', () => {
    const cleaned = stripJpegMetadata(TEST_JPEG);
    expect(Buffer.from(cleaned!.bytes).equals(TEST_JPEG)).toBe(true);
    expect(cleaned!.removed).toEqual([]);
  });

  it('a comment segment is removed too', () => {
    const comment = Buffer.concat([Buffer.from([0xff, 0xfe, 0x00, 0x0f]), Buffer.from('Taken at home')]);
    const withComment = Buffer.concat([TEST_JPEG.subarray(0, 2), comment, TEST_JPEG.subarray(2)]);
    const cleaned = stripJpegMetadata(withComment)!;
    expect(text(cleaned.bytes)).not.toContain('Taken at home');
    expect(cleaned.removed).toEqual(['text comments']);
  });

  it('a PNG with an eXIf chunk and a text chunk comes out without them, and is still a PNG', () => {
    const png = testPng(8, [200, 10, 10], [['eXIf', Buffer.from(`MM\0*${GPS_MARKER}`, 'latin1')], ['tEXt', Buffer.from('Comment\0At the house', 'latin1')]]);
    const cleaned = stripPngMetadata(png)!;
    expect(text(cleaned.bytes)).not.toContain(GPS_MARKER);
    expect(text(cleaned.bytes)).not.toContain('At the house');
    expect(Buffer.from(cleaned.bytes).equals(testPng(8, [200, 10, 10]))).toBe(true);
    expect(cleaned.removed.sort()).toEqual(['EXIF (which can hold where and when it was taken)', 'text comments']);
  });

  it('property: however many EXIF blocks are put in, none comes out, and cleaning twice changes nothing more', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[A-Za-z0-9 .]{1,60}$/), { minLength: 1, maxLength: 5 }), (payloads) => {
        const marked = payloads.map((p) => `GPS:${p}`);
        const phone = Buffer.concat([TEST_JPEG.subarray(0, 2), ...marked.map((p) => exifSegment(p)), TEST_JPEG.subarray(2)]);
        const once = stripJpegMetadata(phone)!;
        for (const p of marked) expect(text(once.bytes)).not.toContain(p);
        const twice = stripJpegMetadata(once.bytes)!;
        expect(Buffer.from(twice.bytes).equals(Buffer.from(once.bytes))).toBe(true);
        expect(twice.removed).toEqual([]);
      }),
    );
  });
});
