import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FrameErrorCode } from './frame-codec';
import { FrameDecoder, encodeFrame, maxFrameCharsOf } from './frame-codec';

// Any JSON value, including non-BMP characters (surrogate pairs) in keys and strings.
const jsonValue = fc.jsonValue({ stringUnit: 'binary' });

/** Cuts a buffer at the given offsets (which may split a UTF-8 sequence). */
function splitAt(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let start = 0;
  for (const point of [...points, bytes.length]) {
    chunks.push(bytes.subarray(start, point));
    start = point;
  }
  return chunks;
}

describe('encodeFrame', () => {
  it('prefixes the length in UTF-16 code units, not bytes (nest-wire §2 capture)', () => {
    const frame = encodeFrame({ pattern: 'é😀', data: 1, id: 'x' });
    expect(frame).toBe('35#{"pattern":"é😀","data":1,"id":"x"}');
    expect(Buffer.byteLength(frame.slice(3))).toBe(38);
  });

  it('writes the captured request frame byte for byte', () => {
    expect(encodeFrame({ pattern: { cmd: 'get_user' }, data: { id: 1 }, id: 'cdf9287f7b412ab86f7b7' })).toBe(
      '75#{"pattern":{"cmd":"get_user"},"data":{"id":1},"id":"cdf9287f7b412ab86f7b7"}',
    );
  });
});

