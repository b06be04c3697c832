// A scenario site's on-premises device (`topology.sites[].device`): proposals in strongSwan
// syntax and lifetimes, turned into the same DevicePolicy the configuration parsers produce.
import { parseStrongSwanProposal, type ChildProposal, type IkeProposal } from './algorithms';
import type { DevicePolicy } from './devicePolicy';

export interface ScenarioDevice {
  ikeVersion?: 1 | 2;
  /** strongSwan proposal strings, e.g. "aes256-sha256-modp2048". */
  ikeProposals: string[];
  espProposals: string[];
  /** Seconds after validation. */
  ikeLifetime?: number;
  childLifetime?: number;
  reauth?: boolean;
  dpd?: boolean;
  localTrafficSelectors?: string[];
  remoteTrafficSelectors?: string[];
}

/** Device defaults when a scenario leaves them out: a route-based device with common lifetimes. */
export const SCENARIO_DEVICE_DEFAULTS = { ikeLifetime: 28_800, childLifetime: 3_600 } as const;

/** Throws with the offending proposal (the validator turns it into a JSON-path message). */
export function devicePolicyFromScenario(siteName: string, d: ScenarioDevice): DevicePolicy {
  const ike = d.ikeProposals.map((p) => ({ value: parseStrongSwanProposal(p, 'ike') as IkeProposal, line: 0 }));
  const esp = d.espProposals.map((p) => ({ value: parseStrongSwanProposal(p, 'esp') as ChildProposal, line: 0 }));
  const ikeLife = d.ikeLifetime ?? SCENARIO_DEVICE_DEFAULTS.ikeLifetime;
  const childLife = d.childLifetime ?? SCENARIO_DEVICE_DEFAULTS.childLifetime;
  const local = d.localTrafficSelectors ?? ['0.0.0.0/0'];
  const remote = d.remoteTrafficSelectors ?? ['0.0.0.0/0'];
  const any = local.every((t) => t === '0.0.0.0/0') && remote.every((t) => t === '0.0.0.0/0');
  return {
    dialect: 'swanctl',
    name: siteName,
    ikeVersions: { value: [d.ikeVersion ?? 2], line: 0 },
    ikeProposals: ike,
    childProposals: esp,
    ikeLifetimeSeconds: { value: ikeLife, line: 0 },
    ikeRekeySeconds: { value: Math.round(ikeLife * 0.9), line: 0 },
    reauth: { value: d.reauth ?? false, line: 0 },
    childLifetimeSeconds: { value: childLife, line: 0 },
    childRekeySeconds: { value: Math.round(childLife * 0.9), line: 0 },
    childLifetimeKilobytes: { value: null, line: 0 },
    localTs: { value: local, line: 0 },
    remoteTs: { value: remote, line: 0 },
    mode: { value: any ? 'route' : 'policy', line: 0 },
    dpd: { value: d.dpd === false ? null : { delaySeconds: 10, action: 'restart' }, line: 0 },
    natTraversal: { value: true, line: 0 },
    initiates: { value: true, line: 0 },
    remoteAddress: { value: null, line: 0 },
    hasPsk: { value: true, line: 0 },
    responderPrefersOwn: true,
    narrowsSelectors: true,
  };
}

/** A device as written in a scenario file: lifetimes may be duration strings ("8h"). */
export type RawScenarioDevice = Omit<ScenarioDevice, 'ikeLifetime' | 'childLifetime'> & { ikeLifetime?: number | string; childLifetime?: number | string };

/**
 * Normalises and checks a scenario device: `duration` turns lifetimes into seconds (reporting bad
 * ones itself), `add` records a problem at a JSON path. Returns the device with seconds.
 */
export function checkScenarioDevice(
  raw: RawScenarioDevice,
  path: string,
  add: (path: string, message: string) => void,
  duration: (value: number | string | undefined, path: string, fallback: number) => number,
): ScenarioDevice {
  const out: ScenarioDevice = { ...raw, ikeLifetime: undefined, childLifetime: undefined };
  if (raw.ikeLifetime !== undefined) out.ikeLifetime = duration(raw.ikeLifetime, `${path}.ikeLifetime`, SCENARIO_DEVICE_DEFAULTS.ikeLifetime);
  else delete out.ikeLifetime;
  if (raw.childLifetime !== undefined) out.childLifetime = duration(raw.childLifetime, `${path}.childLifetime`, SCENARIO_DEVICE_DEFAULTS.childLifetime);
  else delete out.childLifetime;
  raw.ikeProposals.forEach((p, i) => {
    try {
      parseStrongSwanProposal(p, 'ike');
    } catch (e) {
      add(`${path}.ikeProposals[${i}]`, (e as Error).message);
    }
  });
  raw.espProposals.forEach((p, i) => {
    try {
      parseStrongSwanProposal(p, 'esp');
    } catch (e) {
      add(`${path}.espProposals[${i}]`, (e as Error).message);
    }
  });
  return out;
}
