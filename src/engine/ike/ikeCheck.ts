// The negotiation check: Azure's side against one device connection, in both directions (who
// initiates decides whose proposals are offered and whose order wins), then 24 hours of rekeys,
// traffic selectors, DPD and NAT-T. Every finding names the device lines behind it and the fix
// on either side.
import { chosenChildText, chosenIkeText, type ChosenChild, type ChosenIke, type IkeProposal, type ChildProposal } from './algorithms';
import type { AzureIkeSide } from './azureSide';
import { SOURCES } from './azureIkeData';
import type { DevicePolicy, Located } from './devicePolicy';
import { DIALECT_NAMES } from './devicePolicy';
import { azurePolicyFix, deviceChildFix, deviceIkeFix } from './fixText';
import { describeMismatch, selectChild, selectIke } from './selectProposal';
import { parseIpv4Prefix, prefixContains, prefixesOverlap } from '../../model/prefix';

export type IkeSeverity = 'error' | 'warning' | 'info';

export interface IkeFinding {
  id: string;
  severity: IkeSeverity;
  title: string;
  detail: string;
  /** First device line concerned (null when the cause is on Azure's side or a default). */
  line: number | null;
  lines: number[];
  fix: { device?: string; azure?: string };
  source?: string;
}

export type Initiator = 'Azure' | 'device';

export interface DirectionResult {
  initiator: Initiator;
  /** False when the connection mode forbids this direction (Azure ResponderOnly / InitiatorOnly). */
  applicable: boolean;
  ikeVersion: 1 | 2 | null;
  ikeSa: { established: boolean; chosen: string | null; detail: ChosenIke | null; reason: string | null };
  childSa: { established: boolean; chosen: string | null; detail: ChosenChild | null; reason: string | null };
  established: boolean;
}

export interface RekeyEvent {
  atSeconds: number;
  sa: 'IKE' | 'CHILD';
  by: Initiator;
  kind: 'rekey' | 'reauth' | 'drop';
  ok: boolean;
  note: string;
}

export interface IkeCheckResult {
  connection: string;
  device: { dialect: string; name: string };
  established: boolean;
  directions: DirectionResult[];
  timeline: RekeyEvent[];
  /** Drops and reauthentication outages in 24 h from rekey behaviour (lab model). */
  outagesPer24h: number;
  findings: IkeFinding[];
}

const DAY = 86_400;

function lineOf(...ls: Located<unknown>[]): number[] {
  return [...new Set(ls.map((l) => l.line).filter((n) => n > 0))].sort((a, b) => a - b);
}

function finding(f: Omit<IkeFinding, 'line'> & { lines: number[] }): IkeFinding {
  return { ...f, line: f.lines[0] ?? null };
}