describe('FrameDecoder', () => {
  it('reads several frames merged into one chunk and reports their wire size', () => {
    const decoder = new FrameDecoder();
    const { packets, error } = decoder.push(Buffer.from('25#{"response":1,"id":"ID1"}30#{"isDisposed":true,"id":"ID1"}'));
    expect(error).toBeUndefined();
    expect(packets).toEqual([
      { packet: { response: 1, id: 'ID1' }, sizeBytes: 28 },
      { packet: { isDisposed: true, id: 'ID1' }, sizeBytes: 33 },
    ]);
  });

  it('waits for the rest of a frame split inside a multi-byte character', () => {
    const bytes = Buffer.from(encodeFrame({ response: '😀' }));
    const decoder = new FrameDecoder();
    const cut = bytes.indexOf(0xf0) + 2; // in the middle of the 4-byte emoji
    expect(decoder.push(bytes.subarray(0, cut)).packets).toEqual([]);
    expect(decoder.hasPartialFrame).toBe(true);
    expect(decoder.push(bytes.subarray(cut)).packets.map((frame) => frame.packet)).toEqual([{ response: '😀' }]);
    expect(decoder.hasPartialFrame).toBe(false);
  });

  it('round-trips any JSON values split at any byte offsets', () => {
    fc.assert(
      fc.property(fc.array(jsonValue, { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { maxLength: 12 }), (values, cuts) => {
        const bytes = Buffer.from(values.map((value) => encodeFrame(value)).join(''));
        const decoder = new FrameDecoder();
        const decoded = splitAt(bytes, cuts).flatMap((chunk) => {
          const result = decoder.push(chunk);
          expect(result.error).toBeUndefined();
          return result.packets.map((frame) => frame.packet);
        });
        // JSON.parse(JSON.stringify(v)) is the fair comparison: -0 becomes 0 on the wire.
        expect(decoded).toEqual(values.map((value) => JSON.parse(JSON.stringify(value))));
        expect(decoder.hasPartialFrame).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('rejects a non-numeric length with Nest\'s message', () => {
    const { error } = new FrameDecoder().push('abc#{}');
    expect(error?.code).toBe('corrupted-length');
    expect(error?.message).toBe('Corrupted length value "abc" supplied in a packet');
  });

  it('rejects garbage that never brings a # separator', () => {
    expect(new FrameDecoder().push('GET / HTTP/1.1\r\n').error?.code).toBe('corrupted-length');
  });

  it('refuses a frame longer than the maximum before buffering it', () => {
    const { error } = new FrameDecoder(100).push('101#{');
    expect(error?.code).toBe('frame-too-large');
    expect(error?.message).toBe('The packet length (101) exceeds the maximum allowed length (100 characters)');
  });

  it('reports invalid JSON and stays failed', () => {
    const decoder = new FrameDecoder();
    const first = decoder.push('3#{x}2#{}');
    expect(first.error?.code).toBe('invalid-json');
    expect(first.error?.message).toMatch(/^Could not parse JSON: .*\nRequest data: \{x\}$/);
    expect(decoder.push('2#{}')).toEqual({ packets: [], error: first.error });
  });

  it('delivers frames decoded before an error in the same chunk', () => {
    const { packets, error } = new FrameDecoder().push('2#{}x#');
    expect(packets.map((frame) => frame.packet)).toEqual([{}]);
    expect(error?.code).toBe('corrupted-length');
  });
});

describe('FrameDecoder under fuzzing', () => {
  const codes: FrameErrorCode[] = ['corrupted-length', 'frame-too-large', 'invalid-json'];
  // Bytes that are mostly frame-like (digits, '#', braces, multi-byte UTF-8) find more paths than uniform noise.
  const frameishBytes = fc
    .array(
      fc.oneof(
        fc.uint8Array({ maxLength: 12 }),
        fc.constantFrom('#', '{', '}', '"', '0', '9', '12#', '2#{}', '😀', 'é', '999999999#').map((text) => new Uint8Array(Buffer.from(text))),
        jsonValue.map((value) => new Uint8Array(Buffer.from(encodeFrame(value)))),
      ),
      { maxLength: 12 },
    )
    .map((parts) => Buffer.concat(parts));

  it('decodes any valid packets split at any byte, and keeps no more than one frame between pushes', () => {
    fc.assert(
      fc.property(fc.array(jsonValue, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 16 }), (values, cuts) => {
        const frames = values.map((value) => encodeFrame(value));
        const longest = Math.max(...frames.map((frame) => frame.length - frame.indexOf('#') - 1));
        const decoder = new FrameDecoder(longest);
        const decoded: unknown[] = [];
        for (const chunk of splitAt(Buffer.from(frames.join('')), cuts)) {
          const result = decoder.push(chunk);
          expect(result.error).toBeUndefined();
          decoded.push(...result.packets.map((frame) => frame.packet));
          expect(decoder.bufferedChars).toBeLessThanOrEqual(longest);
        }
        expect(decoded).toEqual(values.map((value) => JSON.parse(JSON.stringify(value))));
        expect(decoder.partialFrame).toBeUndefined();
      }),
      { numRuns: 200 },
    );
  });

  it('never throws on arbitrary bytes: packets so far, then at most one error, and bounded buffering', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)), frameishBytes), fc.array(fc.nat(), { maxLength: 8 }), fc.integer({ min: 1, max: 64 }), (bytes, cuts, maxFrameChars) => {
        const decoder = new FrameDecoder(maxFrameChars);
        const errors: string[] = [];
        for (const chunk of splitAt(bytes, cuts)) {
          const result = decoder.push(chunk);
          if (errors.length > 0) expect(result.packets).toEqual([]);
          if (result.error) errors.push(result.error.code);
          // A frame body below the maximum, or a length prefix of at most 20 digits.
          expect(decoder.bufferedChars).toBeLessThanOrEqual(Math.max(maxFrameChars, 20));
        }
        expect(new Set(errors).size).toBeLessThanOrEqual(1);
        for (const code of errors) expect(codes).toContain(code);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps returning the same error after one, whatever comes next', () => {
    fc.assert(
      fc.property(fc.oneof(frameishBytes, fc.uint8Array({ minLength: 1, maxLength: 40 }).map((bytes) => Buffer.from(bytes))), fc.array(fc.uint8Array({ maxLength: 30 }), { minLength: 1, maxLength: 4 }), (bytes, later) => {
        const decoder = new FrameDecoder(16);
        const first = decoder.push(bytes);
        fc.pre(first.error !== undefined);
        for (const chunk of later) expect(decoder.push(Buffer.from(chunk))).toEqual({ packets: [], error: first.error });
        expect(decoder.partialFrame).toBeUndefined();
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a huge announced length at once, buffering nothing of it', () => {
    const decoder = new FrameDecoder(maxFrameCharsOf(64));
    const { error } = decoder.push(`${64 * 1024 * 1024 + 1}#{"a":`);
    expect(error?.code).toBe('frame-too-large');
    expect(error?.detail.announcedLength).toBe(67108865);
    expect(decoder.bufferedChars).toBe(0);
  });

  it('reports how much of a frame has arrived', () => {
    const decoder = new FrameDecoder();
    decoder.push('1');
    expect(decoder.partialFrame).toEqual({ receivedChars: 1 });
    decoder.push('2#{"res');
    expect(decoder.partialFrame).toEqual({ receivedChars: 5, expectedChars: 12 });
  });
});

describe('maxFrameCharsOf', () => {
  it('turns MiB into characters, 64 MiB by default', () => {
    expect(maxFrameCharsOf(undefined)).toBe(67_108_864);
    expect(maxFrameCharsOf(0.5)).toBe(524_288);
    expect(maxFrameCharsOf(1e-9)).toBe(1);
  });
});
