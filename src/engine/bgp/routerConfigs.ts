// Ready-to-paste configurations for a real router playing an external site: FRR bgpd, BIRD 2
// and GoBGP, following the verified loopback recipe (REAL-PEERS.md): each speaker binds its own
// address, eBGP multihop on loopback, a non-loopback NEXT_HOP (the site's modelled BGP
// address), no FIB writes, short connect retries. Used by `gateway-lab serve`, the extension's
// "Peer a Real Router" command and the interop tests (which run exactly these configurations).
import type { BgpEndpoint, ExternalSiteInfo } from './externalEndpoints';

export interface RouterConfigInput {
  site: ExternalSiteInfo;
  /** The gateway instances the router peers with. */
  endpoints: readonly BgpEndpoint[];
  holdSeconds: number;
  keepaliveSeconds: number;
}

export interface RouterConfigOptions {
  /** Log file the daemon writes (default: stderr / FRR's default). */
  logFile?: string;
  /** BIRD: a file with one `route P blackhole;` line per prefix instead of inline routes. */
  birdRoutesFile?: string;
  /** Extra prefixes to announce on top of the site's (tests: the 4,001-prefix case). */
  extraPrefixes?: readonly string[];
  /** Override the ASN the router uses (tests: a reserved ASN). */
  asn?: number;
  /** Hold/keepalive the router proposes, when not the lab's. */
  holdSeconds?: number;
  keepaliveSeconds?: number;
}

/** A BIRD/FRR-safe identifier: "vpngw IN_0" -> "vpngw_in_0". */
function ident(text: string): string {
  return text.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '').toLowerCase() || 'peer';
}

function prefixesOf(input: RouterConfigInput, o: RouterConfigOptions): string[] {
  return [...input.site.prefixes, ...(o.extraPrefixes ?? [])];
}

function timers(input: RouterConfigInput, o: RouterConfigOptions): { hold: number; keepalive: number } {
  return { hold: o.holdSeconds ?? input.holdSeconds, keepalive: o.keepaliveSeconds ?? input.keepaliveSeconds };
}

export function frrConfig(input: RouterConfigInput, o: RouterConfigOptions = {}): string {
  const { site, endpoints } = input;
  const asn = o.asn ?? site.asn;
  const t = timers(input, o);
  const lines = [
    `! FRR bgpd for lab site "${site.site}" (AS ${asn}). Start without zebra, bound to ${site.address}:`,
    `!   /usr/lib/frr/bgpd -S -Z -f bgpd.conf -i bgpd.pid --vty_socket <dir> -P 0 -p ${site.port} -l ${site.address}`,
    'frr defaults traditional',
    '! lab peering: apply route-maps and send UPDATEs at once (FRR otherwise waits seconds)',
    'bgp route-map delay-timer 0',
    `hostname ${ident(site.site)}`,
    ...(o.logFile ? [`log file ${o.logFile} informational`] : []),
    `router bgp ${asn}`,
    ` bgp router-id ${site.address}`,
    ' bgp log-neighbor-changes',
    ' coalesce-time 0',
    ' no bgp ebgp-requires-policy',
    ' no bgp network import-check',
  ];
  for (const e of endpoints) {
    lines.push(
      ` neighbor ${e.address} remote-as ${e.asn}`,
      ` neighbor ${e.address} description ${ident(`${e.gateway} ${e.instance}`)}`,
      ` neighbor ${e.address} port ${e.port}`,
      ` neighbor ${e.address} update-source ${site.address}`,
      ` neighbor ${e.address} disable-connected-check`,
      ` neighbor ${e.address} timers ${t.keepalive} ${t.hold}`,
      ` neighbor ${e.address} timers connect 1`,
    );
  }
  lines.push(' address-family ipv4 unicast');
  for (const e of endpoints) lines.push(`  neighbor ${e.address} route-map NH out`);
  for (const p of prefixesOf(input, o)) lines.push(`  network ${p}`);
  lines.push(' exit-address-family', 'exit', 'route-map NH permit 10', ` set ip next-hop ${site.bgpPeeringAddress}`, 'exit', '');
  return lines.join('\n');
}

