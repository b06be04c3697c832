// Timing defaults of the failover model, and how they add up to the documented figures
// (DESIGN.md, "Documented numbers"). Every value can be overridden in a scenario's `timing`.
//
// Active/passive, the active renews its lease every `renewIntervalSeconds` (5 s) with a
// `leaseDurationSeconds` of 60 s, so at any moment the lease has 55-60 s left. The standby
// tries to acquire every `retryIntervalSeconds` (15 s). A new tunnel needs IKE negotiation plus
// data-path programming, `ikeNegotiationSeconds` 10-13 s. A failover's gap is measured from the
// moment the old instance stops carrying traffic to the first probe packet delivered after it. An on-premises device keeps a stale
// IPsec SA until its dead-peer detection gives up, `dpdTimeoutSeconds` (45 s), and accepts the
// new active's SA only after that (unless the old active deleted its SA gracefully).
//
// - Planned maintenance: the active drains (`drainSeconds` 1 s, traffic still flows), deletes
//   its SAs (so no DPD wait), releases the lease and tells the standby, which acquires at once
//   and negotiates: gap = 10-13 s plus up to one probe interval: within the documented 10-15 s.
// - Unplanned crash: nothing is released; the lease expires 55-60 s after the crash, the standby
//   acquires on its next retry (0-15 s later), DPD (45 s) has already cleared by then, and IKE
//   adds 10-13 s: gap = 65-88 s, inside the documented 1-3 min.
// - Gateway reset: the control plane breaks the lease (break period 0) and reboots the active
//   abruptly. The standby acquires within one retry (0-15 s), but the site still waits for DPD:
//   gap = 45 + 10..13 = 55-58 s (plus one probe interval): under the documented 1 min.
// - Fencing: an active that cannot renew stops serving `fenceMarginSeconds` (5 s) before the
//   lease it last renewed can expire, so the standby (which can only acquire after expiry) never
//   serves at the same time.
import { msFromSeconds } from './scheduler';

export interface TimeRange {
  min: number;
  max: number;
}

export interface LabTiming {
  /** Blob lease duration: 15-60 s, or -1 for an infinite lease (never expires on its own). */
  leaseDurationSeconds: number;
  renewIntervalSeconds: number;
  retryIntervalSeconds: number;
  fenceMarginSeconds: number;
  ikeNegotiationSeconds: TimeRange;
  /** Retry of a failed IKE negotiation (e.g. while a tunnelDown fault lasts). */
  ikeRetrySeconds: number;
  dpdTimeoutSeconds: number;
  drainSeconds: number;
  /** Boot time of an instance restored after a crash or maintenance (role "starting"). */
  bootSeconds: number;
  /** Down time of a reboot (fault "reboot" and gateway reset), boot included. */
  rebootSeconds: number;
  /** How long planned maintenance keeps an instance down unless restored earlier. */
  maintenanceSeconds: number;
  /** Active/active: time until the platform stops sending flows to a lost instance. */
  activeActiveDetectSeconds: number;
}

export const DEFAULT_TIMING: Readonly<LabTiming> = Object.freeze({
  leaseDurationSeconds: 60,
  renewIntervalSeconds: 5,
  retryIntervalSeconds: 15,
  fenceMarginSeconds: 5,
  ikeNegotiationSeconds: Object.freeze({ min: 10, max: 13 }),
  ikeRetrySeconds: 10,
  dpdTimeoutSeconds: 45,
  drainSeconds: 1,
  bootSeconds: 30,
  rebootSeconds: 90,
  maintenanceSeconds: 300,
  activeActiveDetectSeconds: 5,
});

/** The documented figures the defaults reproduce (seconds), for tests and the CLI summary. */
export const DOCUMENTED_GAPS = Object.freeze({
  plannedMaintenance: Object.freeze({ min: 10, max: 15 }),
  unplannedCrash: Object.freeze({ min: 60, max: 180 }),
  gatewayReset: Object.freeze({ min: 0, max: 60 }),
});

/** Upper bound from "a healthy instance exists" to "one serves" (property tests use it). */
export function takeoverBoundSeconds(t: LabTiming): number {
  return t.leaseDurationSeconds + t.retryIntervalSeconds + t.ikeNegotiationSeconds.max;
}

/** LabTiming as the engine schedules it: whole virtual milliseconds, converted once from the scenario's seconds. */
export interface LabTimingMs {
  /** Kept in seconds for lease operations (the Blob lease API speaks seconds); -1 is infinite. */
  leaseDurationSeconds: number;
  leaseDurationMs: number;
  renewIntervalMs: number;
  retryIntervalMs: number;
  fenceMarginMs: number;
  ikeNegotiationMs: TimeRange;
  ikeRetryMs: number;
  dpdTimeoutMs: number;
  drainMs: number;
  bootMs: number;
  rebootMs: number;
  maintenanceMs: number;
  activeActiveDetectMs: number;
}

export function timingMs(t: LabTiming): LabTimingMs {
  return {
    leaseDurationSeconds: t.leaseDurationSeconds,
    leaseDurationMs: msFromSeconds(t.leaseDurationSeconds),
    renewIntervalMs: msFromSeconds(t.renewIntervalSeconds),
    retryIntervalMs: msFromSeconds(t.retryIntervalSeconds),
    fenceMarginMs: msFromSeconds(t.fenceMarginSeconds),
    ikeNegotiationMs: { min: msFromSeconds(t.ikeNegotiationSeconds.min), max: msFromSeconds(t.ikeNegotiationSeconds.max) },
    ikeRetryMs: msFromSeconds(t.ikeRetrySeconds),
    dpdTimeoutMs: msFromSeconds(t.dpdTimeoutSeconds),
    drainMs: msFromSeconds(t.drainSeconds),
    bootMs: msFromSeconds(t.bootSeconds),
    rebootMs: msFromSeconds(t.rebootSeconds),
    maintenanceMs: msFromSeconds(t.maintenanceSeconds),
    activeActiveDetectMs: msFromSeconds(t.activeActiveDetectSeconds),
  };
}
