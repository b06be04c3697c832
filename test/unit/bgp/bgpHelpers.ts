// Builders shared by the BGP tests: speakers and sessions on a real EventScheduler.
import { EventScheduler } from '../../../src/engine/eventScheduler';
import { BgpSession, type BgpSessionConfig, type SessionSideConfig } from '../../../src/engine/bgp/bgpSession';
import { BgpSpeaker } from '../../../src/engine/bgp/bgpSpeaker';
import { parsePrefix } from '../../../src/model/prefix';

export function speaker(name: string, asn: number, address: string, originate: string[] = []): BgpSpeaker {
  const s = new BgpSpeaker({ name, asn, address });
  s.originate(originate.map((p) => parsePrefix(p)));
  return s;
}

export interface Link {
  session: BgpSession;
  /** Flip to break/restore the path; call session.transportLost/Restored to tell (or not tell) the session. */
  transport: { up: boolean };
}

export function link(
  scheduler: EventScheduler,
  a: BgpSpeaker | SessionSideConfig,
  b: BgpSpeaker | SessionSideConfig,
  extra: Partial<BgpSessionConfig> = {},
): Link {
  const transport = { up: true };
  const sa = a instanceof BgpSpeaker ? { speaker: a } : a;
  const sb = b instanceof BgpSpeaker ? { speaker: b } : b;
  const session = new BgpSession(scheduler, {
    id: `${sa.speaker.name}<->${sb.speaker.name}`,
    sides: [sa, sb],
    transportUp: () => transport.up,
    ...extra,
  });
  session.start();
  return { session, transport };
}

export function networks(s: BgpSpeaker): string[] {
  return [...s.rib.bestPaths()].map((p) => p.prefix.text).sort();
}