export function birdConfig(input: RouterConfigInput, o: RouterConfigOptions = {}): string {
  const { site, endpoints } = input;
  const asn = o.asn ?? site.asn;
  const t = timers(input, o);
  const lines = [
    `# BIRD 2 for lab site "${site.site}" (AS ${asn}): bird -f -c bird.conf -s bird.ctl`,
    o.logFile ? `log "${o.logFile}" all;` : 'log stderr all;',
    `router id ${site.address};`,
    'protocol device { }',
    'protocol static onprem {',
    '  ipv4;',
  ];
  if (o.birdRoutesFile) lines.push(`include "${o.birdRoutesFile}";`);
  else for (const p of prefixesOf(input, o)) lines.push(`  route ${p} blackhole;`);
  lines.push('}');
  for (const e of endpoints) {
    lines.push(
      `protocol bgp ${ident(`${e.gateway} ${e.instance}`)} {`,
      `  local ${site.address} port ${site.port} as ${asn};`,
      `  neighbor ${e.address} port ${e.port} as ${e.asn};`,
      '  strict bind yes;',
      '  multihop 2;',
      `  hold time ${t.hold}; keepalive time ${t.keepalive};`,
      '  connect retry time 1; connect delay time 1;',
      '  error wait time 1, 5;',
      '  ipv4 {',
      '    import all;',
      '    export where source = RTS_STATIC;',
      `    next hop address ${site.bgpPeeringAddress};`,
      '  };',
      '}',
    );
  }
  return lines.join('\n') + '\n';
}

export function gobgpConfig(input: RouterConfigInput, o: RouterConfigOptions = {}): string {
  const { site, endpoints } = input;
  const asn = o.asn ?? site.asn;
  const t = timers(input, o);
  const lines = [
    `# GoBGP for lab site "${site.site}" (AS ${asn}): gobgpd -f gobgpd.toml --api-hosts 127.0.0.1:50071 --pprof-disable`,
    '# GoBGP waits 5-10 s before dialling: set "dial": true on the site so the lab dials it (passive-mode below).',
    '# Announce the prefixes with: gobgp -p 50071 global rib add -a ipv4 <prefix> nexthop ' + site.bgpPeeringAddress,
    '[global.config]',
    `  as = ${asn}`,
    `  router-id = "${site.address}"`,
    `  port = ${site.port}`,
    `  local-address-list = ["${site.address}"]`,
    '[global.apply-policy.config]',
    '  export-policy-list = ["nh-modelled"]',
    '  default-export-policy = "accept-route"',
    '[[policy-definitions]]',
    '  name = "nh-modelled"',
    '  [[policy-definitions.statements]]',
    '    name = "set-nh"',
    '    [policy-definitions.statements.actions]',
    '      route-disposition = "accept-route"',
    '    [policy-definitions.statements.actions.bgp-actions]',
    `      set-next-hop = "${site.bgpPeeringAddress}"`,
  ];
  for (const e of endpoints) {
    lines.push(
      '[[neighbors]]',
      '  [neighbors.config]',
      `    neighbor-address = "${e.address}"`,
      `    peer-as = ${e.asn}`,
      '  [neighbors.transport.config]',
      `    local-address = "${site.address}"`,
      `    remote-port = ${e.port}`,
      '    passive-mode = true',
      '  [neighbors.timers.config]',
      '    connect-retry = 1',
      `    hold-time = ${t.hold}`,
      `    keepalive-interval = ${t.keepalive}`,
      '    idle-hold-time-after-reset = 1',
      '  [neighbors.ebgp-multihop.config]',
      '    enabled = true',
      '    multihop-ttl = 2',
      '  [[neighbors.afi-safis]]',
      '    [neighbors.afi-safis.config]',
      '      afi-safi-name = "ipv4-unicast"',
    );
  }
  return lines.join('\n') + '\n';
}

/** The three configurations for every external site, as `gateway-lab serve` prints them. */
export function routerConfigsText(inputs: readonly RouterConfigInput[]): string {
  const out: string[] = [];
  for (const input of inputs) {
    const s = input.site;
    out.push(`==== site "${s.site}": real router at ${s.address}:${s.port}, AS ${s.asn}, next hop ${s.bgpPeeringAddress}`);
    out.push(`---- FRR (bgpd.conf)\n${frrConfig(input)}`);
    out.push(`---- BIRD 2 (bird.conf)\n${birdConfig(input)}`);
    out.push(`---- GoBGP (gobgpd.toml)\n${gobgpConfig(input)}`);
  }
  return out.join('\n');
}
