// The lab's IKE/IPsec half: a site's device proposals (scenario `sites[].device`) are negotiated
// against the connection's Azure side with the same checker as `gateway-lab ike-check`. A
// mismatch keeps the tunnel NotConnected with the IKE error in the snapshot (and getikesas);
// rekey trouble (lifetime mismatch, failed CHILD rekeys, reauthentication) drops the tunnel at the
// times the 24 h timeline gives, repeated daily (product model). Faults: ikeProposalChange,
// sharedKeyMismatch; restore reverts them.
import type { LabComponent, LabHost } from '../labComponent';
import { msFromSeconds } from '../scheduler';
import { withAzureSaDefaults, type Scenario } from '../scenario/types';
import type { LabFault } from '../labApi';
import type { ConnectionSim, GatewaySim } from '../gatewaySim';
import type { LabIkeState, NetworkSnapshot } from '../../model/snapshot';
import { networkResourceId } from '../../model/resourceIds';
import { azureIkeSide } from './azureSide';
import { checkIke, type IkeCheckResult } from './ikeCheck';
import { devicePolicyFromScenario, type ScenarioDevice } from './scenarioDevice';

const DAY_MS = 86_400_000;

interface Tracked {
  g: GatewaySim;
  k: ConnectionSim;
  device: ScenarioDevice | undefined;
  override?: ScenarioDevice;
  keyMismatch: boolean;
  result?: IkeCheckResult;
  errors: string[];
  /** Bumped on every re-evaluation so drops scheduled for an older device are ignored. */
  epoch: number;
}

export class LabIke implements LabComponent {
  readonly name = 'ike';
  private readonly tracked: Tracked[] = [];

  constructor(private readonly lab: LabHost) {
    for (const g of lab.gateways.values()) {
      for (const k of g.connections) {
        if (k.spec.type !== 'IPsec') continue;
        this.tracked.push({ g, k, device: k.site?.device, keyMismatch: false, errors: [], epoch: 0 });
      }
    }
    // Before the lab starts: a mismatched tunnel must not come up in the steady state at t=0.
    for (const t of this.tracked) if (t.device) this.evaluate(t, false);
  }

  private evaluate(t: Tracked, refresh: boolean): void {
    t.epoch++;
    const device = t.override ?? t.device;
    const topo = this.lab.scenario.topology;
    const gw = topo.gateways.find((x) => x.name === t.g.name);
    const azure = azureIkeSide({ connection: { ...t.k.spec, ipsecPolicies: withAzureSaDefaults(t.k.spec.ipsecPolicies) }, vpnType: gw?.vpnType, sku: gw?.sku, vnetPrefixes: topo.virtualNetwork.addressSpace, sitePrefixes: t.k.site?.addressPrefixes });
    t.result = device ? checkIke(azure, devicePolicyFromScenario(t.k.site?.name ?? t.k.spec.name, device)) : undefined;
    const errors: string[] = [];
    if (t.keyMismatch) errors.push('AUTHENTICATION_FAILED: the pre-shared key of the device does not match the connection\'s shared key');
    if (t.result && !t.result.established) {
      for (const d of t.result.directions.filter((x) => x.applicable && !x.established)) {
        const reason = d.ikeSa.reason ?? d.childSa.reason;
        if (reason && !errors.includes(reason)) errors.push(reason);
      }
    }
    const before = t.k.ikeError;
    t.errors = errors;
    t.k.ikeError = errors.length ? errors.join('; ') : undefined;
    if (t.k.ikeError !== undefined && t.k.ikeError !== before) {
      this.lab.log({ kind: 'tunnel', gateway: t.g.name, connection: t.k.spec.name, message: `IKE ${t.k.spec.name} fails: ${t.k.ikeError}` });
    }
    if (refresh) t.g.refreshIke(t.k);
    if (t.result?.established) this.scheduleDrops(t);
  }

