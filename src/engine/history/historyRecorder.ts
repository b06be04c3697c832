// The lab's diagnostic logs, Activity Log and metric samples, written as things happen, in
// Azure's categories and columns (GatewayDiagnosticLog, TunnelDiagnosticLog, RouteDiagnosticLog,
// IKEDiagnosticLog; instance_s GatewayTenantWorker_IN_0/IN_1; TunnelConnected/TunnelDisconnected,
// GatewayTenantPrimaryChanged, HostMaintenanceEvent, BgpConnectedEvent/BgpDisconnectedEvent/
// BgpRouteUpdate). It only observes: it reads the lab's state when the lab logs an event or
// changes, and never schedules anything, so a run with history is the same run as without.
// Azure does not publish the text of its Message column: the lab's messages are this product's
// model of it (labelled so by LAB_TEXT_NOTE).
import type { LabEvent } from '../labContext';
import type { LabFault } from '../labApi';
import type { ConnectionSim, GatewaySim } from '../gatewaySim';
import { INSTANCE_NAMES } from '../gatewaySim';
import { LabRouting } from '../bgp/labRouting';
import type { LabComponent, LabHost } from '../labComponent';
import { secondsFromMs } from '../scheduler';
import type { ActivityLogEntry, DiagnosticCategory, GatewayLogRow } from '../../model/gatewayHistory';
import { INSTANCE_COLUMN } from '../../model/gatewayHistory';
import type { InstanceName } from '../../model/snapshot';
import { LAB_DEFAULT_RESOURCE_GROUP, networkResourceId } from '../../model/resourceIds';
import { StepSeries } from './stepSeries';
import { routeTableName } from '../labNetwork';

export const LAB_TEXT_NOTE = 'Message text is the lab\'s model: Azure documents the columns and operation names, not the exact text.';

/** Who the lab's Activity Log says made a change. */
export const LAB_CALLER = 'gateway-lab (scenario timeline or fault command)';

interface SessionSeen {
  state: string;
  routes: number;
  /** Row index of the last BgpRouteUpdate, to fold updates within one second into one row. */
  lastUpdateRow: number;
  lastUpdateAt: number;
  /** Routes before the folded update row. */
  updateBase: number;
  /** The session's last error as last logged (a refusal is logged once, not on every retry). */
  error: string;
}

export class HistoryRecorder implements LabComponent {
  readonly name = 'history';
  readonly rows: GatewayLogRow[] = [];
  /** Virtual seconds of each row (rows[i] happened at times[i]). */
  readonly times: number[] = [];
  readonly activity: ActivityLogEntry[] = [];
  readonly activityTimes: number[] = [];
  /** Metric step series keyed by `${metric}|${gateway}|${dim1}|${dim2}`. */
  readonly series = new Map<string, StepSeries>();
  private readonly sessions = new Map<string, SessionSeen>();
  private readonly startMs: number;
  private routing: LabRouting | undefined;
  private routingLooked = false;
  private correlation = 0;

  constructor(private readonly lab: LabHost) {
    this.startMs = Date.parse(lab.scenario.startTime);
  }

  /** Virtual seconds (the recorder's rows and series keep seconds, like the lab's outputs). */
  private now(): number {
    return secondsFromMs(this.lab.scheduler.now());
  }

  iso(t: number): string {
    return new Date(this.startMs + Math.round(t * 1000)).toISOString();
  }

  private gatewayId(gateway: string): string {
    return networkResourceId('virtualNetworkGateways', gateway);
  }

  private row(gateway: string, category: DiagnosticCategory, operation: string, message: string, extra: Partial<GatewayLogRow> = {}): number {
    const t = this.now();
    const row: GatewayLogRow = {
      TimeGenerated: this.iso(t),
      Category: category,
      OperationName: operation,
      Resource: gateway.toUpperCase(),
      ResourceGroup: LAB_DEFAULT_RESOURCE_GROUP.toUpperCase(),
      ResourceId: this.gatewayId(gateway).toUpperCase(),
      Level: 'Informational',
      Message: message,
      ...extra,
    };
    this.rows.push(row);
    this.times.push(t);
    return this.rows.length - 1;
  }

