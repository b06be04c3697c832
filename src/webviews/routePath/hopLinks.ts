// Where each hop of a route path has its table row: a gateway's learned or advertised routes (and
// BGP peers) open in the BGP table panel on that tab with the row filtered and selected; a NIC's
// effective routes and a circuit's primary/secondary route tables (no panel shows them) open as a
// document holding the whole table with the hop's rows marked; hops with no table say so.
import type { EffectiveRoute } from '../../model/arm';
import type { CircuitRoute } from '../../model/armNetwork';
import type { NetworkSnapshot } from '../../model/snapshot';
import { idKey } from '../../model/armShapes';
import type { BgpTab } from '../protocol/bgpTableColumns';
import type { HopLinkView, RoutePathHop, RoutePathResult } from '../protocol/routePathProtocol';

export type HopLink =
  | { kind: 'bgpTable'; label: string; sourceId: string; gatewayId: string; tab: BgpTab; peer: string; filter: string; lookup: string }
  | { kind: 'document'; label: string; markdown: string }
  | { kind: 'none'; reason: string };

export function linkView(link: HopLink): HopLinkView {
  return link.kind === 'none' ? { kind: 'none', reason: link.reason } : { kind: 'table', label: link.label };
}

function md(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!|<>]/g, (c) => `\\${c}`);
}

function nameOf(id: string): string {
  return id.split('/').pop() ?? id;
}

function markdownTable(columns: string[], rows: { cells: string[]; marked: boolean }[]): string[] {
  return [`| | ${columns.map(md).join(' | ')} |`, `| --- | ${columns.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.marked ? '▶' : ''} | ${r.cells.map((c) => md(c || '-')).join(' | ')} |`)];
}

function effectiveDocument(snapshot: NetworkSnapshot, resourceId: string, hop: RoutePathHop): string | undefined {
  const nic = (snapshot.networkInterfaces ?? []).find((n) => idKey(n.nic.id) === idKey(resourceId));
  const rows: EffectiveRoute[] | undefined = nic ? nic.effectiveRoutes : snapshot.effectiveRoutes?.[resourceId];
  if (!rows) return undefined;
  const marked = new Set((hop.evidence.find((e) => e.table === 'effectiveRoutes')?.rows ?? []).map((r) => `${r[0]}|${r[2]}|${r[3]}`));
  return [
    `# Effective routes of ${md(nic ? `NIC ${nic.nic.name}` : `VNet ${nameOf(resourceId)}`)}`,
    '',
    `${rows.length} routes; ▶ marks the rows of the prefix that decided this hop (${md(hop.rule ?? hop.summary)}).`,
    '',
    ...markdownTable(['source', 'state', 'prefix', 'next hop type', 'next hop', 'name'], rows.map((r) => ({ cells: [r.source, r.state, r.addressPrefix.join(', '), r.nextHopType, r.nextHopIpAddress.join(', '), r.name ?? ''], marked: marked.has(`${r.source}|${r.addressPrefix.join(',')}|${r.nextHopType}`) }))),
    '',
    `<sub>${md(resourceId)}</sub>`,
  ].join('\n');
}

function circuitDocument(snapshot: NetworkSnapshot, circuitId: string, hop: RoutePathHop): string | undefined {
  const c = (snapshot.expressRouteCircuits ?? []).find((x) => idKey(x.circuit.id) === idKey(circuitId));
  if (!c) return undefined;
  const marked = new Set(hop.evidence.filter((e) => e.table === 'circuitRoutes').flatMap((e) => e.rows.map((r) => `${e.qualifier ?? ''}|${r[0]}|${r[1]}|${r[2]}`)));
  const lines = [`# Route tables of circuit ${md(c.circuit.name)}`, '', '▶ marks the rows this hop relies on.', ''];
  for (const p of c.peerings) {
    for (const path of ['primary', 'secondary'] as const) {
      const routes: CircuitRoute[] | undefined = p[path].routes;
      lines.push(`## ${md(p.peering.name)}, ${path} path`, '');
      if (routes === undefined) lines.push('*not read*', '');
      else lines.push(...markdownTable(['network', 'next hop', 'LocPrf', 'weight', 'path'], routes.map((r) => ({ cells: [r.network, r.nextHop, r.locPrf, String(r.weight), r.path], marked: marked.has(`${path}|${r.network}|${r.nextHop}|${r.path}`) }))), '');
    }
  }
  lines.push(`<sub>${md(circuitId)}</sub>`);
  return lines.join('\n');
}

