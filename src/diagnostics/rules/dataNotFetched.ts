// Says which gateway data was not fetched, so "no finding" is not mistaken for "checked and fine".
import { DOCS } from '../docs';
import { unknownDataTable } from '../evidence';
import { findingId, type Finding } from '../finding';
import type { DiagnosticRule } from '../rule';

export const DATA_NOT_FETCHED = 'data-not-fetched';

export const dataNotFetched: DiagnosticRule = {
  id: DATA_NOT_FETCHED,
  description: 'BGP peers or learned routes of a gateway were not fetched; rules needing them could not check it.',
  run(index) {
    const findings: Finding[] = [];
    for (const g of index.snapshot.gateways) {
      if (!g.gateway.enableBgp && g.gateway.gatewayType === 'Vpn') continue;
      const missing: { resource: string; field: string }[] = [];
      if (!g.bgpPeers) missing.push({ resource: g.gateway.id, field: 'bgpPeers' });
      if (!g.learnedRoutes) missing.push({ resource: g.gateway.id, field: 'learnedRoutes' });
      if (missing.length === 0) continue;
      findings.push({
        id: findingId(DATA_NOT_FETCHED, [g.gateway.id]),
        ruleId: DATA_NOT_FETCHED,
        severity: 'info',
        resources: [g.gateway.id],
        title: `${g.gateway.name}: ${missing.map((m) => m.field).join(' and ')} not fetched, BGP rules not checked`,
        explanation: 'These fields are unknown in this snapshot (not empty), so BGP session, prefix limit and coexistence checks were skipped for this gateway.',
        evidence: [unknownDataTable(missing)],
        actions: [{ label: 'Fetch BGP peer status and learned routes for the gateway, then diagnose again.', url: DOCS.bgpDiagnostics }],
      });
    }
    return findings;
  },
};