  private activityEntry(resourceId: string, operationName: string, description: string, status: ActivityLogEntry['status'] = 'Succeeded'): void {
    const t = this.now();
    this.correlation++;
    const correlationId = `00000000-0000-4000-a000-${this.correlation.toString(16).padStart(12, '0')}`;
    for (const s of status === 'Succeeded' ? (['Started', 'Succeeded'] as const) : ([status] as const)) {
      this.activity.push({ eventTimestamp: this.iso(t), operationName, resourceId, status: s, caller: LAB_CALLER, level: 'Informational', correlationId, description });
      this.activityTimes.push(t);
    }
  }

  private step(metric: string, gateway: string, dims: string[], value: number, dedupe = true): void {
    const key = [metric, gateway, ...dims].join('|');
    let s = this.series.get(key);
    if (!s) {
      s = new StepSeries();
      this.series.set(key, s);
    }
    s.set(this.now(), value, dedupe);
  }

  // ---- the lab's event log --------------------------------------------------------------------

  onLog(e: Omit<LabEvent, 't'>): void {
    if (e.kind === 'tunnel' && e.gateway !== undefined && e.instance !== undefined && e.connection !== undefined) this.tunnel(e.gateway, e.instance, e.connection);
    else if (e.kind === 'role' && e.gateway !== undefined && e.instance !== undefined) this.role(e.gateway, e.instance);
    else if (e.kind === 'bgp') this.diffBgp(e.message);
  }

  private tunnel(gateway: string, instance: InstanceName, connection: string): void {
    const g = this.lab.gateways.get(gateway);
    const k = g?.connection(connection);
    if (!g || !k) return;
    const status = k.tunnels[instance].status;
    const remoteIP = k.site?.gatewayIpAddress ?? '';
    const localIP = this.publicIp(gateway, instance);
    const base = { instance_s: INSTANCE_COLUMN[instance], remoteIP_s: remoteIP, localIP_s: localIP, connectionName_s: connection };
    this.sampleBytes(g, k);
    if (status === 'Connected') {
      this.row(gateway, 'IKEDiagnosticLog', 'IkeLogEvent', `SESSION_ID :{lab} Remote ${remoteIP}:500: Local ${localIP}:500: [LOCAL] IKE SA and child SA established (lab model)`, { instance_s: base.instance_s, remoteIP_s: remoteIP, localIP_s: localIP });
      this.row(gateway, 'TunnelDiagnosticLog', 'TunnelConnected', `Tunnel connected: ${connection} (${remoteIP}) on ${INSTANCE_COLUMN[instance]}`, { ...base, status_s: 'Connected' });
      this.step('TunnelUp', gateway, [connection, remoteIP, instance], 1);
    } else if (status === 'Connecting') {
      this.row(gateway, 'IKEDiagnosticLog', 'IkeLogEvent', `SESSION_ID :{lab} Remote ${remoteIP}:500: Local ${localIP}:500: [SEND] Proposed IKE_SA_INIT to the on-premises device (lab model)`, { instance_s: base.instance_s, remoteIP_s: remoteIP, localIP_s: localIP });
      if (k.ikeBlocked || k.ikeError !== undefined) this.ikeError(gateway, instance, k);
    } else {
      const reason = this.disconnectReason(g, k, instance);
      this.row(gateway, 'TunnelDiagnosticLog', 'TunnelDisconnected', `Tunnel disconnected: ${connection} (${remoteIP}) on ${INSTANCE_COLUMN[instance]}: ${reason}`, { ...base, status_s: 'Disconnected', stateChangeReason_s: reason, Level: 'Warning' });
      this.step('TunnelUp', gateway, [connection, remoteIP, instance], 0);
    }
  }

  private ikeError(gateway: string, instance: InstanceName, k: ConnectionSim): void {
    const remoteIP = k.site?.gatewayIpAddress ?? '';
    const localIP = this.publicIp(gateway, instance);
    // The lab's IKE component says why (NO_PROPOSAL_CHOSEN, TS_UNACCEPTABLE, AUTHENTICATION_FAILED...);
    // a tunnelDown fault has no reason of its own.
    const why = k.ikeError ?? 'AUTHENTICATION_FAILED: IKE negotiation with the on-premises device failed (lab model of a tunnelDown fault)';
    this.row(gateway, 'IKEDiagnosticLog', 'IkeLogEvent', `SESSION_ID :{lab} Remote ${remoteIP}:500: Local ${localIP}:500: [RECEIVED] Received notify error ${why}`, {
      instance_s: INSTANCE_COLUMN[instance],
      remoteIP_s: remoteIP,
      localIP_s: localIP,
      Level: 'Error',
      connectionName_s: k.spec.name,
    });
  }

