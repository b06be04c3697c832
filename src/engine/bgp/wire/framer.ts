// Cuts a TCP byte stream into BGP messages: chunks in, complete messages out, a bad header
// refused as soon as its 19 octets are in (without waiting for a body that may never come).
import { HEADER_LENGTH } from './constants';
import { checkHeader } from './decode';

export class BgpFramer {
  private pending: Buffer = Buffer.alloc(0);

  /** Appends a chunk and returns every complete message now available. Throws BgpDecodeError for a bad header. */
  push(chunk: Buffer): Buffer[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const out: Buffer[] = [];
    let at = 0;
    while (this.pending.length - at >= HEADER_LENGTH) {
      const length = checkHeader(this.pending.subarray(at, at + HEADER_LENGTH));
      if (this.pending.length - at < length) break;
      out.push(this.pending.subarray(at, at + length));
      at += length;
    }
    this.pending = at === 0 ? this.pending : Buffer.from(this.pending.subarray(at));
    return out;
  }

  /** Octets held while waiting for the rest of a message. */
  get buffered(): number {
    return this.pending.length;
  }
}
