// Lab faults from tree context menus (node argument) or the palette (pickers): instance faults,
// gateway reset, tunnel down, BGP session down (ER<->VPN too) and restore.
import * as vscode from 'vscode';
import type { InstanceFaultKind, LabFault } from '../engine/labApi';
import type { LabSession } from '../host/labSession';
import type { Prompts } from '../host/prompts';
import type { TreeRefresher } from '../views/treeRefresher';
import type { CommandRunner } from './commandRunner';
import { CommandId } from './commandIds';
import { pickBgpSession, pickConnectionName, pickGatewayName, pickInstance, refOf } from './nodeArgs';

const INSTANCE_FAULTS: [string, InstanceFaultKind, string][] = [
  [CommandId.faultCrash, 'crash', 'Crash an instance'],
  [CommandId.faultReboot, 'reboot', 'Reboot an instance'],
  [CommandId.faultHang, 'hang', 'Hang an instance'],
  [CommandId.faultPlannedMaintenance, 'plannedMaintenance', 'Planned maintenance on an instance'],
  [CommandId.faultStoragePartition, 'storagePartition', 'Cut an instance off its lease storage'],
];

/**
 * The latest BGP sessions the lab reports, by scenario names (for the picker). The timeline names
 * sides per instance ("er-gw/IN_0"); the fault API takes gateway and peer names, so fold those.
 */
function currentSessions(lab: LabSession): { gateway: string; peer: string; state: string }[] {
  const samples = lab.requireController().timeline().samples;
  const byKey = new Map<string, { gateway: string; peer: string; state: string }>();
  for (const s of samples[samples.length - 1]?.bgpSessions ?? []) {
    const gateway = s.gateway.replace(/\/IN_[01]$/, '');
    const peer = s.peer.replace(/\/IN_[01]$/, '');
    const key = `${gateway}\u0000${peer}`;
    const seen = byKey.get(key);
    // One row per gateway/peer pair; show Connected only if every instance's session is.
    byKey.set(key, { gateway, peer, state: seen && seen.state !== s.state ? 'mixed' : s.state });
  }
  return [...byKey.values()];
}

export function registerFaultCommands(runner: CommandRunner, lab: LabSession, trees: TreeRefresher, log: vscode.LogOutputChannel, prompts: Prompts): void {
  const inject = async (fault: LabFault): Promise<void> => {
    const controller = lab.requireController();
    log.info(`lab: inject ${JSON.stringify(fault)}`);
    controller.inject(fault);
    lab.notifyControlChanged();
    // Show the effect now rather than after the debounce: the user just asked for it.
    await trees.refresh();
  };

  for (const [id, kind, title] of INSTANCE_FAULTS) {
    runner.register(id, async (node?: unknown) => {
      const ref = refOf(node, 'instance');
      const target = ref ? { gateway: ref.gatewayName, instance: ref.instance } : await pickInstance(prompts, trees.sources, title);
      await inject({ kind, ...target });
    });
  }
  runner.register(CommandId.faultGatewayReset, async (node?: unknown) => {
    const ref = refOf(node, 'gateway');
    await inject({ kind: 'gatewayReset', gateway: ref?.gatewayName ?? (await pickGatewayName(prompts, trees.sources, 'Reset a VPN gateway', ['Vpn'])) });
  });
  runner.register(CommandId.faultTunnelDown, async (node?: unknown) => {
    const ref = refOf(node, 'connection') ?? refOf(node, 'tunnel');
    await inject({ kind: 'tunnelDown', connection: ref?.connectionName ?? (await pickConnectionName(prompts, trees.sources, 'Take a tunnel down')) });
  });
  runner.register(CommandId.faultBgpSessionDown, async (node?: unknown) => {
    const ref = refOf(node, 'bgpPeer');
    const target =
      ref?.peerName !== undefined
        ? { gateway: ref.gatewayName, peer: ref.peerName }
        : await pickBgpSession(prompts, trees.sources, currentSessions(lab), 'Take a BGP session down', ref?.gatewayName);
    await inject({ kind: 'bgpSessionDown', ...target });
  });
  runner.register(CommandId.faultRestore, async (node?: unknown) => {
    // Restore what the node stands for; from the palette (no node), restore every active fault.
    const instance = refOf(node, 'instance');
    const gateway = refOf(node, 'gateway');
    const connection = refOf(node, 'connection') ?? refOf(node, 'tunnel');
    const peer = refOf(node, 'bgpPeer');
    const fault: LabFault = instance
      ? { kind: 'restore', gateway: instance.gatewayName, instance: instance.instance }
      : gateway
        ? { kind: 'restore', gateway: gateway.gatewayName }
        : connection
          ? { kind: 'restore', connection: connection.connectionName }
          : peer
            ? { kind: 'restore', gateway: peer.gatewayName, ...(peer.peerName ? { peer: peer.peerName } : {}) }
            : { kind: 'restore' };
    await inject(fault);
  });
}
