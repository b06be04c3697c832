// "Gateway Lens: Peer a Real Router…": shows the running lab's BGP endpoints and ready-to-paste
// FRR, BIRD and GoBGP configurations in an untitled Markdown document, and copies the JSON.
import * as vscode from 'vscode';
import type { LabSession } from '../host/labSession';
import { UserFacingError } from '../host/errors';
import type { CommandRunner } from './commandRunner';
import { CommandId } from './commandIds';

export function registerRealRouterCommands(runner: CommandRunner, lab: LabSession): void {
  runner.register(CommandId.labPeerRealRouter, async () => {
    if (lab.status === 'stopped') throw new UserFacingError('The lab is not running. Start a scenario with an external site first (for example the bundled "bgp-external-router").');
    const report = lab.realRouters?.();
    if (!report) {
      throw new UserFacingError('This scenario has no site played by a real router. Mark a site "external" with its router\'s address (see the bundled "bgp-external-router" scenario).');
    }
    // The report module is engine code; loaded with the lab engine chunk, not at activation.
    const { realRouterReportText } = await import(/* webpackChunkName: "lab-engine" */ '../engine/bgp/realRouterReportText');
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: realRouterReportText(report) });
    await vscode.window.showTextDocument(doc, { preview: false });
    const copy = 'Copy Endpoints JSON';
    const choice = await vscode.window.showInformationMessage(
      report.listening ? `Gateway Lens: ${report.bgpEndpoints.length} BGP endpoints listen; the lab runs at 1x while real routers are attached.` : `Gateway Lens: the BGP endpoints are not listening: ${report.error ?? 'unknown reason'}`,
      copy,
    );
    if (choice === copy) await vscode.env.clipboard.writeText(JSON.stringify({ bgpEndpoints: report.bgpEndpoints, externalSites: report.externalSites }));
    return report;
  });
}