  private scheduleDrops(t: Tracked): void {
    const outages = (t.result?.timeline ?? []).filter((e) => e.kind === 'drop' || e.kind === 'reauth');
    if (outages.length === 0) return;
    const epoch = t.epoch;
    const sched = this.lab.scheduler;
    const now = sched.now();
    const end = msFromSeconds(this.lab.scenario.durationSeconds);
    for (let day = 0; now + day * DAY_MS <= end; day++) {
      for (const e of outages) {
        const at = now + day * DAY_MS + msFromSeconds(e.atSeconds);
        if (at > end) continue;
        sched.at(at, `${t.k.spec.name} ${e.sa} ${e.kind}`, () => {
          if (t.epoch !== epoch) return;
          t.g.renegotiate(t.k, e.note);
        });
      }
    }
  }

  handleFault(fault: LabFault): boolean {
    if (fault.kind === 'ikeProposalChange') {
      const hit = this.tracked.filter((t) => t.k.site?.name === fault.site);
      if (hit.length === 0) throw new Error(`ikeProposalChange: no IPsec connection uses site "${fault.site}"`);
      this.lab.log({ kind: 'fault', connection: hit[0]!.k.spec.name, message: `ikeProposalChange ${fault.site}: IKE ${fault.device.ikeProposals.join(',')} ESP ${fault.device.espProposals.join(',')}` });
      for (const t of hit) {
        t.override = fault.device;
        this.evaluate(t, true);
      }
      return true;
    }
    if (fault.kind === 'sharedKeyMismatch') {
      const t = this.tracked.find((x) => x.k.spec.name === fault.connection);
      if (!t) throw new Error(`sharedKeyMismatch: "${fault.connection}" is not an IPsec connection`);
      this.lab.log({ kind: 'fault', gateway: t.g.name, connection: t.k.spec.name, message: `sharedKeyMismatch ${t.k.spec.name} (IKE authentication fails)` });
      t.keyMismatch = true;
      this.evaluate(t, true);
      return true;
    }
    if (fault.kind === 'restore') {
      const all = fault.gateway === undefined && fault.connection === undefined && fault.peer === undefined;
      for (const t of this.tracked) {
        if (!(all || t.k.spec.name === fault.connection) || (!t.keyMismatch && t.override === undefined)) continue;
        this.lab.log({ kind: 'restore', gateway: t.g.name, connection: t.k.spec.name, message: `restore ${t.k.spec.name} (device key and proposals as in the scenario)` });
        t.keyMismatch = false;
        delete t.override;
        this.evaluate(t, true);
      }
      return false;
    }
    return false;
  }

  contribute(snapshot: NetworkSnapshot): void {
    if (!snapshot.lab) return;
    const rows: LabIkeState[] = [];
    for (const t of this.tracked) {
      if (!t.device && !t.override && !t.keyMismatch) continue;
      const d = t.result?.directions[0];
      rows.push({
        connectionId: networkResourceId('connections', t.k.spec.name),
        negotiates: t.errors.length === 0,
        ikeSa: t.errors.length === 0 ? (d?.ikeSa.chosen ?? '') : '',
        childSa: t.errors.length === 0 ? (d?.childSa.chosen ?? '') : '',
        errors: [...t.errors],
        findings: (t.result?.findings ?? []).map((f) => ({ severity: f.severity, title: f.title, detail: f.detail, fix: [f.fix.device && `device: ${f.fix.device}`, f.fix.azure && `Azure: ${f.fix.azure}`].filter((x) => x).join('; ') })),
        outagesPer24h: t.result?.outagesPer24h ?? 0,
      });
    }
    if (rows.length) snapshot.lab.ike = rows;
  }
}

/** The lab adds the IKE component when some IPsec connection exists (faults can target any of them). */
export function usesIke(scenario: Scenario): boolean {
  return scenario.topology.connections.some((c) => c.type === 'IPsec');
}