function negotiate(azure: AzureIkeSide, device: DevicePolicy, initiator: Initiator): DirectionResult {
  const applicable = initiator === 'Azure' ? azure.initiates : azure.responds;
  const fail = (version: 1 | 2 | null, reason: string, ike?: ChosenIke): DirectionResult => ({
    initiator,
    applicable,
    ikeVersion: version,
    ikeSa: ike ? { established: true, chosen: chosenIkeText(ike), detail: ike, reason: null } : { established: false, chosen: null, detail: null, reason },
    childSa: { established: false, chosen: null, detail: null, reason: ike ? reason : 'no IKE SA' },
    established: false,
  });
  if (!device.ikeVersions.value.includes(azure.ikeVersion)) {
    return fail(null, `IKE version: Azure speaks IKEv${azure.ikeVersion}, the device IKEv${device.ikeVersions.value.join('/IKEv') || '?'}`);
  }
  const v = azure.ikeVersion;
  const devIke = device.ikeProposals.map((p) => p.value);
  const devChild = device.childProposals.map((p) => p.value);
  const azIke = initiator === 'Azure' ? azure.ikeInitiator : azure.ikeResponder;
  const azChild = initiator === 'Azure' ? azure.childInitiator : azure.childResponder;
  // The responder decides; Azure uses its own order, a device per its implementation.
  const responderIsAzure = initiator === 'device';
  const azurePrefers = responderIsAzure || !device.responderPrefersOwn;
  const ike = azurePrefers ? selectIke(azIke, devIke) : selectIke(devIke, azIke);
  if (!ike.chosen) {
    const c = ike.closest!;
    const [ai, di] = azurePrefers ? [c.preferredIndex, c.otherIndex] : [c.otherIndex, c.preferredIndex];
    return fail(v, `NO_PROPOSAL_CHOSEN for the IKE SA: ${describeMismatch(c.missing, azIke[ai]!, devIke[di]!)}`);
  }
  // IKEv2 creates the first CHILD SA inside IKE_AUTH without a key exchange, so PFS groups are
  // not compared until the first rekey (RFC 7296 1.3); IKEv1 quick mode carries KE at once.
  const withPfs = v === 1;
  const child = azurePrefers ? selectChild(azChild, devChild, withPfs) : selectChild(devChild, azChild, withPfs);
  if (!child.chosen) {
    const c = child.closest!;
    const [ai, di] = azurePrefers ? [c.preferredIndex, c.otherIndex] : [c.otherIndex, c.preferredIndex];
    return fail(v, `NO_PROPOSAL_CHOSEN for the CHILD SA: ${describeMismatch(c.missing, azChild[ai]!, devChild[di]!)}`, ike.chosen);
  }
  const ts = selectorVerdict(azure, device, initiator);
  if (ts) return fail(v, ts, ike.chosen);
  return {
    initiator,
    applicable,
    ikeVersion: v,
    ikeSa: { established: true, chosen: chosenIkeText(ike.chosen), detail: ike.chosen, reason: null },
    childSa: { established: true, chosen: chosenChildText(child.chosen), detail: child.chosen, reason: null },
    established: true,
  };
}

type Ts = string[];
function prefixes(ts: Ts): ReturnType<typeof parseIpv4Prefix>[] {
  return ts.map((t) => parseIpv4Prefix(t));
}
function overlapsAll(a: Ts, b: Ts): boolean {
  if (a.includes('dynamic') || b.includes('dynamic')) return true;
  const pa = prefixes(a);
  const pb = prefixes(b);
  return pa.some((x) => x.ok && pb.some((y) => y.ok && prefixesOverlap(x.prefix, y.prefix)));
}
function within(inner: Ts, outer: Ts): boolean {
  const po = prefixes(outer);
  return prefixes(inner).every((x) => x.ok && po.some((y) => y.ok && prefixContains(y.prefix, x.prefix)));
}

/** Null when the selectors agree for this direction, otherwise the TS_UNACCEPTABLE reason. */
function selectorVerdict(azure: AzureIkeSide, device: DevicePolicy, initiator: Initiator): string | null {
  const azLocal = azure.selectorPairs.flatMap((p) => p.localAddressRanges);
  const azRemote = azure.selectorPairs.flatMap((p) => p.remoteAddressRanges);
  const devLocal = device.localTs.value;
  const devRemote = device.remoteTs.value;
  if (initiator === 'Azure') {
    // Azure proposes its pairs; the device must narrow them to its own or contain them exactly.
    if (device.narrowsSelectors) {
      if (!overlapsAll(azLocal, devRemote) || !overlapsAll(azRemote, devLocal)) return `TS_UNACCEPTABLE: Azure proposes ${azLocal.join(',')} <-> ${azRemote.join(',')}, the device allows ${devRemote.join(',')} <-> ${devLocal.join(',')}`;
      return null;
    }
    if (!within(azLocal, devRemote) || !within(azRemote, devLocal)) return `TS_UNACCEPTABLE: Azure proposes ${azLocal.join(',')} <-> ${azRemote.join(',')}; a ${DIALECT_NAMES[device.dialect]} responder accepts only selectors inside its own (${devRemote.join(',')} <-> ${devLocal.join(',')})`;
    return null;
  }
  // Device initiates. With policy-based selectors Azure accepts whatever the device proposes.
  if (azure.policyBasedSelectors && azure.vpnType === 'RouteBased') return null;
  if (!overlapsAll(devLocal, azRemote) || !overlapsAll(devRemote, azLocal)) return `TS_UNACCEPTABLE: the device proposes ${devLocal.join(',')} <-> ${devRemote.join(',')}, Azure allows ${azRemote.join(',')} <-> ${azLocal.join(',')}`;
  return null;
}

