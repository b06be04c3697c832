// The in-process lab API: controls that exist only for the lab (faults, pause, step, speed).
// Data for the views does NOT come through here: views read gateways, connections, BGP peers
// and routes through the ARM client (src/azure), which talks to the lab's ARM endpoint.
import type { ScenarioDevice } from './ike/scenarioDevice';
import type { InstanceName, NetworkSnapshot } from '../model/snapshot';
import type { RouteTableRoute } from '../model/arm';
import type { LabTimeline } from '../model/labTimeline';
import type { MonitorHistorySource } from './arm/monitorRoutes';

export type InstanceFaultKind = 'crash' | 'reboot' | 'hang' | 'plannedMaintenance' | 'storagePartition';

/** A fault or restore, addressed by scenario names (gateway, connection) as in the scenario file. */
export type LabFault =
  | { kind: InstanceFaultKind; gateway: string; instance: InstanceName }
  | { kind: 'gatewayReset'; gateway: string }
  | { kind: 'tunnelDown'; connection: string }
  /** `peer` is the neighbor's name in the scenario (site, circuit or the other gateway for ER<->VPN). */
  | { kind: 'bgpSessionDown'; gateway: string; peer: string }
  /** Adds (or replaces, by name) a user route in a subnet's route table; on GatewaySubnet it can break ER<->VPN BGP. */
  | { kind: 'udrAdd'; subnet: string; route: RouteTableRoute }
  | { kind: 'udrRemove'; subnet: string; name: string }
  /** The on-premises device's IKE/IPsec proposals change; a restore of its connection reverts them. */
  | { kind: 'ikeProposalChange'; site: string; device: ScenarioDevice }
  /** The device's pre-shared key stops matching: IKE authentication fails until restored. */
  | { kind: 'sharedKeyMismatch'; connection: string }
  /** Restores what matches the given fields; with no field, restores every active fault. */
  | { kind: 'restore'; gateway?: string; instance?: InstanceName; connection?: string; peer?: string };

export interface Disposable {
  dispose(): void;
}

export interface LabController extends Disposable {
  readonly scenarioName: string;
  readonly timeSeconds: number;
  readonly paused: boolean;
  /** Virtual seconds per wall-clock second. */
  readonly speed: number;
  pause(): void;
  resume(): void;
  /** Runs the next scheduled event (while paused). */
  step(): void;
  setSpeed(speed: number): void;
  /** Throws an Error whose message names the unknown gateway/instance/connection/peer. */
  inject(fault: LabFault): void;
  snapshot(): NetworkSnapshot;
  timeline(): LabTimeline;
  /**
   * Changes whenever what the lab shows changes other than by its clock advancing: a state change
   * (sessions, routes, leases, tunnels), a fault, pause, resume, speed, the moment shown. Two
   * snapshots taken at the same version differ only in time and what grows with it (counters,
   * durations), so views can re-read costly data only when it moves.
   */
  readonly dataVersion: string;
  /** Fires after the simulation state changed or its clock advanced (callers debounce; dataVersion tells which). */
  onDidChange(listener: () => void): Disposable;

  // Time travel. While a past moment is shown, snapshot(), timeSeconds and history() describe that
  // moment (so the ARM endpoint, the logs endpoint, diagnostics and panels all show it); the live
  // lab runs on (or stays paused) underneath, and inject() refuses (faults act on the live lab).
  /** The scenario reached its end: the lab stays loaded and browsable. */
  readonly finished: boolean;
  /** The live lab's virtual time, whatever moment is shown. */
  readonly liveTimeSeconds: number;
  /** The past moment shown (virtual seconds), or undefined when showing the live lab. */
  readonly momentSeconds: number | undefined;
  /** Why this lab cannot travel in time (real routers attached), or undefined when it can. */
  readonly timeTravelBlocked: string | undefined;
  /**
   * Shows the lab at `atMs` virtual milliseconds since the scenario's start (0 <= atMs); at or
   * after the live lab's now it shows the live lab. Rejects with a message saying what was wrong.
   */
  goTo(atMs: number): Promise<void>;
  backToLive(): void;
  /** The lab's history (diagnostic log rows, Activity Log, metrics) at the moment shown, or live with { live: true }. */
  history(options?: { live?: boolean }): MonitorHistorySource | undefined;
}
