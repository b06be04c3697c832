// A device whose proposals Azure will not accept: the lab's IKE log carries the negotiation's own
// error (not a generic one), and the findings from history name it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createLab, labHistory } from '../../../src/engine/createLab';
import { historyUntil } from '../../../src/engine/history/labHistory';
import { diagnoseHistory, HISTORY_RULES } from '../../../src/diagnostics/history/historyRules';
import { scenario, scenarioObject } from '../engine/fixtures';

function withDevice(device: Record<string, unknown>): ReturnType<typeof scenario> {
  const base = scenarioObject();
  const topo = base.topology as { sites: Record<string, unknown>[] };
  topo.sites[0]!.device = device;
  return scenario({ topology: topo });
}

describe('IKE errors in the gateway history', () => {
  it('a DH mismatch writes NO_PROPOSAL_CHOSEN rows to IKEDiagnosticLog and yields the IKE-errors finding', () => {
    const lab = createLab(withDevice({ ikeProposals: ['aes256-sha256-modp2048'], espProposals: ['aes256-sha256'] }));
    lab.runUntil(120);
    const view = historyUntil(labHistory(lab)!);
    const errors = view.rows.filter((r) => r.Category === 'IKEDiagnosticLog' && r.Level === 'Error');
    assert.ok(errors.length > 0, 'IKE error rows');
    assert.ok(errors.every((r) => r.Message.includes('NO_PROPOSAL_CHOSEN')), errors.map((r) => r.Message).join('\n'));
    const findings = diagnoseHistory(view.rows, view.activity);
    const ike = findings.filter((f) => f.ruleId === HISTORY_RULES.ikeErrors);
    assert.equal(ike.length, 1, JSON.stringify(findings.map((f) => f.ruleId)));
    assert.match(ike[0]!.title, /IKE negotiation with .* failed \d+ time\(s\): .*NO_PROPOSAL_CHOSEN/);
  });

  it('a compatible device writes no IKE error and no such finding', () => {
    const lab = createLab(withDevice({ ikeProposals: ['aes256-sha256-modp1024'], espProposals: ['aes256-sha256'] }));
    lab.runUntil(120);
    const view = historyUntil(labHistory(lab)!);
    assert.equal(view.rows.filter((r) => r.Category === 'IKEDiagnosticLog' && r.Level === 'Error').length, 0);
    assert.equal(diagnoseHistory(view.rows, view.activity).filter((f) => f.ruleId === HISTORY_RULES.ikeErrors).length, 0);
  });
});
