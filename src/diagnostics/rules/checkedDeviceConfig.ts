// The on-premises device configuration last checked against a connection (Check On-Premises VPN
// Config), re-checked on every diagnosis against the connection's policy as the snapshot has it
// now: a fix on either side (the device's config checked again, or the connection's ipsecPolicies)
// clears the finding. Works the same on lab and Azure snapshots and on saved snapshot files.
import { checkDeviceText, type DeviceCheck } from '../../engine/ike/connectionIke';
import { DeviceConfigError } from '../../engine/ike/devicePolicy';
import { idKey, resourceName } from '../../model/armShapes';
import type { CheckedDeviceConfig } from '../../model/snapshot';
import { DOCS } from '../docs';
import { findingId, type EvidenceTable, type Finding } from '../finding';
import type { DiagnosticRule } from '../rule';

export const IKE_DEVICE_CONFIG_MISMATCH = 'ike-device-config-mismatch';

function lineCell(lines: readonly string[], line: number): string {
  return `${line}: ${lines[line - 1]?.trim() ?? ''}`;
}

function evidence(checked: CheckedDeviceConfig, check: DeviceCheck): EvidenceTable[] {
  const { result } = check;
  const shown = result.findings.filter((f) => f.severity !== 'info');
  const tables: EvidenceTable[] = [
    {
      title: `Checked configuration (${checked.origin}, ${check.config.dialect} "${result.device.name}", checked ${checked.checkedAt})`,
      columns: ['initiator', 'IKE SA', 'CHILD SA', 'established'],
      rows: result.directions
        .filter((d) => d.applicable)
        .map((d) => [d.initiator, d.ikeSa.established ? (d.ikeSa.chosen ?? '') : `fails: ${d.ikeSa.reason ?? ''}`, d.ikeSa.established ? (d.childSa.established ? (d.childSa.chosen ?? '') : `fails: ${d.childSa.reason ?? ''}`) : '', d.established]),
    },
    {
      title: 'Findings with the device lines to change (keys masked)',
      columns: ['severity', 'finding', 'device lines', 'fix on the device', 'fix on Azure'],
      rows: shown.map((f) => [f.severity, f.detail ? `${f.title}: ${f.detail}` : f.title, f.lines.map((l) => lineCell(checked.maskedLines, l)).join('\n') || '(default, not written)', f.fix.device ?? '', f.fix.azure ?? '']),
    },
  ];
  // Evidence holds only tables with rows (a connection mode may leave no direction to show).
  return tables.filter((t) => t.rows.length > 0);
}

export const checkedDeviceConfig: DiagnosticRule = {
  id: IKE_DEVICE_CONFIG_MISMATCH,
  description: 'IKE/IPsec: the on-premises configuration last checked against a connection, re-checked against its current policy (proposals, lifetimes, selectors).',
  run(index) {
    const snap = index.snapshot;
    const findings: Finding[] = [];
    for (const checked of snap.checkedDeviceConfigs ?? []) {
      const c = snap.connections.find((x) => idKey(x.id) === idKey(checked.connectionId));
      if (!c || c.connectionType !== 'IPsec') continue;
      const name = resourceName(c.id);
      const resources = [c.id, c.virtualNetworkGateway1.id, ...(c.localNetworkGateway2 ? [c.localNetworkGateway2.id] : [])];
      let check: DeviceCheck;
      try {
        check = checkDeviceText(snap, c.name, checked.maskedLines.join('\n'));
      } catch (e) {
        // Only a hand-edited snapshot gets here (the panel keeps configurations that parsed).
        if (!(e instanceof DeviceConfigError)) throw e;
        findings.push({
          id: findingId(IKE_DEVICE_CONFIG_MISMATCH, resources),
          ruleId: IKE_DEVICE_CONFIG_MISMATCH,
          severity: 'warning',
          resources,
          title: `Connection ${name}: the checked on-premises configuration cannot be read`,
          explanation: `The configuration checked against ${name} (${checked.origin}) cannot be read any more: ${e.message}.`,
          evidence: [{ title: 'Checked configuration', columns: ['origin', 'checked', 'lines', 'problem'], rows: [[checked.origin, checked.checkedAt, checked.maskedLines.length, e.message]] }],
          actions: [{ label: 'Check the device configuration again (Check On-Premises VPN Config…), or forget it.', url: DOCS.vpnDevicesIpsec }],
        });
        continue;
      }
      const { result } = check;
      const failed = result.directions.filter((d) => d.applicable && !d.established);
      const warnings = result.findings.filter((f) => f.severity === 'warning');
      if (failed.length === 0 && result.outagesPer24h === 0 && warnings.length === 0) continue;
      const reason = failed.map((d) => d.ikeSa.reason ?? d.childSa.reason).find((r) => r);
      const title = failed.length > 0
        ? `Connection ${name}: the checked on-premises configuration does not negotiate (${reason?.split(':')[0] ?? 'no SA'})`
        : result.outagesPer24h > 0
          ? `Connection ${name}: the checked on-premises configuration drops the tunnel about ${result.outagesPer24h} time(s) a day at rekeys`
          : `Connection ${name}: the checked on-premises configuration has ${warnings.length} IKE/IPsec warning(s)`;
      findings.push({
        id: findingId(IKE_DEVICE_CONFIG_MISMATCH, resources),
        ruleId: IKE_DEVICE_CONFIG_MISMATCH,
        severity: failed.length > 0 ? 'error' : 'warning',
        resources,
        title,
        explanation: failed.length > 0
          ? `Against ${name}'s current IKE/IPsec policy, ${failed.map((d) => `${d.initiator === 'Azure' ? 'Azure initiating' : 'the device initiating'}: ${d.ikeSa.reason ?? d.childSa.reason ?? ''}`).join('; ')}. The device lines to change are in the evidence.`
          : `The tunnel comes up with the checked configuration, but ${warnings.map((w) => w.title).join('; ') || 'its rekeys tear it down'}.`,
        evidence: evidence(checked, check),
        actions: [
          { label: 'Change the device lines named in the evidence, or set a custom IPsec/IKE policy on the connection that matches the device; then check the configuration again.', url: failed.length > 0 ? DOCS.vpnDevicesIpsec : DOCS.s2sDisconnects },
          { label: 'Custom IPsec/IKE policy combinations Azure accepts.', url: DOCS.ipsecIkePolicy },
        ],
        ...(failed.length === 0 && result.outagesPer24h > 0 ? { modelNote: 'When a lifetime mismatch drops the tunnel is Gateway Lens\'s model of field reports; Azure documents the lifetimes, not the drop.' } : {}),
      });
    }
    return findings;
  },
};
