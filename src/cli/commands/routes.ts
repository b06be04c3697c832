// `gateway-lab routes <scenario> --at <t> [--table vnet|<gateway>] [--lookup <ip>] [--json]`:
// runs a scenario to a moment and prints the VNet's effective routes or a gateway's learned
// routes (and BGP peers), or the best route for one address.
import { parseArgs } from 'node:util';
import { EXIT_OK, UsageError, type CliCommand, type CliIo } from '../command';
import { loadScenario } from '../../engine/scenario/loadScenario';
import { parseDuration } from '../../engine/scenario/duration';
import { createLab } from '../../engine/createLab';
import { LabRouting } from '../../engine/bgp/labRouting';
import type { BgpPath } from '../../engine/bgp/bgpPath';
import { toGatewayRoute } from '../../engine/bgp/bgpPath';
import { PrefixTrie } from '../../model/prefixTrie';
import { parseAddress } from '../../model/prefix';
import type { EffectiveRoute, GatewayRoute } from '../../model/arm';
import { resolveScenarioPath } from './diagnose';

const USAGE = `Usage: gateway-lab routes <scenario> --at <duration> [--table vnet|<gateway>] [--lookup <ip>] [--json]

Runs a scenario (a file or a bundled scenario name) in virtual time to --at and prints a route table:
  --table vnet        the VNet's effective routes (default). Product model: in an ExpressRoute/VPN
                      coexistence VNet only the ExpressRoute gateway plumbs learned routes.
  --table <gateway>   a gateway's BGP peers and learned routes (all instances)
  --lookup <ip>       only the best route for this address (longest prefix match)
  --json              machine-readable output
Exit codes: 0 printed, 2 invalid input.`;

interface RoutesArgs {
  scenario: string;
  at: number;
  table: string;
  lookup?: string;
  json: boolean;
}

export function parseRoutesArgs(args: string[]): RoutesArgs {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, strict: true, options: { at: { type: 'string' }, table: { type: 'string' }, lookup: { type: 'string' }, json: { type: 'boolean' } } });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'missing scenario' : `expected one scenario, got ${positionals.length}`);
  if (values.at === undefined) throw new UsageError('missing --at <duration> (e.g. --at 3m)');
  const d = parseDuration(values.at);
  if (!d.ok) throw new UsageError(`--at: ${d.message}`);
  if (values.lookup !== undefined) {
    try {
      parseAddress(values.lookup);
    } catch {
      throw new UsageError(`--lookup: "${values.lookup}" is not an IPv4 or IPv6 address`);
    }
  }
  const out: RoutesArgs = { scenario: positionals[0]!, at: d.seconds, table: values.table ?? 'vnet', json: values.json === true };
  if (values.lookup !== undefined) out.lookup = values.lookup;
  return out;
}

function pad(rows: string[][]): string[] {
  // reduce, not Math.max(...): a million-row table would overflow the call stack as arguments.
  const widths = rows[0]!.map((_, i) => rows.reduce((w, r) => Math.max(w, r[i]!.length), 0));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd());
}

function effectiveRows(routes: EffectiveRoute[]): string[] {
  return pad([
    ['SOURCE', 'STATE', 'PREFIX', 'NEXT HOP TYPE', 'NEXT HOP'],
    ...routes.map((r) => [r.source, r.state, r.addressPrefix.join(','), r.nextHopType, r.nextHopIpAddress.join(',') || '-']),
  ]);
}

function learnedRows(routes: GatewayRoute[]): string[] {
  return pad([
    ['LOCAL', 'NETWORK', 'NEXT HOP', 'SOURCE PEER', 'ORIGIN', 'AS PATH', 'WEIGHT'],
    ...routes.map((r) => [r.localAddress, r.network, r.nextHop || '-', r.sourcePeer, r.origin, r.asPath || '-', String(r.weight)]),
  ]);
}

