// A local network gateway with BGP whose peer address is not in its address space: Azure's BGP
// setup documents the /32 of the BGP peer IP as the minimum prefix of the local network gateway
// (APIPA peers, 169.254.21.0-169.254.22.255, are exempt).
import { DOCS } from '../docs';
import { findingId, type Finding } from '../finding';
import { tryParsePrefix } from '../../model/prefix';
import type { DiagnosticRule } from '../rule';

export const LNG_BGP_PEER_NOT_COVERED = 'lng-bgp-peer-not-covered';

function ipv4(text: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text.trim());
  if (!m) return undefined;
  const o = m.slice(1).map(Number);
  return o.some((x) => x > 255) ? undefined : ((o[0]! << 24) | (o[1]! << 16) | (o[2]! << 8) | o[3]!) >>> 0;
}

export const lngBgpPeerNotCovered: DiagnosticRule = {
  id: LNG_BGP_PEER_NOT_COVERED,
  description: "A local network gateway's BGP peer address is not covered by its address space (the documented /32).",
  run(index) {
    const findings: Finding[] = [];
    for (const site of index.snapshot.localNetworkGateways) {
      const peer = site.bgpSettings?.bgpPeeringAddress.trim();
      if (!peer) continue;
      const addr = ipv4(peer);
      if (addr === undefined) continue;
      if (addr >= ipv4('169.254.21.0')! && addr <= ipv4('169.254.22.255')!) continue; // APIPA: not needed
      const covered = site.localNetworkAddressSpace.addressPrefixes.some((text) => {
        const p = tryParsePrefix(text, { maskHostBits: true });
        if (!p || p.family !== 4) return false;
        const mask = p.length === 0 ? 0 : (~0 << (32 - p.length)) >>> 0;
        return ((addr & mask) >>> 0) === ((p.words[0]! & mask) >>> 0);
      });
      if (covered) continue;
      const resources = [site.id];
      findings.push({
        id: findingId(LNG_BGP_PEER_NOT_COVERED, resources),
        ruleId: LNG_BGP_PEER_NOT_COVERED,
        severity: 'warning',
        resources,
        title: `Site ${site.name}: BGP peer ${peer} is not in its address space`,
        explanation:
          `Azure documents the host address of the BGP peer (${peer}/32) as the minimum prefix of the local network gateway: the gateway reaches the peer over the tunnel only through it. Without it the BGP session can stay Connecting while the tunnel is Connected.`,
        evidence: [{ title: 'Local network gateway', columns: ['BGP peer', 'ASN', 'address prefixes'], rows: [[peer, site.bgpSettings?.asn ?? '', site.localNetworkAddressSpace.addressPrefixes.join(', ') || '(none)']] }],
        actions: [{ label: `Add ${peer}/32 to the local network gateway's address prefixes.`, url: DOCS.vpnBgpOverview }],
      });
    }
    return findings;
  },
};
