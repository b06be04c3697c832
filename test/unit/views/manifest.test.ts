// package.json promises what the code delivers: menus name contributed commands, `viewItem`
// clauses match contextValues the trees really set, title-bar and inline buttons have icons,
// welcome links run real commands, activation stays lazy and the main bundle's static imports
// never reach the lab engine or the Azure SDK (those load with import() on first use).
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ContextValue } from '../../../src/views/contextValues';
import { CommandId } from '../../../src/commands/commandIds';

const root = join(__dirname, '..', '..', '..');
interface MenuEntry {
  command: string;
  when?: string;
  group?: string;
}
interface Manifest {
  activationEvents: string[];
  contributes: {
    commands: { command: string; title: string; icon?: string }[];
    menus: Record<string, MenuEntry[]>;
    viewsWelcome: { view: string; contents: string }[];
  };
}
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
const commands = new Map(manifest.contributes.commands.map((c) => [c.command, c]));
const contextValues: string[] = Object.values(ContextValue);

/** The `viewItem == x` and `viewItem =~ /re/` conditions of a when clause. */
function viewItemConditions(when: string): { eq?: string; re?: RegExp }[] {
  const out: { eq?: string; re?: RegExp }[] = [];
  for (const m of when.matchAll(/viewItem\s*==\s*([\w.-]+)/g)) out.push({ eq: m[1]! });
  for (const m of when.matchAll(/viewItem\s*=~\s*\/((?:\\\/|[^/])+)\//g)) out.push({ re: new RegExp(m[1]!) });
  return out;
}

describe('package.json contributions match the code', () => {
  it('the command registry (src/commands/commandIds.ts) holds exactly the contributed commands', () => {
    assert.deepEqual(Object.values(CommandId).sort(), [...commands.keys()].sort());
  });

  it('no command id, contextValue or source id is spelled outside its registry', () => {
    // Registries: src/commands/commandIds.ts, src/views/contextValues.ts, src/model/sourceId.ts; package.json and tests quote them.
    const offenders: string[] = [];
    const visit = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const file = join(dir, entry.name);
        if (entry.isDirectory()) visit(file);
        else if (file.endsWith('.ts') && !/src\/(commands\/commandIds|views\/contextValues)\.ts$/.test(file)) {
          const text = readFileSync(file, 'utf8');
          for (const m of text.matchAll(/'(gatewayLens\.[\w.]+|gwl\.[\w.]+)'/g)) {
            if (Object.values(CommandId).includes(m[1]! as never) || contextValues.includes(m[1]!)) offenders.push(`${file.slice(root.length + 1)}: ${m[1]}`);
          }
          // Source ids come from src/model/sourceId.ts: no comparison with, or assignment of, a bare 'lab' / 'azure'.
          // (Browser apps name message types, e.g. {type: 'lab'}; the Azure codicon is { id: 'azure' }.)
          if (!file.endsWith(join('src', 'model', 'sourceId.ts')) && !file.includes(join('src', 'webviews', 'apps'))) {
            for (const m of text.matchAll(/(?:[!=]==?\s*'(?:lab|azure)'|'(?:lab|azure)'\s*[!=]==?|\b(?:source|sourceId|id):\s*'(?:lab|azure)'|'lab'\s*\|\s*'azure')/g)) {
              const codicon = m[0] === "id: 'azure'" && text.slice(Math.max(0, m.index - 2), m.index) === '{ ';
              if (!codicon) offenders.push(`${file.slice(root.length + 1)}: ${m[0]}`);
            }
          }
        }
      }
    };
    visit(join(root, 'src'));
    assert.deepEqual(offenders, []);
  });

  it('every menu entry names a contributed command', () => {
    for (const [menu, entries] of Object.entries(manifest.contributes.menus)) {
      for (const e of entries) assert.ok(commands.has(e.command), `${menu}: ${e.command} is not contributed`);
    }
  });

  it('every viewItem condition matches a contextValue the trees set', () => {
    let checked = 0;
    for (const entries of Object.values(manifest.contributes.menus)) {
      for (const e of entries) {
        for (const c of viewItemConditions(e.when ?? '')) {
          checked++;
          const hit = c.eq !== undefined ? contextValues.includes(c.eq) : contextValues.some((v) => c.re!.test(v));
          assert.ok(hit, `${e.command}: "${e.when}" matches no contextValue (${contextValues.join(', ')})`);
        }
      }
    }
    assert.ok(checked >= 20, `only ${checked} viewItem conditions found`);
  });

  it('every fault command is on the tree rows it applies to', () => {
    const itemMenu = manifest.contributes.menus['view/item/context'] ?? [];
    const on = (command: string, value: string): boolean =>
      itemMenu.some((e) => e.command === command && viewItemConditions(e.when ?? '').some((c) => (c.eq !== undefined ? c.eq === value : c.re!.test(value))));
    for (const id of [CommandId.faultCrash, CommandId.faultReboot, CommandId.faultHang, CommandId.faultPlannedMaintenance, CommandId.faultStoragePartition]) {
      assert.ok(on(id, ContextValue.instance), `${id} on instances`);
    }
    assert.ok(on(CommandId.faultGatewayReset, ContextValue.labVpnGateway));
    assert.ok(!on(CommandId.faultGatewayReset, ContextValue.azureGateway), 'no lab faults on Azure gateways');
    assert.ok(on(CommandId.faultTunnelDown, ContextValue.labVpnConnection));
    assert.ok(!on(CommandId.faultTunnelDown, ContextValue.azureConnection));
    assert.ok(on(CommandId.faultBgpSessionDown, ContextValue.labBgpPeer));
    assert.ok(!on(CommandId.faultBgpSessionDown, ContextValue.bgpPeer));
    for (const v of [ContextValue.instanceFaulted, ContextValue.labVpnGateway, ContextValue.labVpnConnection, ContextValue.labBgpPeer]) {
      assert.ok(on(CommandId.faultRestore, v), `restore on ${v}`);
    }
  });

  it('each row kind is offered exactly the lab faults that work on it (none on ExpressRoute gateways and connections)', () => {
    // What the lab engine accepts per target: instance faults and resets on VPN gateways, tunnels
    // on IPsec connections, sessions by scenario peer name, restore on each of those and on the lab.
    const instanceFaults = [CommandId.faultCrash, CommandId.faultReboot, CommandId.faultHang, CommandId.faultPlannedMaintenance, CommandId.faultStoragePartition];
    const expected: Record<string, string[]> = {
      [ContextValue.labSourceRunning]: [CommandId.faultRestore],
      [ContextValue.labSourcePaused]: [CommandId.faultRestore],
      [ContextValue.labVpnGateway]: [CommandId.faultGatewayReset, CommandId.faultRestore],
      [ContextValue.instance]: [...instanceFaults, CommandId.faultRestore],
      [ContextValue.instanceFaulted]: [...instanceFaults, CommandId.faultRestore],
      [ContextValue.labBgpPeer]: [CommandId.faultBgpSessionDown, CommandId.faultRestore],
      [ContextValue.labVpnConnection]: [CommandId.faultTunnelDown, CommandId.faultRestore],
    };
    const itemMenu = manifest.contributes.menus['view/item/context'] ?? [];
    for (const value of contextValues) {
      const offered = new Set(
        itemMenu
          .filter((e) => e.command.startsWith('gatewayLens.fault.'))
          .filter((e) => viewItemConditions(e.when ?? '').some((c) => (c.eq !== undefined ? c.eq === value : c.re!.test(value))))
          .map((e) => e.command),
      );
      assert.deepEqual([...offered].sort(), [...(expected[value] ?? [])].sort(), `lab faults offered on ${value}`);
    }
    for (const none of [ContextValue.labErGateway, ContextValue.labErConnection, ContextValue.labBgpPeerUnnamed, ContextValue.azureGateway, ContextValue.tunnel]) {
      assert.equal(expected[none], undefined, `${none} gets no lab fault`);
    }
  });

  it('Trace Route Path is on VNet, subnet, NIC, gateway and connection rows (lab and Azure), on no other row', () => {
    const itemMenu = manifest.contributes.menus['view/item/context'] ?? [];
    const offered = (view: string): string[] =>
      contextValues.filter((value) =>
        itemMenu.some(
          (e) => e.command === CommandId.traceRoutePath && (e.when ?? '').includes(`view == ${view}`) && viewItemConditions(e.when ?? '').some((c) => (c.eq !== undefined ? c.eq === value : c.re!.test(value))),
        ),
      );
    const connections = [ContextValue.labVpnConnection, ContextValue.labErConnection, ContextValue.azureConnection];
    assert.deepEqual(offered('gatewayLens.gateways').sort(), [ContextValue.labVpnGateway, ContextValue.labErGateway, ContextValue.azureGateway, ...connections, ContextValue.vnet, ContextValue.subnet, ContextValue.nic].sort());
    assert.deepEqual(offered('gatewayLens.connections').sort(), [...connections].sort());
  });

  it('title-bar and inline buttons have icons', () => {
    const buttons = [...(manifest.contributes.menus['view/title'] ?? []), ...(manifest.contributes.menus['view/item/context'] ?? [])].filter((e) =>
      /^(navigation|inline)/.test(e.group ?? ''),
    );
    assert.ok(buttons.length >= 10);
    for (const b of buttons) assert.match(commands.get(b.command)?.icon ?? '', /^\$\([\w-]+\)$/, `${b.command} shows as a button without an icon`);
  });

  it('welcome content links run contributed commands (start the lab, open a scenario, sign in)', () => {
    const links = manifest.contributes.viewsWelcome.flatMap((w) => [...w.contents.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1]!));
    for (const l of links) assert.ok(commands.has(l), l);
    for (const wanted of [CommandId.labStart, CommandId.labOpenScenario, 'gatewayLens.azure.signIn']) assert.ok(links.includes(wanted), wanted);
  });

  it('activates only when reached for', () => {
    for (const e of manifest.activationEvents) assert.match(e, /^(onWebviewPanel:gatewayLens\.|workspaceContains:\*\*\/\*\.gwlab\.json$|onView:gatewayLens\.|onCommand:gatewayLens\.)/, e);
  });

  it('the static imports of src/extension.ts never reach the lab engine, the ARM endpoint or @azure/*', () => {
    const seen = new Set<string>();
    const heavy: string[] = [];
    const visit = (file: string, via: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      // Value imports only: `import type` and `import()` do not load anything at activation.
      for (const m of text.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+'([^']+)'/gms)) {
        const spec = m[1]!;
        const chain = `${via} -> ${spec}`;
        if (spec.startsWith('@azure/') || spec === 'ajv' || spec === 'ipaddr.js') heavy.push(chain);
        if (!spec.startsWith('.')) continue;
        if (spec.endsWith('.json')) continue;
        const base = resolve(dirname(file), spec);
        const target = [`${base}.ts`, join(base, 'index.ts')].find((f) => existsSync(f)) ?? `${base}.ts`;
        if (/src\/engine\/(labRuntime|lab|scenario\/loadScenario)\.ts$/.test(target) || /src\/engine\/arm\//.test(target)) heavy.push(chain);
        visit(target, chain);
      }
    };
    visit(join(root, 'src', 'extension.ts'), 'extension.ts');
    assert.deepEqual(heavy, []);
    assert.ok(seen.size > 10, `followed ${seen.size} files`);
  });
});
