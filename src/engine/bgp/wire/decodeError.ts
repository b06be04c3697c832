// The one error the codec throws: malformed input, with the NOTIFICATION that answers it.
import { notificationName } from './constants';

export class BgpDecodeError extends Error {
  constructor(
    readonly code: number,
    readonly subcode: number,
    detail: string,
    /** NOTIFICATION data as RFC 4271 6.x prescribes for this error (often the offending field). */
    readonly data: Uint8Array = new Uint8Array(0),
  ) {
    super(`${notificationName(code, subcode)}: ${detail}`);
    this.name = 'BgpDecodeError';
  }
}
