// Reads what a route path crosses besides gateways and connections, through the same ARM client
// (ArmGatewayDataSource: retries, time limit, error mapping), for Azure and the lab's endpoint:
// VNets and subnets, route tables, NICs and their effective routes and NSGs, local network gateways, ER
// circuits with their private peering's per-path route tables, summaries and ARP tables.
// Every call runs in one bounded pool (a listing adds the reads that depend on it as soon as it
// is in), so a VNet is read in a few round trips instead of one call after the other. A part that
// fails (403...) stays empty or unknown and is reported as a ReadProblem; the rest goes on.
import type { LocalNetworkGateway, VirtualNetwork, VirtualNetworkGatewayConnection } from '../model/arm';
import type { CircuitPeeringSnapshot, CircuitSnapshot, NetworkInterface, NetworkInterfaceSnapshot, NextHopResult, ReadProblem, RouteTable } from '../model/armNetwork';
import { parseResourceId } from '../model/resourceIds';
import type { ArmGatewayDataSource } from './armGatewayDataSource';
import { AzureRequestError, toAzureError } from './azureErrors';
import {
  toCircuit,
  toCircuitArpEntry,
  toCircuitPeering,
  toCircuitRoute,
  toCircuitRouteSummary,
  toEffectiveNetworkSecurityGroup,
  toEffectiveRoute,
  toLocalNetworkGateway,
  toNetworkInterface,
  toNextHop,
  toRouteTable,
  toVirtualNetwork,
} from './armNetworkMapping';

export interface NetworkReadScope {
  subscriptions: string[];
  /** Only this resource group (resources it references elsewhere are still read by id). */
  resourceGroup?: string;
  /** Connections already read: their local network gateways and circuits are read by id. */
  connections?: readonly VirtualNetworkGatewayConnection[];
  /** VNet ids that must be read even outside the resource group (the gateways' VNets). */
  virtualNetworkIds?: readonly string[];
}

export interface NetworkReadOptions {
  signal?: AbortSignal;
  /** Calls in flight at once (1: one after the other, as field scripts do). Default 8. */
  concurrency?: number;
  /** Effective route tables read at most for this many NICs (each is a long-running POST). Default 200. */
  maxNics?: number;
  /** Which circuit peerings get their per-path tables read. Default: private peering only. */
  peerings?: (peeringName: string) => boolean;
  /** false: list the NICs without their effective routes (the trees' topology read). Default true. */
  effectiveRoutes?: boolean;
  /** false: no ExpressRoute circuits listed or read (the trees' topology read). Default true. */
  circuits?: boolean;
}

export interface NetworkReadResult {
  virtualNetworks: VirtualNetwork[];
  localNetworkGateways: LocalNetworkGateway[];
  routeTables: RouteTable[];
  networkInterfaces: NetworkInterfaceSnapshot[];
  expressRouteCircuits: CircuitSnapshot[];
  problems: ReadProblem[];
}

/** A pool of async tasks, at most `limit` running; tasks may add more tasks. */
class TaskPool {
  private readonly queue: (() => Promise<void>)[] = [];
  private running = 0;
  private idle: (() => void) | undefined;

  constructor(private readonly limit: number) {}

  add(task: () => Promise<void>): void {
    this.queue.push(task);
    this.pump();
  }

  /** Resolves when every task (including ones added meanwhile) has finished. */
  drain(): Promise<void> {
    if (this.running === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.idle = resolve;
    });
  }

  private pump(): void {
    while (this.running < this.limit && this.queue.length > 0) {
      const task = this.queue.shift()!;
      this.running++;
      // Tasks catch their own errors (they become ReadProblems); a bug still must not wedge the pool.
      void task()
        .catch(() => undefined)
        .finally(() => {
          this.running--;
          this.pump();
          if (this.running === 0 && this.queue.length === 0) this.idle?.();
        });
    }
  }
}

