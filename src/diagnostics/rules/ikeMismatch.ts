// IKE/IPsec mismatch: a custom policy Azure refuses (from the connection's ARM settings, lab or
// Azure), and, where the snapshot carries the lab's negotiation with the site's device, the IKE
// errors that keep the tunnel down and the rekeys that drop it (src/engine/ike).
import { azureSideFromSnapshot } from '../../engine/ike/connectionIke';
import { DOCS } from '../docs';
import { connectionTable } from '../evidence';
import { findingId, type Finding } from '../finding';
import type { DiagnosticRule } from '../rule';
import { resourceName } from '../../model/armShapes';

export const IKE_MISMATCH = 'ike-ipsec-mismatch';
export const IKE_POLICY_INVALID = 'ike-policy-invalid';
export const IKE_REKEY_DROPS = 'ike-rekey-drops';

export const ikeMismatch: DiagnosticRule = {
  id: IKE_MISMATCH,
  description: 'IKE/IPsec: a custom policy Azure refuses, proposals the on-premises device does not share, or rekeys that drop the tunnel.',
  run(index) {
    const findings: Finding[] = [];
    const snap = index.snapshot;
    for (const c of snap.connections) {
      if (c.connectionType !== 'IPsec') continue;
      const name = resourceName(c.id);
      const resources = [c.id, c.virtualNetworkGateway1.id, ...(c.localNetworkGateway2 ? [c.localNetworkGateway2.id] : [])];
      const problems = azureSideFromSnapshot(snap, c.name).problems.filter((p) => p.severity === 'error');
      if (problems.length > 0) {
        findings.push({
          id: findingId(IKE_POLICY_INVALID, resources),
          ruleId: IKE_POLICY_INVALID,
          severity: 'error',
          resources,
          title: `Connection ${name}: the IPsec/IKE policy is not one Azure accepts`,
          explanation: problems.map((p) => `${p.title} (${p.detail})`).join('; '),
          evidence: [{ title: 'ipsecPolicies', columns: ['ikeEncryption', 'ikeIntegrity', 'dhGroup', 'ipsecEncryption', 'ipsecIntegrity', 'pfsGroup', 'saLifeTimeSeconds'], rows: (c.ipsecPolicies ?? []).map((p) => [p.ikeEncryption, p.ikeIntegrity, p.dhGroup, p.ipsecEncryption, p.ipsecIntegrity, p.pfsGroup, p.saLifeTimeSeconds]) }],
          actions: [{ label: 'Pick a supported combination (GCMAES needs the same GCMAES for IPsec integrity; custom policies need a VpnGw SKU).', url: DOCS.ipsecIkePolicy }],
        });
      }
      const ike = snap.lab?.ike?.find((x) => x.connectionId.toLowerCase() === c.id.toLowerCase());
      if (!ike) continue;
      const table = { title: 'IKE/IPsec check of the site\'s device', columns: ['severity', 'finding', 'detail', 'fix'], rows: ike.findings.map((f) => [f.severity, f.title, f.detail, f.fix]) };
      if (ike.errors.length > 0) {
        findings.push({
          id: findingId(IKE_MISMATCH, resources),
          ruleId: IKE_MISMATCH,
          severity: 'error',
          resources,
          title: `Connection ${name}: IKE negotiation fails (${ike.errors[0]!.split(':')[0]})`,
          explanation: `The Azure side and the on-premises device cannot agree, so ${name} stays down: ${ike.errors.join('; ')}.`,
          evidence: [connectionTable('Connection status', [c]), { title: 'IKE errors', columns: ['error'], rows: ike.errors.map((e) => [e]) }, ...(table.rows.length ? [table] : [])],
          actions: [
            { label: 'Make the device offer one of the proposals Azure uses, or set a custom IPsec/IKE policy on the connection that matches the device.', url: DOCS.vpnDevicesIpsec },
            { label: 'Check the shared key on both sides.', url: DOCS.s2sCannotConnect },
          ],
        });
      } else if (ike.outagesPer24h > 0) {
        findings.push({
          id: findingId(IKE_REKEY_DROPS, resources),
          ruleId: IKE_REKEY_DROPS,
          severity: 'warning',
          resources,
          title: `Connection ${name}: the tunnel drops about ${ike.outagesPer24h} time(s) a day at rekeys`,
          explanation: 'The tunnel comes up, but lifetimes or rekey settings on the two sides disagree, so some rekeys tear it down (IKE SA lifetime fixed at 28,800 s on Azure; PFS groups only meet at the first CHILD SA rekey in IKEv2).',
          evidence: [table],
          actions: [{ label: 'Set the device IKE SA lifetime to 28,800 s or less, match the PFS group, and prefer rekeying over reauthentication.', url: DOCS.s2sDisconnects }],
          modelNote: 'When a lifetime mismatch drops the tunnel is Gateway Lens\'s model of field reports; Azure documents the lifetimes, not the drop.',
        });
      }
    }
    return findings;
  },
};
