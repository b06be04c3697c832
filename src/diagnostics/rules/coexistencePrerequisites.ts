// Coexistence prerequisites from the coexisting-gateways doc: route-based VPN, no Basic SKU,
// GatewaySubnet /27 or larger. Checked only in VNets holding both gateway types.
import { DOCS } from '../docs';
import { findingId, type Finding } from '../finding';
import { tryParsePrefix } from '../../model/prefix';
import type { DiagnosticRule } from '../rule';

export const COEXISTENCE_PREREQUISITES = 'coexistence-prerequisites';

export const coexistencePrerequisites: DiagnosticRule = {
  id: COEXISTENCE_PREREQUISITES,
  description: 'In a VNet with ER and VPN gateways: GatewaySubnet smaller than /27, Basic SKU, policy-based VPN.',
  run(index) {
    const findings: Finding[] = [];
    for (const vnet of index.vnets()) {
      const gws = index.gatewaysInVnet(vnet.id);
      const vpns = gws.filter((g) => g.gateway.gatewayType === 'Vpn');
      if (vpns.length === 0 || !gws.some((g) => g.gateway.gatewayType === 'ExpressRoute')) continue;
      const subnet = index.gatewaySubnet(vnet);
      const sp = subnet ? tryParsePrefix(subnet.addressPrefix, { maskHostBits: true }) : undefined;
      if (subnet && sp && sp.family === 4 && sp.length > 27) {
        const resources = [vnet.id];
        findings.push({
          id: findingId(COEXISTENCE_PREREQUISITES, resources, 'gateway-subnet'),
          ruleId: COEXISTENCE_PREREQUISITES,
          severity: 'error',
          resources,
          title: `GatewaySubnet of ${vnet.name} is /${sp.length}; coexistence needs /27 or larger`,
          explanation: 'ExpressRoute and VPN gateways in the same VNet share GatewaySubnet, which must be /27 or larger.',
          evidence: [{ title: 'GatewaySubnet', columns: ['vnet', 'subnet', 'addressPrefix', 'required'], rows: [[vnet.name, subnet.name, subnet.addressPrefix, '/27 or larger']] }],
          actions: [{ label: 'Enlarge GatewaySubnet (delete and recreate the gateways if needed).', url: DOCS.coexistence }],
        });
      }
      for (const v of vpns) {
        const gw = v.gateway;
        const problems: (string | number)[][] = [];
        if (gw.sku.name.toLowerCase() === 'basic') problems.push([gw.name, 'sku.name', gw.sku.name, 'not Basic']);
        if (gw.vpnType === 'PolicyBased') problems.push([gw.name, 'vpnType', gw.vpnType, 'RouteBased']);
        if (problems.length === 0) continue;
        const resources = [gw.id, vnet.id];
        findings.push({
          id: findingId(COEXISTENCE_PREREQUISITES, resources),
          ruleId: COEXISTENCE_PREREQUISITES,
          severity: 'error',
          resources,
          title: `VPN gateway ${gw.name} cannot coexist with ExpressRoute: ${problems.map((p) => `${p[1]} ${p[2]}`).join(', ')}`,
          explanation: 'A VPN gateway coexisting with an ExpressRoute gateway must be route-based and must not use the Basic SKU.',
          evidence: [{ title: 'Gateway settings', columns: ['gateway', 'setting', 'value', 'required'], rows: problems }],
          actions: [
            { label: 'Recreate the VPN gateway as route-based with a supported SKU.', url: DOCS.coexistence },
            { label: 'Gateway SKUs', url: DOCS.gatewaySkus },
          ],
        });
      }
    }
    return findings;
  },
};
