// Policy-based traffic selectors on a route-based gateway's connection: supported for connecting
// to policy-based devices, but only with a custom IPsec/IKE policy, and the device must then
// offer one selector per prefix pair (not any-to-any); with BGP the selectors do not follow
// learned routes.
import { DOCS } from '../docs';
import { findingId, type Finding } from '../finding';
import type { DiagnosticRule } from '../rule';

export const POLICY_BASED_SELECTORS = 'policy-based-selectors-on-route-based';

export const policyBasedSelectors: DiagnosticRule = {
  id: POLICY_BASED_SELECTORS,
  description: 'A route-based gateway\'s connection uses policy-based traffic selectors.',
  run(index) {
    const findings: Finding[] = [];
    for (const c of index.snapshot.connections) {
      if (c.usePolicyBasedTrafficSelectors !== true) continue;
      const gw = index.gateway(c.virtualNetworkGateway1.id)?.gateway;
      if (!gw || gw.gatewayType !== 'Vpn' || gw.vpnType === 'PolicyBased') continue;
      const noPolicy = (c.ipsecPolicies ?? []).length === 0;
      const resources = [c.id, gw.id];
      const selectors = (c.trafficSelectorPolicies ?? []).map((t) => [t.localAddressRanges.join(', '), t.remoteAddressRanges.join(', ')]);
      findings.push({
        id: findingId(POLICY_BASED_SELECTORS, resources),
        ruleId: POLICY_BASED_SELECTORS,
        severity: noPolicy ? 'error' : c.enableBgp ? 'warning' : 'info',
        resources,
        title: `Connection ${c.name} uses policy-based traffic selectors on route-based gateway ${gw.name}`,
        explanation: noPolicy
          ? 'Policy-based traffic selectors need a custom IPsec/IKE policy on the connection; without one the setting cannot take effect as configured.'
          : c.enableBgp
            ? 'The tunnel negotiates one selector per local/remote prefix pair, which does not follow BGP-learned routes: prefixes learned later are outside the selectors.'
            : 'The on-premises device must propose one selector per local/remote prefix pair (not any-to-any); a mismatch leaves the tunnel up for some prefixes only.',
        evidence: [
          { title: 'Connection', columns: ['usePolicyBasedTrafficSelectors', 'custom IPsec policy', 'BGP'], rows: [[true, noPolicy ? 'none' : 'set', c.enableBgp]] },
          ...(selectors.length > 0 ? [{ title: 'Traffic selector policies', columns: ['local ranges', 'remote ranges'], rows: selectors }] : []),
        ],
        actions: [{ label: 'Use policy-based selectors only for policy-based devices, with a custom IPsec/IKE policy; otherwise turn the option off.', url: DOCS.policyBased }],
      });
    }
    return findings;
  },
};