  /** The summarized reason Azure puts in stateChangeReason_s; the lab's wording (model). */
  private disconnectReason(g: GatewaySim, k: ConnectionSim, instance: InstanceName): string {
    const inst = g.instances[instance];
    if (k.ikeBlocked || k.ikeError !== undefined) return 'IKE negotiation failed';
    switch (inst.health) {
      case 'maintenance':
        return 'Planned maintenance: instance drained';
      case 'crashed':
        return 'Instance stopped unexpectedly';
      case 'rebooting':
        return 'Instance rebooting';
      case 'hung':
        return 'Instance unresponsive';
      case 'partitioned':
        return 'Instance lost the primary role';
      default:
        return inst.role === 'active' ? 'Disconnected by the remote device' : 'Instance is no longer primary';
    }
  }

  private role(gateway: string, instance: InstanceName): void {
    const g = this.lab.gateways.get(gateway);
    if (!g || g.mode !== 'activePassive') return;
    if (g.instances[instance].role !== 'active') return;
    this.row(gateway, 'GatewayDiagnosticLog', 'GatewayTenantPrimaryChanged', `Primary changed to ${INSTANCE_COLUMN[instance]}`, { instance_s: INSTANCE_COLUMN[instance] });
  }

  private publicIp(gateway: string, instance: InstanceName): string {
    const gi = this.lab.scenario.topology.gateways.findIndex((s) => s.name === gateway);
    const g = this.lab.gateways.get(gateway);
    // Active/passive gateways have one public IP (it moves with the primary); active/active one per instance.
    const ii = g && g.mode === 'activeActive' ? INSTANCE_NAMES.indexOf(instance) : 0;
    return `198.51.100.${10 + Math.max(0, gi) * 2 + ii}`;
  }

  private sampleBytes(g: GatewaySim, k: ConnectionSim): void {
    const remoteIP = k.site?.gatewayIpAddress ?? '';
    let ingress = 0;
    let egress = 0;
    for (const n of INSTANCE_NAMES) {
      ingress += k.tunnels[n].ingressBytes;
      egress += k.tunnels[n].egressBytes;
    }
    this.step('TunnelIngressBytesCounter', g.name, [k.spec.name, remoteIP], ingress, false);
    this.step('TunnelEgressBytesCounter', g.name, [k.spec.name, remoteIP], egress, false);
  }

  /** Samples every byte counter now (the metrics read them at query time and between changes). */
  sampleAllBytes(): void {
    for (const g of this.lab.gateways.values()) for (const k of g.connections) this.sampleBytes(g, k);
  }

  // ---- BGP ------------------------------------------------------------------------------------

  private routingComponent(): LabRouting | undefined {
    if (!this.routingLooked) {
      this.routingLooked = true;
      this.routing = this.lab.findComponent((c): c is LabRouting => c instanceof LabRouting);
      if (this.routing) {
        for (const node of this.routing.gateways.values()) {
          for (const n of INSTANCE_NAMES) node.speakers[n].onBestPathsChanged(() => this.diffBgp(''));
        }
      }
    }
    return this.routing;
  }

