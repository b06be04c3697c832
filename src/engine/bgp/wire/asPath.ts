// AS paths between the engine's flat form (number[], leftmost = neighbour) and the wire's
// segments, including RFC 6793's AS_TRANS / AS4_PATH dance with 2-octet peers.
import { AS_TRANS } from './constants';
import type { AsPathSegment, PathAttributes } from './messages';

/** ASNs of a path in order (AS_SET members included, so loop checks see them). */
export function flattenAsPath(segments: readonly AsPathSegment[]): number[] {
  const out: number[] = [];
  for (const s of segments) out.push(...s.asns);
  return out;
}

/** Path length for best-path selection: an AS_SET counts as one (RFC 4271 9.1.2.2). */
export function asPathLength(segments: readonly AsPathSegment[]): number {
  let n = 0;
  for (const s of segments) n += s.type === 'set' ? 1 : s.asns.length;
  return n;
}

/**
 * The path as the sender meant it (RFC 6793 4.2.3): from a 2-octet peer, AS4_PATH replaces the
 * tail of AS_PATH when it is not longer than AS_PATH; otherwise AS4_PATH is ignored.
 */
export function receivedAsPath(attrs: PathAttributes, fourOctetAs: boolean): AsPathSegment[] {
  const asPath = attrs.asPath ?? [];
  if (fourOctetAs || !attrs.as4Path) return asPath;
  const n = asPathLength(asPath);
  const n4 = asPathLength(attrs.as4Path);
  if (n4 > n) return asPath;
  // Keep the leading (n - n4) ASNs of AS_PATH, then AS4_PATH.
  const head: AsPathSegment[] = [];
  let keep = n - n4;
  for (const s of asPath) {
    if (keep <= 0) break;
    if (s.type === 'set') {
      head.push(s);
      keep -= 1;
    } else {
      const take = s.asns.slice(0, keep);
      head.push({ type: 'sequence', asns: take });
      keep -= take.length;
    }
  }
  return [...head, ...attrs.as4Path];
}

/** AS_PATH (and AS4_PATH when a 2-octet peer needs it) for a flat sequence of ASNs. */
export function asPathAttributes(asns: readonly number[], fourOctetAs: boolean): Pick<PathAttributes, 'asPath' | 'as4Path'> {
  const segments: AsPathSegment[] = [];
  for (let i = 0; i < asns.length; i += 255) segments.push({ type: 'sequence', asns: asns.slice(i, i + 255) });
  if (fourOctetAs || asns.every((a) => a <= 0xffff)) return { asPath: segments };
  return {
    asPath: segments.map((s) => ({ type: s.type, asns: s.asns.map((a) => (a > 0xffff ? AS_TRANS : a)) })),
    as4Path: segments,
  };
}