function same(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

async function collect<T, R>(iter: AsyncIterable<T>, map: (x: T) => R): Promise<R[]> {
  const out: R[] = [];
  for await (const x of iter) out.push(map(x));
  return out;
}

/** The VNet id a subnet (or ip configuration's subnet) id belongs to. */
export function vnetIdOfSubnet(subnetId: string): string {
  const i = subnetId.toLowerCase().indexOf('/subnets/');
  return i < 0 ? subnetId : subnetId.slice(0, i);
}

export async function readNetwork(source: ArmGatewayDataSource, scope: NetworkReadScope, options: NetworkReadOptions = {}): Promise<NetworkReadResult> {
  const { signal } = options;
  const pool = new TaskPool(Math.max(1, options.concurrency ?? 8));
  const maxNics = options.maxNics ?? 200;
  const wantPeering = options.peerings ?? ((name: string) => same(name, 'AzurePrivatePeering'));
  const result: NetworkReadResult = { virtualNetworks: [], localNetworkGateways: [], routeTables: [], networkInterfaces: [], expressRouteCircuits: [], problems: [] };
  const rawVnets: { raw: unknown; id: string }[] = [];
  const rg = scope.resourceGroup;
  let nicBudget = maxNics;
  let nicsCut = 0;

  const problem = (resource: string, part: string, err: unknown): void => {
    const e = err instanceof AzureRequestError ? err : toAzureError(err, part, signal);
    if (e.kind === 'cancelled') throw e;
    const p: ReadProblem = { resource, part, message: e.message };
    if (e.statusCode !== undefined) p.status = e.statusCode;
    result.problems.push(p);
  };
  /** One call through the data source; failures become problems of `part`. */
  const task = (what: string, sub: string | undefined, resource: string, part: string, fn: Parameters<ArmGatewayDataSource['withClient']>[3]): void => {
    pool.add(async () => {
      try {
        await source.withClient(what, signal, sub, fn);
      } catch (err) {
        problem(resource, part, err);
      }
    });
  };

  const readNic = (nic: NetworkInterface): void => {
    const entry: NetworkInterfaceSnapshot = { nic };
    result.networkInterfaces.push(entry);
    if (options.effectiveRoutes === false) return;
    if (nicBudget <= 0) {
      nicsCut++;
      return;
    }
    nicBudget--;
    const p = parseResourceId(nic.id);
    if (!p) return;
    task(`getEffectiveRouteTable on ${nic.name}`, p.subscriptionId, nic.id, 'effectiveRoutes', async (client, s) => {
      const poller = await client.networkInterfaces.beginGetEffectiveRouteTable(p.resourceGroup, p.name, source.lroCallOptions(s));
      const r = await source.pollToEnd(poller, 'getEffectiveRouteTable', nic.id, s);
      entry.effectiveRoutes = (r.value ?? []).map(toEffectiveRoute);
    });
    task(`listEffectiveNetworkSecurityGroups on ${nic.name}`, p.subscriptionId, nic.id, 'effectiveNetworkSecurityGroups', async (client, s) => {
      const poller = await client.networkInterfaces.beginListEffectiveNetworkSecurityGroups(p.resourceGroup, p.name, source.lroCallOptions(s));
      const r = await source.pollToEnd(poller, 'listEffectiveNetworkSecurityGroups', nic.id, s);
      entry.effectiveNetworkSecurityGroups = (r.value ?? []).map(toEffectiveNetworkSecurityGroup);
    });
  };

  const readCircuitTables = (circuit: CircuitSnapshot, peering: CircuitPeeringSnapshot): void => {
    const p = parseResourceId(circuit.circuit.id);
    if (!p) return;
    for (const path of ['primary', 'secondary'] as const) {
      const tables = peering[path];
      const what = (op: string): string => `${op} (${peering.peering.name}, ${path}) on ${circuit.circuit.name}`;
      task(what('listRoutesTable'), p.subscriptionId, circuit.circuit.id, `circuitRoutes:${path}`, async (client, s) => {
        const poller = await client.expressRouteCircuits.beginListRoutesTable(p.resourceGroup, p.name, peering.peering.name, path, source.lroCallOptions(s));
        tables.routes = ((await source.pollToEnd(poller, 'listRoutesTable', circuit.circuit.id, s)).value ?? []).map(toCircuitRoute);
      });
      task(what('listRoutesTableSummary'), p.subscriptionId, circuit.circuit.id, `circuitSummary:${path}`, async (client, s) => {
        const poller = await client.expressRouteCircuits.beginListRoutesTableSummary(p.resourceGroup, p.name, peering.peering.name, path, source.lroCallOptions(s));
        tables.summary = ((await source.pollToEnd(poller, 'listRoutesTableSummary', circuit.circuit.id, s)).value ?? []).map(toCircuitRouteSummary);
      });
      task(what('listArpTable'), p.subscriptionId, circuit.circuit.id, `circuitArp:${path}`, async (client, s) => {
        const poller = await client.expressRouteCircuits.beginListArpTable(p.resourceGroup, p.name, peering.peering.name, path, source.lroCallOptions(s));
        tables.arp = ((await source.pollToEnd(poller, 'listArpTable', circuit.circuit.id, s)).value ?? []).map(toCircuitArpEntry);
      });
    }
  };

  const addCircuit = (raw: unknown): void => {
    const circuit = toCircuit(raw);
    if (result.expressRouteCircuits.some((c) => same(c.circuit.id, circuit.id))) return;
    const snap: CircuitSnapshot = { circuit, peerings: [] };
    result.expressRouteCircuits.push(snap);
    const p = parseResourceId(circuit.id);
    if (!p) return;
    task(`list peerings of ${circuit.name}`, p.subscriptionId, circuit.id, 'circuitPeerings', async (client, s) => {
      const peerings = await collect(client.expressRouteCircuitPeerings.list(p.resourceGroup, p.name, { abortSignal: s }), toCircuitPeering);
      for (const peering of peerings) {
        const ps: CircuitPeeringSnapshot = { peering, primary: {}, secondary: {} };
        snap.peerings.push(ps);
        if (wantPeering(peering.name)) readCircuitTables(snap, ps);
      }
    });
  };

  for (const sub of scope.subscriptions) {
    const where = rg ? `/subscriptions/${sub}/resourceGroups/${rg}` : `/subscriptions/${sub}`;
    task('list virtual networks', sub, where, 'virtualNetworks', async (client, s) => {
      const list = rg ? client.virtualNetworks.list(rg, { abortSignal: s }) : client.virtualNetworks.listAll({ abortSignal: s });
      for await (const v of list) if (typeof v.id === 'string') rawVnets.push({ raw: v, id: v.id });
    });
    task('list route tables', sub, where, 'routeTables', async (client, s) => {
      const list = rg ? client.routeTables.list(rg, { abortSignal: s }) : client.routeTables.listAll({ abortSignal: s });
      result.routeTables.push(...(await collect(list, toRouteTable)));
    });
    task('list network interfaces', sub, where, 'networkInterfaces', async (client, s) => {
      const list = rg ? client.networkInterfaces.list(rg, { abortSignal: s }) : client.networkInterfaces.listAll({ abortSignal: s });
      for (const nic of await collect(list, toNetworkInterface)) readNic(nic);
    });
    if (options.circuits !== false) task('list ExpressRoute circuits', sub, where, 'expressRouteCircuits', async (client, s) => {
      const list = rg ? client.expressRouteCircuits.list(rg, { abortSignal: s }) : client.expressRouteCircuits.listAll({ abortSignal: s });
      for await (const c of list) addCircuit(c);
    });
  }
  // Referenced by the connections: sites, and circuits (which may live in another subscription).
  const seen = new Set<string>();
  for (const c of scope.connections ?? []) {
    for (const ref of [c.localNetworkGateway2?.id, c.peer?.id]) {
      if (!ref || seen.has(ref.toLowerCase())) continue;
      seen.add(ref.toLowerCase());
      const p = parseResourceId(ref);
      if (!p) continue;
      if (same(p.type, 'localNetworkGateways')) {
        task(`get local network gateway ${p.name}`, p.subscriptionId, ref, 'localNetworkGateways', async (client, s) => {
          result.localNetworkGateways.push(toLocalNetworkGateway(await client.localNetworkGateways.get(p.resourceGroup, p.name, { abortSignal: s })));
        });
      } else if (same(p.type, 'expressRouteCircuits')) {
        task(`get ExpressRoute circuit ${p.name}`, p.subscriptionId, ref, 'expressRouteCircuits', async (client, s) => {
          addCircuit(await client.expressRouteCircuits.get(p.resourceGroup, p.name, { abortSignal: s }));
        });
      }
    }
  }
  await pool.drain();
  // The gateways' VNets outside the listed scope (another resource group), by id.
  for (const id of scope.virtualNetworkIds ?? []) {
    if (rawVnets.some((v) => same(v.id, id))) continue;
    const p = parseResourceId(id);
    if (!p) continue;
    task(`get virtual network ${p.name}`, p.subscriptionId, id, 'virtualNetworks', async (client, s) => {
      const v = await client.virtualNetworks.get(p.resourceGroup, p.name, { abortSignal: s });
      rawVnets.push({ raw: v, id });
    });
  }
  await pool.drain();
  signal?.throwIfAborted();
  // Subnet UDRs come from the route tables (the VNet carries only the table's id).
  result.virtualNetworks = rawVnets.map((v) => toVirtualNetwork(v.raw, result.routeTables));
  if (nicsCut > 0) {
    result.problems.push({ resource: scope.subscriptions.join(','), part: 'effectiveRoutes', message: `effective routes read for ${maxNics} NICs only; ${nicsCut} more were not read (raise maxNics).` });
  }
  sortById(result);
  return result;
}

function sortById(r: NetworkReadResult): void {
  const byId = <T>(key: (x: T) => string) => (a: T, b: T): number => key(a).localeCompare(key(b));
  r.virtualNetworks.sort(byId((v) => v.id));
  r.localNetworkGateways.sort(byId((l) => l.id));
  r.routeTables.sort(byId((t) => t.id));
  r.networkInterfaces.sort(byId((n) => n.nic.id));
  r.expressRouteCircuits.sort(byId((c) => c.circuit.id));
  for (const c of r.expressRouteCircuits) c.peerings.sort(byId((p) => p.peering.id));
}

/**
 * Network Watcher's next hop for a VM's packet (an independent answer for the first hop). Finds
 * the watcher of the NIC's region in the VM's subscription; undefined when there is none.
 */
export async function readNextHop(
  source: ArmGatewayDataSource,
  query: { vmId: string; nicId?: string; location: string; sourceIp: string; destinationIp: string },
  signal?: AbortSignal,
): Promise<NextHopResult | undefined> {
  const sub = parseResourceId(query.vmId)?.subscriptionId;
  return source.withClient(`getNextHop ${query.sourceIp} -> ${query.destinationIp}`, signal, sub, async (client, s) => {
    const watchers = await collect(client.networkWatchers.listAll({ abortSignal: s }), (w) => w);
    const watcher = watchers.find((w) => same(w.location ?? '', query.location));
    const p = watcher?.id ? parseResourceId(watcher.id) : undefined;
    if (!p) return undefined;
    const poller = await client.networkWatchers.beginGetNextHop(
      p.resourceGroup,
      p.name,
      { targetResourceId: query.vmId, sourceIPAddress: query.sourceIp, destinationIPAddress: query.destinationIp, ...(query.nicId ? { targetNicResourceId: query.nicId } : {}) },
      source.lroCallOptions(s),
    );
    return toNextHop(await source.pollToEnd(poller, 'getNextHop', query.vmId, s));
  });
}