export const routesCommand: CliCommand = {
  name: 'routes',
  summary: 'print the VNet effective routes or a gateway\'s learned routes at a moment (or the best route for an address)',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const a = parseRoutesArgs(args);
    const scenario = await loadScenario(resolveScenarioPath(a.scenario));
    if (a.at > scenario.durationSeconds) throw new UsageError(`--at ${a.at}s is after the end of the scenario (${scenario.durationSeconds}s)`);
    const lab = createLab(scenario, { recordEvents: false });
    lab.runUntil(a.at);
    const routing = lab.findComponent((c): c is LabRouting => c instanceof LabRouting);
    if (!routing) throw new UsageError(`scenario "${scenario.name}" has no BGP routing (no BGP connection, circuit or ExpressRoute gateway)`);
    const header = `${scenario.name} at ${a.at}s`;

    if (a.table === 'vnet') {
      const table = routing.subnetTable();
      if (a.lookup !== undefined) {
        const hit = table.lookup(a.lookup);
        if (a.json) io.out(JSON.stringify({ address: a.lookup, route: hit?.route ?? null, via: hit?.via ?? null }, null, 2));
        else {
          const note = !hit
            ? ''
            : hit.route.nextHopType === 'VirtualNetworkGateway'
              ? `(learned over ${hit.via ?? 'a gateway'})`
              : hit.route.nextHopType === 'None'
                ? '(next hop None: packets to on-premises are dropped: no route)'
                : `(next hop ${hit.route.nextHopType}: not towards on-premises)`;
          io.out(hit ? [`${header}: best VNet route for ${a.lookup}`, ...effectiveRows([hit.route]), note].join('\n') : `${header}: no VNet route for ${a.lookup} (packets are dropped: no route)`);
        }
        return EXIT_OK;
      }
      if (a.json) io.out(JSON.stringify(table.routes, null, 2));
      else io.out([`${header}: VNet effective routes (${table.routes.length} rows; product model: only the ER gateway plumbs learned routes in coexistence)`, ...effectiveRows(table.routes), ...table.notInstalled.map((n) => `not installed: ${n.prefix} (${n.via}): ${n.reason}`)].join('\n'));
      return EXIT_OK;
    }

    const node = routing.gateways.get(a.table);
    if (!node) throw new UsageError(`unknown table "${a.table}" (expected "vnet" or a gateway: ${[...routing.gateways.keys()].join(', ')})`);
    const speakers = (['IN_0', 'IN_1'] as const).map((n) => node.speakers[n]).filter((s) => s.up);
    if (a.lookup !== undefined) {
      const rows: GatewayRoute[] = [];
      for (const sp of speakers) {
        const trie = new PrefixTrie<BgpPath>();
        for (const p of sp.rib.bestPaths()) trie.set(p.prefix, p);
        const hit = trie.lookup(a.lookup);
        if (hit) rows.push(toGatewayRoute(hit.value, sp.address));
      }
      if (a.json) io.out(JSON.stringify({ address: a.lookup, routes: rows }, null, 2));
      else io.out(rows.length > 0 ? [`${header}: best route of ${a.table} for ${a.lookup} (per instance)`, ...learnedRows(rows)].join('\n') : `${header}: ${a.table} has no route for ${a.lookup}`);
      return EXIT_OK;
    }
    // Read from the lab's one snapshot: the rows Save Snapshot, the views and the ARM endpoint show.
    const gs = lab.snapshot().gateways.find((g) => g.gateway.name === a.table);
    const peers = gs?.bgpPeers ?? [];
    const learned = gs?.learnedRoutes ?? [];
    if (a.json) {
      io.out(JSON.stringify({ bgpPeers: peers, learnedRoutes: learned }, null, 2));
      return EXIT_OK;
    }
    const peerRows = pad([
      ['LOCAL', 'NEIGHBOR', 'ASN', 'STATE', 'CONNECTED', 'ROUTES', 'SENT', 'RECEIVED'],
      ...peers.map((p) => [p.localAddress, p.neighbor, String(p.asn), p.state, p.connectedDuration || '-', String(p.routesReceived), String(p.messagesSent), String(p.messagesReceived)]),
    ]);
    io.out([`${header}: ${a.table} BGP peers`, ...peerRows, '', `${a.table} learned routes (${learned.length})`, ...learnedRows(learned)].join('\n'));
    return EXIT_OK;
  },
};