function rekeyChildOk(azure: AzureIkeSide, device: DevicePolicy, by: Initiator): { ok: boolean; reason: string } {
  const devChild = device.childProposals.map((p) => p.value);
  const sel = by === 'Azure'
    ? (device.responderPrefersOwn ? selectChild(devChild, azure.childInitiator, true) : selectChild(azure.childInitiator, devChild, true))
    : selectChild(azure.childResponder, devChild, true);
  if (sel.chosen) return { ok: true, reason: chosenChildText(sel.chosen) };
  const c = sel.closest!;
  const az = by === 'Azure' ? azure.childInitiator : azure.childResponder;
  const [ai, di] = by === 'Azure' && device.responderPrefersOwn ? [c.otherIndex, c.preferredIndex] : [c.preferredIndex, c.otherIndex];
  return { ok: false, reason: describeMismatch(c.missing, az[ai]!, devChild[di]!) };
}

/** 24 hours of rekeys: each side rekeys at its own timer; the earlier one initiates (lifetimes are not negotiated in IKEv2). */
function timeline(azure: AzureIkeSide, device: DevicePolicy): { events: RekeyEvent[]; childRekeyFails: Initiator[] } {
  const events: RekeyEvent[] = [];
  const failing: Initiator[] = [];
  // IKE SA
  const devIke = device.ikeRekeySeconds.value;
  const azIke = azure.ikeLifetimeSeconds;
  const ikeBy: Initiator = devIke > 0 && devIke < azIke ? 'device' : 'Azure';
  const ikeEvery = ikeBy === 'device' ? devIke : azIke;
  for (let t = ikeEvery; t <= DAY; t += ikeEvery) {
    if (ikeBy === 'device' && device.reauth.value) {
      events.push({ atSeconds: t, sa: 'IKE', by: 'device', kind: 'reauth', ok: true, note: 'device re-authenticates: a new IKE SA and CHILD SAs replace the old ones (break-before-make: a short outage)' });
    } else if (azure.ikeVersion === 1 && ikeBy === 'Azure') {
      events.push({ atSeconds: t, sa: 'IKE', by: 'Azure', kind: 'drop', ok: false, note: 'Azure rekeys the IKEv1 main mode SA; Azure documents that IKEv1 tunnels may reconnect here' });
    } else if (ikeBy === 'Azure' && device.ikeLifetimeSeconds.value > azIke) {
      events.push({ atSeconds: t, sa: 'IKE', by: 'Azure', kind: 'drop', ok: false, note: `Azure rekeys the IKE SA at ${azIke} s while the device expects ${device.ikeLifetimeSeconds.value} s: the lab drops the tunnel here (product model of the field-reported drops)` });
    } else {
      events.push({ atSeconds: t, sa: 'IKE', by: ikeBy, kind: 'rekey', ok: true, note: `${ikeBy === 'Azure' ? 'Azure' : 'the device'} rekeys the IKE SA` });
    }
  }
  // CHILD SA (IKEv2 rekeys with CREATE_CHILD_SA; PFS groups must now agree).
  const devChildRekey = device.childRekeySeconds.value;
  const azChild = azure.childLifetimeSeconds;
  const childBy: Initiator = devChildRekey > 0 && devChildRekey < azChild ? 'device' : 'Azure';
  const childEvery = childBy === 'device' ? devChildRekey : azChild;
  const verdict = azure.ikeVersion === 2 ? rekeyChildOk(azure, device, childBy) : { ok: true, reason: '' };
  if (!verdict.ok) failing.push(childBy);
  const hard = childBy === 'device' ? device.childLifetimeSeconds.value : azChild;
  let t = childEvery;
  while (t <= DAY) {
    if (verdict.ok) {
      events.push({ atSeconds: t, sa: 'CHILD', by: childBy, kind: 'rekey', ok: true, note: `${childBy === 'Azure' ? 'Azure' : 'the device'} rekeys the CHILD SA${verdict.reason ? ` (${verdict.reason})` : ''}` });
      t += childEvery;
    } else {
      events.push({ atSeconds: t, sa: 'CHILD', by: childBy, kind: 'rekey', ok: false, note: `CHILD SA rekey refused: ${verdict.reason}` });
      const dropAt = Math.max(t, hard);
      if (dropAt <= DAY) events.push({ atSeconds: dropAt, sa: 'CHILD', by: childBy, kind: 'drop', ok: false, note: 'the CHILD SA expires without a successor: traffic stops until the tunnel is negotiated again' });
      t = dropAt + childEvery;
    }
  }
  events.sort((a, b) => a.atSeconds - b.atSeconds || a.sa.localeCompare(b.sa));
  return { events, childRekeyFails: failing };
}

