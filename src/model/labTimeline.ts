// The lab's timeline as the Lab panel draws it: samples of roles, tunnels, sessions and probes.
import type { InstanceName } from './snapshot';

/** One column of the lab panel's timeline chart. */
export interface LabTimelineSample {
  t: number;
  instances: { gateway: string; instance: InstanceName; role: string; holdsLease: boolean; serving: boolean }[];
  tunnels: { connection: string; tunnel: string; status: string }[];
  bgpSessions: { gateway: string; peer: string; state: string }[];
  probes: { probe: string; delivered: boolean; reason?: string }[];
}

export interface LabTimeline {
  samples: LabTimelineSample[];
  faults: { t: number; label: string }[];
}
