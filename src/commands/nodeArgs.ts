// Commands receive tree nodes from menus, or nothing from the palette: these guards check what
// arrived (anything can be passed to executeCommand) and fall back to asking the user.
import * as vscode from 'vscode';
import type { NodeRef, TreeNode } from '../views/model/treeNode';
import type { SourceInventory } from '../azure/inventory';
import type { InstanceName } from '../model/snapshot';
import type { GatewayType } from '../model/arm';
import { sameId } from '../model/armShapes';
import { UserFacingError } from '../host/errors';
import type { Prompts } from '../host/prompts';
import { SourceId } from '../model/sourceId';

type RefOf<K extends NodeRef['kind']> = Extract<NodeRef, { kind: K }>;

export function refOf<K extends NodeRef['kind']>(arg: unknown, kind: K): RefOf<K> | undefined {
  if (typeof arg !== 'object' || arg === null || !('ref' in arg)) return undefined;
  const ref = (arg as TreeNode).ref;
  return typeof ref === 'object' && ref !== null && ref.kind === kind ? (ref as RefOf<K>) : undefined;
}

function labInventory(sources: readonly SourceInventory[]): SourceInventory {
  const lab = sources.find((s) => s.sourceId === SourceId.lab && s.status !== 'stopped' && s.status !== 'starting');
  if (!lab) throw new UserFacingError('The lab is not running. Start a scenario first (Gateway Lens: Start Lab Scenario).');
  return lab;
}

async function pick<T>(prompts: Prompts, items: (vscode.QuickPickItem & { value: T })[], title: string): Promise<T> {
  if (items.length === 0) throw new UserFacingError(`${title}: nothing to choose from in the running lab.`);
  const picked = await prompts.showQuickPick(items, { title });
  if (!picked) throw new vscode.CancellationError();
  return picked.value;
}

/** A lab gateway the fault applies to: `kinds` says which gateway types (resets exist only for VPN gateways). */
export async function pickGatewayName(prompts: Prompts, sources: readonly SourceInventory[], title: string, kinds: readonly GatewayType[]): Promise<string> {
  const lab = labInventory(sources);
  const gateways = lab.gateways.filter((g) => kinds.includes(g.gateway.gatewayType));
  return pick(prompts, gateways.map((g) => ({ label: g.gateway.name, description: g.gateway.gatewayType, value: g.gateway.name })), title);
}

export async function pickInstance(prompts: Prompts, sources: readonly SourceInventory[], title: string): Promise<{ gateway: string; instance: InstanceName }> {
  const lab = labInventory(sources);
  const items = (lab.lab?.gateways ?? []).flatMap((g) => {
    const name = lab.gateways.find((e) => sameId(e.gateway.id, g.gatewayId))?.gateway.name ?? g.gatewayId;
    return g.instances.map((i) => ({
      label: `${name} / ${i.name}`,
      description: `${i.role}${i.holdsLease ? ' · lease holder' : ''} · ${i.health}`,
      value: { gateway: name, instance: i.name },
    }));
  });
  return pick(prompts, items, title);
}

/** A lab connection with tunnels (IPsec): an ExpressRoute connection has none to take down. */
export async function pickConnectionName(prompts: Prompts, sources: readonly SourceInventory[], title: string): Promise<string> {
  const lab = labInventory(sources);
  const withTunnels = lab.connections.filter((c) => c.connectionType !== 'ExpressRoute');
  return pick(prompts, withTunnels.map((c) => ({ label: c.name, description: c.connectionStatus, value: c.name })), title);
}

/** Gateway and scenario peer name of a BGP session; peer names come from the lab (sites, circuits, the other gateway). */
export async function pickBgpSession(
  prompts: Prompts,
  sources: readonly SourceInventory[],
  sessions: { gateway: string; peer: string; state: string }[],
  title: string,
  gateway?: string,
): Promise<{ gateway: string; peer: string }> {
  labInventory(sources);
  const items = sessions
    .filter((s) => gateway === undefined || s.gateway === gateway)
    .map((s) => ({ label: `${s.gateway} ↔ ${s.peer}`, description: s.state, value: { gateway: s.gateway, peer: s.peer } }));
  return pick(prompts, items, title);
}
