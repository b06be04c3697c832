// ASNs that cannot work: Azure/IANA-reserved ASNs on a site or gateway, and a site using the
// same ASN as the gateway it connects to (eBGP needs distinct ASNs).
import { DOCS } from '../docs';
import { findingId, type RuleFinding } from '../finding';
import { causeKey } from '../rootCause';
import type { DiagnosticRule } from '../rule';
import { resourceName } from '../../model/armShapes';

export const RESERVED_ASN = 'reserved-asn';
export const ASN_CONFLICT = 'asn-conflict';

/** Azure-reserved and IANA-reserved ASNs, from the VPN gateway FAQ (BGP). */
export function reservedAsnReason(asn: number): string | undefined {
  if ([8074, 8075, 12076].includes(asn)) return 'reserved by Azure (Microsoft public ASNs)';
  if (asn === 65515 || (asn >= 65517 && asn <= 65520)) return 'reserved by Azure';
  if (asn === 23456) return 'reserved by IANA (AS_TRANS)';
  if (asn >= 64496 && asn <= 64511) return 'reserved by IANA (documentation)';
  if (asn >= 65535 && asn <= 65551) return 'reserved by IANA';
  return undefined;
}

export const asnProblems: DiagnosticRule = {
  id: RESERVED_ASN,
  description: 'A site or gateway uses an Azure/IANA-reserved ASN, or a site uses the ASN of the gateway it connects to.',
  run(index) {
    const findings: RuleFinding[] = [];
    for (const site of index.snapshot.localNetworkGateways) {
      const asn = site.bgpSettings?.asn;
      if (asn === undefined) continue;
      const reason = reservedAsnReason(asn);
      if (reason) {
        findings.push({
          id: findingId(RESERVED_ASN, [site.id]),
          ruleId: RESERVED_ASN,
          severity: 'error',
          resources: [site.id],
          title: `Site ${site.name} uses ASN ${asn}, ${reason}`,
          explanation: `ASN ${asn} is ${reason}; a local network gateway may not use it, so BGP with this site fails or misbehaves.`,
          evidence: [{ title: 'Site ASN', columns: ['local network gateway', 'bgpSettings.asn', 'reserved because'], rows: [[site.name, asn, reason]] }],
          actions: [{ label: 'Give the on-premises device a private ASN that is not reserved, and update the local network gateway.', url: DOCS.vpnFaqBgp }],
          // The gateways refuse the site's OPEN: its BGP sessions stay down because of this.
          explains: [causeKey.site(site.id)],
        });
      }
    }
    for (const g of index.snapshot.gateways) {
      const asn = g.gateway.bgpSettings?.asn;
      if (asn === undefined || !g.gateway.enableBgp) continue;
      const reason = asn === 65515 ? undefined : reservedAsnReason(asn);
      if (reason) {
        findings.push({
          id: findingId(RESERVED_ASN, [g.gateway.id]),
          ruleId: RESERVED_ASN,
          severity: 'error',
          resources: [g.gateway.id],
          title: `Gateway ${g.gateway.name} uses ASN ${asn}, ${reason}`,
          explanation: `ASN ${asn} is ${reason} and cannot be used as a gateway ASN (65515, the default, is the exception).`,
          evidence: [{ title: 'Gateway ASN', columns: ['gateway', 'bgpSettings.asn', 'reserved because'], rows: [[g.gateway.name, asn, reason]] }],
          actions: [{ label: 'Choose a non-reserved private ASN for the gateway.', url: DOCS.vpnFaqBgp }],
          explains: [causeKey.gatewayBgp(g.gateway.id)],
        });
      }
    }
    for (const c of index.snapshot.connections) {
      if (c.connectionType !== 'IPsec' || !c.enableBgp || !c.localNetworkGateway2) continue;
      const gw = index.gateway(c.virtualNetworkGateway1.id)?.gateway;
      const site = index.localNetworkGateway(c.localNetworkGateway2.id);
      const gwAsn = gw?.bgpSettings?.asn;
      const siteAsn = site?.bgpSettings?.asn;
      if (!gw || !site || gwAsn === undefined || siteAsn === undefined || gwAsn !== siteAsn) continue;
      const resources = [site.id, gw.id, c.id];
      findings.push({
        id: findingId(ASN_CONFLICT, resources),
        ruleId: ASN_CONFLICT,
        severity: 'error',
        resources,
        title: `Site ${site.name} and gateway ${gw.name} both use ASN ${siteAsn}`,
        explanation: `Connection ${resourceName(c.id)} runs eBGP between the two, which needs different ASNs; with the same ASN each side discards the other's routes as a loop.`,
        evidence: [{ title: 'ASNs on both ends', columns: ['connection', 'gateway', 'gateway asn', 'site', 'site asn'], rows: [[resourceName(c.id), gw.name, gwAsn, site.name, siteAsn]] }],
        actions: [{ label: 'Use different ASNs for the on-premises network and the Azure gateway.', url: DOCS.vpnFaqBgp }],
        explains: [causeKey.site(site.id)],
      });
    }
    return findings;
  },
};