function securityDocument(snapshot: NetworkSnapshot, nicId: string, hop: RoutePathHop): string | undefined {
  const nic = (snapshot.networkInterfaces ?? []).find((n) => idKey(n.nic.id) === idKey(nicId));
  const groups = nic?.effectiveNetworkSecurityGroups;
  if (!nic || !groups) return undefined;
  const marked = new Set((hop.evidence.find((e) => e.table === 'effectiveSecurityRules')?.rows ?? []).map((r) => `${r[0]}|${r[1]}`));
  const lines = [`# Effective security rules of NIC ${md(nic.nic.name)}`, '', `▶ marks the rule that decided this hop (${md(hop.rule ?? hop.summary)}).`, ''];
  if (groups.length === 0) lines.push('*no network security group is associated with the NIC or its subnet*', '');
  for (const g of groups) {
    const name = g.networkSecurityGroup ? nameOf(g.networkSecurityGroup.id) : '-';
    lines.push(`## ${md(name)} (${g.association?.networkInterface ? 'NIC' : 'subnet'})`, '');
    const rules = [...g.effectiveSecurityRules].sort((a, b) => a.direction.localeCompare(b.direction) || a.priority - b.priority);
    lines.push(...markdownTable(['direction', 'priority', 'name', 'access', 'protocol', 'source', 'destination'], rules.map((r) => ({ cells: [r.direction, String(r.priority), r.name, r.access, r.protocol, r.sourceAddressPrefix, r.destinationAddressPrefix], marked: marked.has(`${name}|${r.name}`) }))), '');
  }
  lines.push(`<sub>${md(nicId)}</sub>`);
  return lines.join('\n');
}

/** The hop's table row, for a path traced on `snapshot` of `sourceId`. */
export function hopLink(hop: RoutePathHop, result: RoutePathResult, snapshot: NetworkSnapshot, sourceId: string, isReturn: boolean): HopLink {
  const evidence = (table: string) => hop.evidence.find((e) => e.table === table);
  const bgp = (tab: BgpTab, gatewayId: string, rows: string[][] | undefined, networkColumn: number, peer = '', address = result.to): HopLink => {
    const network = rows?.[0]?.[networkColumn];
    const what = tab === 'learned' ? 'learned routes' : tab === 'advertised' ? `routes advertised to ${peer}` : 'BGP peers';
    return {
      kind: 'bgpTable',
      label: `${what} of ${nameOf(gatewayId)}${network ? `, row ${network}` : tab === 'peers' ? '' : `, lookup ${address}`}`,
      sourceId,
      gatewayId,
      tab,
      peer,
      // A row that exists is filtered to and selected; a missing one shows the table's own "no route serves" lookup.
      filter: network ?? '',
      lookup: network || tab === 'peers' ? '' : address,
    };
  };
  switch (hop.kind) {
    case 'learnedRoute':
    case 'plumbing': {
      const e = evidence('learnedRoutes');
      return bgp('learned', e?.resourceId ?? hop.id, e?.rows, 1);
    }
    case 'advertisedRoute': {
      const e = evidence('advertisedRoutes');
      return e ? bgp('advertised', e.resourceId, e.rows, 1, e.qualifier ?? '', result.from) : { kind: 'none', reason: isReturn && hop.status === 'unknown' ? 'the advertised routes were not read (or the site is static): no table to open' : 'no advertised-routes table for this hop' };
    }
    case 'gateway':
      return bgp('peers', hop.id, undefined, 0);
    case 'effectiveRoute': {
      const e = evidence('effectiveRoutes');
      const doc = e ? effectiveDocument(snapshot, e.resourceId, hop) : undefined;
      return doc ? { kind: 'document', label: `effective routes of ${hop.name}`, markdown: doc } : { kind: 'none', reason: 'the effective routes were not read: no table to open' };
    }
    case 'nsg': {
      const doc = securityDocument(snapshot, hop.id, hop);
      return doc ? { kind: 'document', label: `effective security rules of ${nameOf(hop.id)}`, markdown: doc } : { kind: 'none', reason: 'the effective NSGs were not read: no table to open' };
    }
    case 'circuit':
    case 'circuitReturn': {
      const doc = circuitDocument(snapshot, hop.id, hop);
      return doc ? { kind: 'document', label: `route tables of circuit ${hop.name}`, markdown: doc } : { kind: 'none', reason: `circuit ${hop.name} was not read: no route table to open` };
    }
    case 'connection':
      return { kind: 'none', reason: 'a connection has no route table; its tunnels are the evidence here (the Connections view shows them live)' };
    case 'site':
      return { kind: 'none', reason: 'Azure holds no route table for a site; its local network gateway prefixes are the evidence here' };
    case 'source':
      return { kind: 'none', reason: 'the source address has no table row' };
    case 'vnet':
      return { kind: 'none', reason: "the VNet's address space is a system route; see the effective routes hop" };
  }
}

export function hopLinks(result: RoutePathResult, snapshot: NetworkSnapshot, sourceId: string): { hops: HopLink[]; returnHops: HopLink[] } {
  return {
    hops: result.hops.map((h) => hopLink(h, result, snapshot, sourceId, false)),
    returnHops: result.returnHops.map((h) => hopLink(h, result, snapshot, sourceId, true)),
  };
}