export function checkIke(azure: AzureIkeSide, device: DevicePolicy): IkeCheckResult {
  const findings: IkeFinding[] = [];
  for (const p of azure.problems) {
    findings.push(finding({ id: 'azure-config', severity: p.severity, title: p.title, detail: p.detail, lines: [], fix: { azure: p.detail }, source: p.source }));
  }
  const directions = (['Azure', 'device'] as Initiator[]).map((who) => negotiate(azure, device, who));
  const d = device;
  const dialect = d.dialect;
  // Version
  if (!d.ikeVersions.value.includes(azure.ikeVersion)) {
    findings.push(finding({
      id: 'ike-version', severity: 'error', title: `IKE version mismatch: Azure uses IKEv${azure.ikeVersion}, the device IKEv${d.ikeVersions.value.join('/IKEv')}`,
      detail: azure.vpnType === 'PolicyBased' ? 'a policy-based Azure gateway speaks IKEv1 only' : `the connection's connectionProtocol is ${azure.ikeVersion === 2 ? 'IKEv2 (default)' : 'IKEv1'}`,
      lines: lineOf(d.ikeVersions), fix: { device: `use IKEv${azure.ikeVersion}`, azure: azure.vpnType === 'RouteBased' ? `set connectionProtocol to IKEv${d.ikeVersions.value[0]} (IKEv1 needs a non-Basic SKU)` : undefined }, source: SOURCES.devices,
    }));
  }
  // Proposals per direction
  for (const r of directions) {
    const who = r.initiator === 'Azure' ? 'Azure initiating' : 'device initiating';
    if (r.ikeVersion === null) continue;
    if (!r.ikeSa.established) {
      const devLines = [...new Set(d.ikeProposals.map((p) => p.line).filter((n) => n > 0))];
      const azFirst = (r.initiator === 'Azure' ? azure.ikeInitiator : azure.ikeResponder)[0]!;
      const devFirst = d.ikeProposals[0]?.value;
      findings.push(finding({
        id: `ike-proposal-${r.initiator}`, severity: 'error', title: `No common IKE SA proposal (${who})`, detail: r.ikeSa.reason ?? '',
        lines: devLines,
        fix: {
          device: `offer one of Azure's ${azure.custom ? 'custom policy' : 'default'} proposals, e.g. ${deviceIkeFix(dialect, azFirst)}`,
          azure: devFirst && d.childProposals[0] ? (azurePolicyFix(devFirst, d.childProposals[0].value, d.childLifetimeSeconds.value) ?? undefined) : undefined,
        },
        source: azure.sources['ikeProposals'],
      }));
    } else if (!r.childSa.established) {
      const isTs = (r.childSa.reason ?? '').startsWith('TS_UNACCEPTABLE');
      if (isTs) {
        findings.push(finding({
          id: `ts-${r.initiator}`, severity: 'error', title: `Traffic selectors refused (${who})`, detail: r.childSa.reason ?? '',
          lines: lineOf(d.localTs, d.remoteTs),
          fix: azure.policyBasedSelectors
            ? { device: `define selectors for every pair of ${azure.selectorPairs.map((p) => `${p.localAddressRanges.join(',')} <-> ${p.remoteAddressRanges.join(',')}`).join('; ')}` }
            : { device: 'use a route-based (VTI) configuration with 0.0.0.0/0 <-> 0.0.0.0/0 selectors', azure: 'or set usePolicyBasedTrafficSelectors: true on the connection (policy-based device)' },
          source: SOURCES.policyRequirements,
        }));
      } else {
        const azFirst = (r.initiator === 'Azure' ? azure.childInitiator : azure.childResponder)[0]!;
        findings.push(finding({
          id: `child-proposal-${r.initiator}`, severity: 'error', title: `No common CHILD SA (IPsec) proposal (${who})`, detail: r.childSa.reason ?? '',
          lines: [...new Set(d.childProposals.map((p) => p.line).filter((n) => n > 0))],
          fix: { device: `offer ${deviceChildFix(dialect, azFirst)}`, azure: d.ikeProposals[0] && d.childProposals[0] ? azurePolicyFix(d.ikeProposals[0].value, d.childProposals[0].value, d.childLifetimeSeconds.value) : undefined },
          source: azure.sources['childProposals'],
        }));
      }
    }
  }
  // Who initiates at all
  const azureInits = azure.initiates;
  if (!azureInits && !d.initiates.value) {
    findings.push(finding({ id: 'nobody-initiates', severity: 'error', title: 'Nobody initiates: the connection is ResponderOnly and the device only waits', detail: 'the tunnel never comes up', lines: lineOf(d.initiates), fix: { device: dialect === 'swanctl' ? 'start_action = start' : dialect === 'ipsec.conf' ? 'auto=start' : 'let the device initiate', azure: 'set connectionMode to Default' } }));
  }
  if (azure.connectionMode !== 'Default') {
    findings.push(finding({ id: 'connection-mode', severity: 'info', title: `connectionMode ${azure.connectionMode}: only the ${azure.connectionMode === 'ResponderOnly' ? 'device' : 'Azure'}-initiated direction is used`, detail: 'the other direction is shown for completeness', lines: [], fix: {} }));
  }
  // Rekeys
  const tl = directions.some((r) => r.established) ? timeline(azure, d) : { events: [], childRekeyFails: [] as Initiator[] };
  if (tl.childRekeyFails.length > 0) {
    const by = tl.childRekeyFails[0]!;
    const firstDrop = tl.events.find((e) => e.kind === 'drop' && e.sa === 'CHILD');
    findings.push(finding({
      id: 'pfs-rekey', severity: 'error', title: `The tunnel comes up, then drops at every CHILD SA rekey (PFS mismatch, ${by === 'Azure' ? 'Azure' : 'device'} rekeys)`,
      detail: `IKEv2's first CHILD SA skips the key exchange, so PFS groups only meet at the rekey: ${tl.events.find((e) => e.sa === 'CHILD' && !e.ok)?.note ?? ''}${firstDrop ? `; first drop at ${firstDrop.atSeconds} s` : ''}`,
      lines: [...new Set(d.childProposals.map((p) => p.line).filter((n) => n > 0))],
      fix: {
        device: azure.custom ? `match the policy's PFS group: ${deviceChildFix(dialect, azure.childInitiator[0]!)}` : `use no PFS or a group Azure accepts for your cipher (${deviceChildFix(dialect, { encryption: ['aes256'], integrity: ['sha256'], dhGroups: [14] })})`,
        azure: d.ikeProposals[0] && d.childProposals[0] ? azurePolicyFix(d.ikeProposals[0].value, d.childProposals[0].value, d.childLifetimeSeconds.value) : undefined,
      },
      source: SOURCES.qmOffers,
    }));
  }
  if (directions.some((r) => r.established)) {
    if (d.ikeLifetimeSeconds.value > azure.ikeLifetimeSeconds && !(d.reauth.value && d.ikeRekeySeconds.value < azure.ikeLifetimeSeconds)) {
      findings.push(finding({
        id: 'ike-lifetime', severity: 'warning', title: `IKE SA lifetime ${d.ikeLifetimeSeconds.value} s on the device, ${azure.ikeLifetimeSeconds} s on Azure: drops every ${azure.ikeLifetimeSeconds / 3600} h`,
        detail: azure.ikeVersion === 1 ? 'IKEv1 negotiates the main mode lifetime and Azure documents reconnects at main mode rekeys' : 'Azure rekeys the IKE SA at 28,800 s whatever the device says; devices expecting a longer SA often drop the tunnel at that rekey (the lab models a drop)',
        lines: lineOf(d.ikeLifetimeSeconds), fix: { device: `set the IKE SA lifetime to 28800 s or less${dialect === 'swanctl' ? ' (rekey_time = 28000s)' : dialect === 'ipsec.conf' ? ' (ikelifetime=8h)' : ''}`, azure: 'the Azure IKE SA lifetime is fixed at 28,800 s and cannot be changed' }, source: SOURCES.policyRequirements,
      }));
    }
    if (d.reauth.value && d.ikeVersions.value.includes(2) && azure.ikeVersion === 2) {
      findings.push(finding({
        id: 'reauth', severity: 'warning', title: `The device re-authenticates every ${d.ikeRekeySeconds.value} s instead of rekeying`,
        detail: 'reauthentication builds a new IKE SA and tears down the old one; traffic stops briefly each time',
        lines: lineOf(d.reauth, d.ikeRekeySeconds), fix: { device: dialect === 'ipsec.conf' ? 'reauth=no' : 'reauth_time = 0 (rekey_time only)' },
      }));
    }
    if (d.childLifetimeSeconds.value !== azure.childLifetimeSeconds) {
      findings.push(finding({
        id: 'child-lifetime', severity: 'info', title: `IPsec SA lifetime ${d.childLifetimeSeconds.value} s on the device, ${azure.childLifetimeSeconds} s on Azure`,
        detail: `lifetimes are local in IKEv2; the ${d.childRekeySeconds.value > 0 && d.childRekeySeconds.value < azure.childLifetimeSeconds ? 'device' : 'Azure gateway'} rekeys first`,
        lines: lineOf(d.childLifetimeSeconds), fix: {}, source: SOURCES.policyRequirements,
      }));
    }
    if (azure.dpdSupported && d.dpd.value === null) {
      findings.push(finding({
        id: 'dpd-off', severity: 'warning', title: 'Dead peer detection is off on the device',
        detail: `after an Azure instance failover the device keeps a dead SA until it expires; Azure's DPD timeout is ${azure.dpdTimeoutSeconds} s`,
        lines: lineOf(d.dpd), fix: { device: dialect === 'swanctl' ? 'dpd_delay = 10s (and dpd_action = restart)' : dialect === 'ipsec.conf' ? 'dpddelay=10s, dpdaction=restart' : 'enable DPD (10 s interval)' },
      }));
    }
    if (!d.natTraversal.value) {
      findings.push(finding({ id: 'nat-t', severity: 'warning', title: 'NAT traversal is disabled on the device', detail: 'behind NAT, IKE on UDP 4500 and ESP-in-UDP are needed; Azure supports NAT-T', lines: lineOf(d.natTraversal), fix: { device: 'enable NAT traversal' } }));
    }
    if (!azure.policyBasedSelectors && d.mode.value === 'policy' && directions.every((r) => r.established || !r.applicable)) {
      findings.push(finding({
        id: 'ts-policy-device', severity: 'warning', title: 'A policy-based device on a route-based connection',
        detail: `the device uses selectors ${d.localTs.value.join(',')} <-> ${d.remoteTs.value.join(',')}; Azure proposes any-to-any unless usePolicyBasedTrafficSelectors is set, and with several prefix pairs only one SA may come up`,
        lines: lineOf(d.localTs, d.remoteTs), fix: { device: 'use 0.0.0.0/0 <-> 0.0.0.0/0 on a tunnel interface', azure: 'set usePolicyBasedTrafficSelectors: true' }, source: SOURCES.policyBasedTs,
      }));
    }
  }
  if (!d.hasPsk.value && (dialect === 'swanctl' || dialect === 'cisco-ios' || dialect === 'cisco-asa' || dialect === 'junos')) {
    findings.push(finding({ id: 'psk-missing', severity: 'info', title: 'No pre-shared key for this peer in the pasted configuration', detail: 'authentication cannot be checked; Azure never reveals its key here', lines: [], fix: { device: 'make sure the key equals the connection\'s shared key' } }));
  }
  const established = directions.filter((r) => r.applicable).every((r) => r.established) && directions.some((r) => r.applicable);
  const outages = tl.events.filter((e) => e.kind === 'drop' || e.kind === 'reauth').length;
  const order: Record<IkeSeverity, number> = { error: 0, warning: 1, info: 2 };
  findings.sort((a, b) => order[a.severity] - order[b.severity]);
  return {
    connection: azure.connectionName,
    device: { dialect: DIALECT_NAMES[d.dialect], name: d.name },
    established,
    directions,
    timeline: tl.events,
    outagesPer24h: outages,
    findings,
  };
}

export type { IkeProposal, ChildProposal };
