// Nest TCP framing (nest-wire §2): `<length>#<json>`, where length counts UTF-16 code units of
// the JSON text (JS string length), not bytes. Frames may be split or merged across chunks.
import { StringDecoder } from 'node:string_decoder';

/** Default cap on one frame, in UTF-16 code units; a peer announcing more is cut off. */
export const DEFAULT_MAX_FRAME_CHARS = 64 * 1024 * 1024;

export function encodeFrame(packet: unknown): string {
  const json = JSON.stringify(packet);
  return `${json.length}#${json}`;
}

/** A decoded frame and its size on the wire, prefix included. */
export type DecodedFrame = { packet: unknown; sizeBytes: number };
export type DecodeResult = { packets: DecodedFrame[]; error?: FrameError };

export class FrameError extends Error {
  constructor(
    readonly code: 'corrupted-length' | 'frame-too-large' | 'invalid-json',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Incremental decoder. After an error the stream is unusable (as in Nest, which ends the
 * socket), so `push` keeps returning that error.
 */
export class FrameDecoder {
  private readonly text = new StringDecoder('utf8');
  private buffer = '';
  private expectedLength: number | undefined;
  private failure: FrameError | undefined;

  constructor(private readonly maxFrameChars = DEFAULT_MAX_FRAME_CHARS) {}

  /** True while part of a frame is buffered, waiting for more bytes. */
  get hasPartialFrame(): boolean {
    return this.buffer.length > 0 || this.expectedLength !== undefined;
  }

  push(chunk: Buffer | string): DecodeResult {
    if (this.failure) return { packets: [], error: this.failure };
    this.buffer += typeof chunk === 'string' ? chunk : this.text.write(chunk);
    const packets: DecodedFrame[] = [];
    for (;;) {
      if (this.expectedLength === undefined) {
        const hash = this.buffer.indexOf('#');
        if (hash === -1) {
          // A length prefix is at most a few digits; anything longer without '#' is garbage.
          if (this.buffer.length > 20 || /[^0-9]/.test(this.buffer)) return this.fail(packets, corruptedLength(this.buffer));
          return { packets };
        }
        const rawLength = this.buffer.slice(0, hash);
        if (!/^[0-9]+$/.test(rawLength)) return this.fail(packets, corruptedLength(rawLength));
        const length = Number(rawLength);
        if (length > this.maxFrameChars) {
          return this.fail(packets, new FrameError('frame-too-large', `The packet length (${length}) exceeds the maximum allowed length (${this.maxFrameChars} characters)`));
        }
        this.expectedLength = length;
        this.buffer = this.buffer.slice(hash + 1);
      }
      if (this.buffer.length < this.expectedLength) return { packets };
      const json = this.buffer.slice(0, this.expectedLength);
      this.buffer = this.buffer.slice(this.expectedLength);
      this.expectedLength = undefined;
      try {
        packets.push({ packet: JSON.parse(json), sizeBytes: Buffer.byteLength(json) + String(json.length).length + 1 });
      } catch (error) {
        return this.fail(packets, new FrameError('invalid-json', `Could not parse JSON: ${(error as Error).message}\nRequest data: ${json.slice(0, 200)}`));
      }
    }
  }

  private fail(packets: DecodedFrame[], error: FrameError): DecodeResult {
    this.failure = error;
    this.buffer = '';
    return { packets, error };
  }
}

const corruptedLength = (raw: string) => new FrameError('corrupted-length', `Corrupted length value "${raw.slice(0, 40)}" supplied in a packet`);
