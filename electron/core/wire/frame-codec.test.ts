import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrameDecoder, encodeFrame } from './frame-codec';

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
