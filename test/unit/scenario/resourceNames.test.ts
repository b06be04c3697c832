// Lab resource names: any printable text except what breaks resource ids and URLs, and such a
// name (HTML markup included) working end to end: validation, the lab, its ARM endpoint (names
// travel percent-encoded in the path) and the BGP table's data path.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { validateScenario } from '../../../src/engine/scenario/validateScenario';
import { loadScenario } from '../../../src/engine/scenario/loadScenario';
import { ScenarioError, type ScenarioIssue } from '../../../src/engine/scenario/validationError';
import { LabRuntime } from '../../../src/engine/labRuntime';
import { startLabArmDataSource, type LabArmDataSource } from '../../../src/azure/labArmDataSource';
import { networkResourceId, parseResourceId } from '../../../src/model/resourceIds';
import { BgpTableData } from '../../../src/webviews/bgpTable/bgpTableData';
import { scenarioObject } from '../engine/fixtures';

const MARKUP_GW = 'vpn<b>-gw<img src=x onerror=alert(1)>';
const fixture = join(__dirname, '..', '..', 'exthost', 'workspace', 'markup-bgp.gwlab.json');

/** The base scenario with its first gateway (and what refers to it) renamed. */
function withGatewayName(name: string): unknown {
  const s = structuredClone(scenarioObject()) as {
    topology: { gateways: { name: string }[]; connections?: { gateway: string }[] };
    timeline?: { gateway?: string }[];
    probes?: { gateway?: string }[];
    expectations?: { gateway?: string }[];
  };
  const old = s.topology.gateways[0]!.name;
  s.topology.gateways[0]!.name = name;
  for (const list of [s.topology.connections, s.timeline, s.probes, s.expectations]) {
    for (const item of list ?? []) if (item.gateway === old) item.gateway = name;
  }
  return s;
}

function issuesOf(data: unknown): ScenarioIssue[] {
  try {
    validateScenario(data, 'x.gwlab.json');
    return [];
  } catch (error) {
    assert.ok(error instanceof ScenarioError, String(error));
    return error.issues;
  }
}

describe('lab resource names', () => {
  it('accepts printable names with markup, spaces, quotes and non-ASCII letters', () => {
    for (const name of [MARKUP_GW, 'vpn gw "east" & <west>', "o'brien-gw", 'passerelle-é', 'gw.v2', '_x', 'a']) {
      const s = validateScenario(withGatewayName(name), 'x.gwlab.json');
      assert.equal(s.topology.gateways[0]!.name, name);
    }
  });

  it('rejects what breaks ids and URLs, with the field and the rule in the message', () => {
    const rejected = ['a/b', 'a\\b', 'a?b', 'a#b', '50%', 'a\nb', 'tab\there', '\u0085x', ' lead', 'trail ', 'end.', '.', '..', '.hidden', 'x'.repeat(81), ''];
    for (const name of rejected) {
      const found = issuesOf(withGatewayName(name));
      const here = found.filter((i) => i.path === '$.topology.gateways[0].name');
      assert.ok(here.length > 0, `${JSON.stringify(name)} was accepted; issues: ${JSON.stringify(found)}`);
      assert.ok(here.every((i) => i.file === 'x.gwlab.json'));
      if (name.length > 0 && name.length <= 80) {
        assert.match(here[0]!.message, /^invalid value .*: expected Resource name: printable characters except \/ \\ \? # %/, here[0]!.message);
      }
    }
  });

  it('puts such a name into a resource id that parses back to it', () => {
    const id = networkResourceId('virtualNetworkGateways', MARKUP_GW);
    assert.equal(parseResourceId(id)?.name, MARKUP_GW);
  });

  describe('on the running lab and its ARM endpoint', () => {
    let lab: LabRuntime;
    let arm: LabArmDataSource;
    const gwId = networkResourceId('virtualNetworkGateways', MARKUP_GW);

    before(async () => {
      lab = await LabRuntime.create(await loadScenario(fixture), { speed: 600, paused: true });
      arm = await startLabArmDataSource(() => lab.snapshot(), { client: { inventoryCacheMs: 0 } });
      while (lab.timeSeconds < 90 && !lab.finished) lab.step();
    });
    after(async () => {
      lab.dispose();
      await arm.close();
    });

    it('lists the gateway under its name and id through the ARM client', async () => {
      const gateways = await arm.dataSource.listGateways();
      const gw = gateways.find((g) => g.name === MARKUP_GW);
      assert.ok(gw, JSON.stringify(gateways.map((g) => g.name)));
      assert.equal(gw.id, gwId);
      const connections = await arm.dataSource.listConnections();
      assert.ok(connections.some((c) => c.virtualNetworkGateway1.id.toLowerCase() === gwId.toLowerCase()));
    });

    it('answers a raw GET by the encoded name, and bad percent-encoding with a clear 400', async () => {
      const { baseUrl, token, subscriptionId } = arm.endpoint;
      const get = (name: string) =>
        fetch(`${baseUrl}/subscriptions/${subscriptionId}/resourceGroups/gateway-lab/providers/Microsoft.Network/virtualNetworkGateways/${name}?api-version=2024-05-01`, {
          headers: { authorization: `Bearer ${token}` },
        });
      const ok = await get(encodeURIComponent(MARKUP_GW));
      assert.equal(ok.status, 200);
      assert.equal(((await ok.json()) as { name: string }).name, MARKUP_GW);
      const bad = await get('vpn%E0%A4%A');
      assert.equal(bad.status, 400);
      assert.match(((await bad.json()) as { error: { code: string; message: string } }).error.message, /not valid percent-encoding/);
    });

    it('serves the BGP peers and learned routes of the gateway (encoded path segments decoded)', async () => {
      const peers = await arm.dataSource.getBgpPeerStatus(gwId);
      assert.ok(peers.some((p) => p.state === 'Connected'), JSON.stringify(peers));
      const learned = await arm.dataSource.getLearnedRoutes(gwId);
      assert.ok(learned.some((r) => r.network === '192.168.10.0/24'), JSON.stringify(learned));
      assert.ok(learned.some((r) => r.network === '172.20.0.0/16'), 'routes from the ER gateway over iBGP');
      const data = new BgpTableData(arm.dataSource, gwId, () => lab);
      const ctx = await data.context();
      assert.equal(ctx.gatewayName, MARKUP_GW);
      const table = await data.load('learned', '');
      assert.deepEqual(table.data.rows, learned);
    });
  });
});
