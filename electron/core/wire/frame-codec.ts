// Nest TCP framing (nest-wire §2): `<length>#<json>`, where length counts UTF-16 code units of
// the JSON text (JS string length), not bytes. Frames may be split or merged across chunks.
import { StringDecoder } from 'node:string_decoder';

/** Default cap on one frame, in UTF-16 code units; a peer announcing more is cut off. */
export const DEFAULT_MAX_FRAME_CHARS = 64 * 1024 * 1024;

/** A target's `maxFrameMiB` in characters; absent means the default. */
export const maxFrameCharsOf = (maxFrameMiB: number | undefined): number =>
  maxFrameMiB === undefined ? DEFAULT_MAX_FRAME_CHARS : Math.max(1, Math.floor(maxFrameMiB * 1024 * 1024));

/** The longest length prefix read before giving up on finding its `#` (20 digits pass any sane limit). */
const MAX_PREFIX_CHARS = 20;

export function encodeFrame(packet: unknown): string {
  const json = JSON.stringify(packet);
  return `${json.length}#${json}`;
}

/** A decoded frame and its size on the wire, prefix included. */
export type DecodedFrame = { packet: unknown; sizeBytes: number };
export type DecodeResult = { packets: DecodedFrame[]; error?: FrameError };

export type FrameErrorCode = 'corrupted-length' | 'frame-too-large' | 'invalid-json';

/** What the peer sent, for explaining the error (frame-problem.ts). */
export type FrameErrorDetail = {
  /** The text where a length prefix should have been, or the frame's JSON (cut to a preview). */
  raw?: string;
  /** frame-too-large: the length the peer announced. */
  announcedLength?: number;
  /** invalid-json: JSON.parse's complaint. */
  parseError?: string;
};

export class FrameError extends Error {
  constructor(
    readonly code: FrameErrorCode,
    message: string,
    readonly detail: FrameErrorDetail = {},
  ) {
    super(message);
  }
}

/** Part of a frame that has arrived; `expectedChars` once its length prefix was read. */
export type PartialFrame = { receivedChars: number; expectedChars?: number };

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

  /** Characters held between pushes: never more than the maximum frame (or a length prefix). */
  get bufferedChars(): number {
    return this.buffer.length;
  }

  /** The frame that has started to arrive, if any (after an error: none). */
  get partialFrame(): PartialFrame | undefined {
    if (!this.hasPartialFrame) return undefined;
    return this.expectedLength === undefined ? { receivedChars: this.buffer.length } : { receivedChars: this.buffer.length, expectedChars: this.expectedLength };
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
          if (this.buffer.length > MAX_PREFIX_CHARS || /[^0-9]/.test(this.buffer)) return this.fail(packets, corruptedLength(this.buffer));
          return { packets };
        }
        const rawLength = this.buffer.slice(0, hash);
        if (!/^[0-9]+$/.test(rawLength)) return this.fail(packets, corruptedLength(rawLength, this.buffer));
        const length = Number(rawLength);
        if (length > this.maxFrameChars) {
          return this.fail(
            packets,
            new FrameError('frame-too-large', `The packet length (${length}) exceeds the maximum allowed length (${this.maxFrameChars} characters)`, { announcedLength: length }),
          );
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
        const parseError = (error as Error).message;
        return this.fail(packets, new FrameError('invalid-json', `Could not parse JSON: ${parseError}\nRequest data: ${json.slice(0, 200)}`, { raw: json.slice(0, 200), parseError }));
      }
    }
  }

  private fail(packets: DecodedFrame[], error: FrameError): DecodeResult {
    this.failure = error;
    this.buffer = '';
    this.expectedLength = undefined;
    return { packets, error };
  }
}

/** Nest's message names the bad length; the detail keeps what followed it too, for the explanation. */
const corruptedLength = (rawLength: string, text = rawLength) =>
  new FrameError('corrupted-length', `Corrupted length value "${rawLength.slice(0, 40)}" supplied in a packet`, { raw: text.slice(0, 80) });