  /** Compares every gateway BGP session with what was last recorded; `message` is the lab's event text (reason). */
  private diffBgp(message: string): void {
    const routing = this.routingComponent();
    if (!routing) return;
    const now = this.now();
    for (const s of routing.sessions) {
      const instance = s.instance;
      if (s.kind === 'customer' || instance === undefined) continue;
      const state = s.session.stateFor(0);
      const status = s.session.peerStatus(0);
      const routes = status.routesReceived;
      const key = s.session.id;
      const seen = this.sessions.get(key) ?? { state: 'Idle', routes: 0, lastUpdateRow: -1, lastUpdateAt: -Infinity, updateBase: 0, error: '' };
      const peerAddress = status.neighbor;
      const cols = { instance_s: INSTANCE_COLUMN[instance], peerAddress_s: peerAddress, localIP_s: status.localAddress };
      const who = `${peerAddress} (AS ${status.asn}, ${s.peer}${s.peerInstance ? `/${s.peerInstance}` : ''})`;
      if (state !== seen.state && (state === 'Connected' || seen.state === 'Connected')) {
        if (state === 'Connected') {
          this.row(s.gateway, 'RouteDiagnosticLog', 'BgpConnectedEvent', `BGP peer ${who} connected on ${INSTANCE_COLUMN[instance]}`, cols);
        } else {
          const reason = s.session.lastError || reasonFrom(message) || state;
          this.row(s.gateway, 'RouteDiagnosticLog', 'BgpDisconnectedEvent', `BGP peer ${who} disconnected on ${INSTANCE_COLUMN[instance]}: ${reason}`, { ...cols, stateChangeReason_s: reason, Level: 'Warning' });
        }
        this.step('BgpPeerStatus', s.gateway, [peerAddress, instance], state === 'Connected' ? 1 : 0);
      } else if (s.session.lastError !== seen.error && /refused|bad peer AS/i.test(s.session.lastError)) {
        // A session that never came up but was refused: Azure logs the refusal in the route log.
        const reason = s.session.lastError;
        this.row(s.gateway, 'RouteDiagnosticLog', 'BgpDisconnectedEvent', `BGP peer ${who} refused on ${INSTANCE_COLUMN[instance]}: ${reason}`, { ...cols, stateChangeReason_s: reason, Level: 'Warning' });
      }
      if (routes !== seen.routes) {
        const text = (n: number, d: number): string => `BGP routes learned from ${who} on ${INSTANCE_COLUMN[instance]}: ${n} (${d >= 0 ? '+' : ''}${d})`;
        if (seen.lastUpdateRow >= 0 && now - seen.lastUpdateAt < 1) {
          // Fold the UPDATEs of one second into one row, as a converging table would otherwise flood the log.
          this.rows[seen.lastUpdateRow]!.Message = text(routes, routes - seen.updateBase);
        } else {
          seen.updateBase = seen.routes;
          seen.lastUpdateRow = this.row(s.gateway, 'RouteDiagnosticLog', 'BgpRouteUpdate', text(routes, routes - seen.routes), cols);
          seen.lastUpdateAt = now;
        }
        this.step('BgpRoutesLearned', s.gateway, [peerAddress, instance], routes);
      }
      seen.state = state;
      seen.routes = routes;
      seen.error = s.session.lastError;
      this.sessions.set(key, seen);
    }
  }

  // ---- faults as the control plane would log them ----------------------------------------------

  onInjected(fault: LabFault): void {
    switch (fault.kind) {
      case 'plannedMaintenance':
        this.row(fault.gateway, 'GatewayDiagnosticLog', 'HostMaintenanceEvent', `Host maintenance started on ${INSTANCE_COLUMN[fault.instance]}`, { instance_s: INSTANCE_COLUMN[fault.instance] });
        break;
      case 'gatewayReset':
        this.activityEntry(this.gatewayId(fault.gateway), 'Microsoft.Network/virtualNetworkGateways/reset/action', `Reset Virtual Network Gateway ${fault.gateway}`);
        break;
      case 'tunnelDown':
        for (const g of this.lab.gateways.values()) {
          const k = g.connection(fault.connection);
          if (!k) continue;
          for (const n of INSTANCE_NAMES) if (g.instances[n].serving) this.ikeError(g.name, n, k);
        }
        break;
      case 'udrAdd':
      case 'udrRemove': {
        // Against the route table the lab's ARM endpoint serves for the subnet, so a timeline that
        // asks for the VNet's route tables by id finds the write.
        const table = networkResourceId('routeTables', routeTableName(fault.subnet));
        const name = fault.kind === 'udrAdd' ? fault.route.name : fault.name;
        this.activityEntry(`${table}/routes/${name}`, fault.kind === 'udrAdd' ? 'Microsoft.Network/routeTables/routes/write' : 'Microsoft.Network/routeTables/routes/delete', fault.kind === 'udrAdd' ? `Create or Update Route ${name} (${fault.route.addressPrefix} -> ${fault.route.nextHopType}) in the route table of ${fault.subnet}` : `Delete Route ${name} from the route table of ${fault.subnet}`);
        break;
      }
      case 'restore':
        // Restoring a connection is logged as the operation an engineer runs on Azure to bring a
        // tunnel back, Reset Connection (POST .../connections/{name}/resetconnection): the lab's
        // model, Azure does not document which operation name its Activity Log shows for it.
        if (fault.connection !== undefined) {
          this.activityEntry(networkResourceId('connections', fault.connection), 'Microsoft.Network/connections/resetconnection/action', `Reset Connection ${fault.connection}`);
        }
        break;
      default:
        break;
    }
    this.diffBgp('');
  }

  onChange(): void {
    this.diffBgp('');
  }
}

function reasonFrom(message: string): string {
  return /\(([^)]*)\)\s*$/.exec(message)?.[1] ?? '';
}
