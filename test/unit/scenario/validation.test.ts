import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseScenario, validateScenario } from '../../../src/engine/scenario/validateScenario';
import { loadScenario } from '../../../src/engine/scenario/loadScenario';
import { ScenarioError, type ScenarioIssue } from '../../../src/engine/scenario/validationError';
import { parseDuration } from '../../../src/engine/scenario/duration';
import { scenarioObject } from '../engine/fixtures';

function issues(data: unknown): ScenarioIssue[] {
  try {
    validateScenario(data, 'x.gwlab.json');
  } catch (error) {
    assert.ok(error instanceof ScenarioError, `expected ScenarioError, got ${String(error)}`);
    return error.issues;
  }
  assert.fail('expected the scenario to be rejected');
}

type Json = string | number | boolean | null | undefined | Json[] | { [key: string]: Json };

/** The valid base scenario with values set at dotted paths ("topology.gateways.0.zone"); undefined deletes. */
function patched(...edits: [string, Json][]): unknown {
  const root = structuredClone(scenarioObject()) as { [key: string]: Json };
  for (const [path, value] of edits) {
    const keys = path.split('.');
    let node = root as Json;
    for (const k of keys.slice(0, -1)) node = (node as { [key: string]: Json })[k];
    const last = keys[keys.length - 1]!;
    if (value === undefined) delete (node as { [key: string]: Json })[last];
    else (node as { [key: string]: Json })[last] = value;
  }
  return root;
}
const gw0 = { name: 'gw', type: 'Vpn', sku: 'VpnGw1', activeActive: false };
const site0 = { name: 'site', gatewayIpAddress: '203.0.113.1', addressPrefixes: ['192.168.0.0/16'] };

function expectIssue(data: unknown, path: string, message: RegExp): void {
  const found = issues(data);
  assert.ok(
    found.some((i) => i.path === path && message.test(i.message) && i.file === 'x.gwlab.json'),
    `no issue at ${path} matching ${message}; got:\n${found.map((i) => `${i.path}: ${i.message}`).join('\n')}`,
  );
}

describe('scenario validation', () => {
  it('accepts the base scenario and fills defaults', () => {
    const s = validateScenario(scenarioObject());
    assert.equal(s.durationSeconds, 600);
    assert.equal(s.timing.leaseDurationSeconds, 60);
    assert.equal(s.probes[0]!.intervalSeconds, 1);
  });

  it('not JSON: names the file and the parse problem', () => {
    assert.throws(() => parseScenario('{ "name": ', 'bad.gwlab.json'), (e: unknown) => e instanceof ScenarioError && e.issues[0]!.file === 'bad.gwlab.json' && e.issues[0]!.path === '$' && /not valid JSON/.test(e.issues[0]!.message));
  });

  it('broken JSON: line and column of the problem, without the quoted excerpt of V8', () => {
    const issue = (text: string) => {
      try {
        parseScenario(text, 'bad.gwlab.json');
      } catch (e) {
        if (e instanceof ScenarioError) return e.issues[0]!;
      }
      throw new Error('expected a ScenarioError');
    };
    assert.equal(issue('{\n  "name": "x",\n  "seed": ,\n}').message, "not valid JSON at line 3, column 11: Unexpected token ','");
    assert.match(issue('{ "name": ').message, /^not valid JSON: the file ends early \(truncated\?\) after 10 characters$/);
  });

  it('deeply nested JSON: a clear error naming the file, line and column instead of a stack overflow', () => {
    const deep = `{"name": "x",\n "topology": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    assert.throws(
      () => parseScenario(deep, 'deep.gwlab.json'),
      (e: unknown) =>
        e instanceof ScenarioError &&
        e.issues[0]!.file === 'deep.gwlab.json' &&
        e.issues[0]!.message === 'JSON nested too deeply at line 2, column 113: more than 100 levels of objects and arrays',
    );
    // Broken as well as deep: the same error, not "Maximum call stack size exceeded".
    assert.throws(() => parseScenario(deep.slice(0, -2), 'deep.gwlab.json'), (e: unknown) => e instanceof ScenarioError && /nested too deeply/.test(e.issues[0]!.message));
  });

  it('unknown fields, at any depth', () => {
    expectIssue(patched(['colour', 'blue']), '$', /unknown field "colour"/);
    expectIssue(patched(['topology.gateways.0.zone', 1]), '$.topology.gateways[0]', /unknown field "zone"/);
    expectIssue(patched(['timeline', [{ at: 1, action: 'crash', gateway: 'gw', instance: 'IN_0', force: true }]]), '$.timeline[0]', /unknown field "force"/);
  });

  it('missing fields, wrong enums and unknown actions', () => {
    expectIssue(patched(['duration', undefined]), '$', /missing required field "duration"/);
    expectIssue(patched(['topology.gateways.0.type', 'Vnet']), '$.topology.gateways[0].type', /must be one of "Vpn", "ExpressRoute"/);
    expectIssue(patched(['timeline', [{ at: 1, action: 'explode', gateway: 'gw' }]]), '$.timeline[0].action', /"explode"/);
    expectIssue(patched(['timeline', [{ at: 1, action: 'crash', gateway: 'gw', instance: 'IN_2' }]]), '$.timeline[0].instance', /"IN_0", "IN_1"/);
  });

  it('references to undefined gateways, sites, connections and probes', () => {
    expectIssue(patched(['topology.connections.0.gateway', 'ghost']), '$.topology.connections[0].gateway', /undefined gateway "ghost" \(defined: "gw"\)/);
    expectIssue(patched(['topology.connections.0.site', 'nowhere']), '$.topology.connections[0].site', /undefined site "nowhere"/);
    expectIssue(patched(['timeline', [{ at: 5, action: 'crash', gateway: 'gw2', instance: 'IN_0' }]]), '$.timeline[0].gateway', /undefined gateway "gw2"/);
    expectIssue(patched(['timeline', [{ at: 5, action: 'tunnelDown', connection: 'c9' }]]), '$.timeline[0].connection', /undefined connection "c9"/);
    expectIssue(patched(['expectations', [{ type: 'probeDelivery', probe: 'q' }]]), '$.expectations[0].probe', /undefined probe "q"/);
  });

  it('duplicate names', () => {
    expectIssue(patched(['topology.gateways.1', gw0]), '$.topology.gateways[1].name', /duplicate gateway name "gw" \(first defined at \$\.topology\.gateways\[0\]\)/);
    expectIssue(patched(['topology.sites.1', site0]), '$.topology.sites[1].name', /duplicate site name/);
    expectIssue(patched(['probes.1', { name: 'p', from: '10.0.1.5', to: '192.168.1.1' }]), '$.probes[1].name', /duplicate probe name/);
  });

  it('invalid CIDRs and addresses', () => {
    expectIssue(patched(['topology.virtualNetwork.addressSpace', ['10.0.0.0/33']]), '$.topology.virtualNetwork.addressSpace[0]', /not a valid IPv4 prefix/);
    expectIssue(patched(['topology.sites.0.addressPrefixes', ['192.168.1.5/24']]), '$.topology.sites[0].addressPrefixes[0]', /host bits set \(did you mean 192\.168\.1\.0\/24\?\)/);
    expectIssue(patched(['topology.sites.0.gatewayIpAddress', '300.1.1.1']), '$.topology.sites[0].gatewayIpAddress', /not a valid IPv4 address/);
    expectIssue(patched(['topology.virtualNetwork.subnets.1.addressPrefix', '10.1.0.0/24']), '$.topology.virtualNetwork.subnets[1].addressPrefix', /outside the virtual network's address space/);
    expectIssue(patched(['probes.0.from', '10.0.9.9']), '$.probes[0].from', /not in any subnet/);
  });

  it('negative or unparsable durations', () => {
    expectIssue(patched(['duration', -5]), '$.duration', /expected Seconds/);
    expectIssue(patched(['duration', '5 minutes']), '$.duration', /invalid value "5 minutes"/);
    expectIssue(patched(['duration', '100000h']), '$.duration', /must be at most 168h \(got 100000h\)/);
    assert.equal(validateScenario(patched(['duration', '168h'])).durationSeconds, 604800);
    expectIssue(patched(['timing', { retryInterval: '0s' }]), '$.timing.retryInterval', /greater than 0/);
    expectIssue(patched(['probes.0.interval', 'soon']), '$.probes[0].interval', /invalid value "soon"/);
  });

  it('lease duration outside 15-60 s; "infinite" is allowed', () => {
    expectIssue(patched(['timing', { leaseDuration: '10s' }]), '$.timing.leaseDuration', /15 to 60, or "infinite" \(got 10 s\)/);
    expectIssue(patched(['timing', { leaseDuration: '2m' }]), '$.timing.leaseDuration', /got 120 s/);
    assert.equal(validateScenario(patched(['timing', { leaseDuration: 'infinite' }])).timing.leaseDurationSeconds, -1);
    assert.equal(validateScenario(patched(['timing', { leaseDuration: '15s', renewInterval: 3 }])).timing.leaseDurationSeconds, 15);
  });

  it('timing that would make the active fence itself between renewals', () => {
    expectIssue(patched(['timing', { leaseDuration: '15s', renewInterval: '12s' }]), '$.timing.renewInterval', /shorter than leaseDuration - fenceMargin/);
  });

  it('events and checks after the end', () => {
    expectIssue(patched(['timeline', [{ at: '11m', action: 'crash', gateway: 'gw', instance: 'IN_0' }]]), '$.timeline[0].at', /after the end of the scenario \(duration 600 s\)/);
    expectIssue(patched(['expectations', [{ type: 'role', at: '1h', gateway: 'gw', instance: 'IN_0', role: 'active' }]]), '$.expectations[0].at', /after the end/);
  });

  it('connection kinds must match gateway kinds', () => {
    expectIssue(patched(['topology.connections.0', { name: 'er', type: 'ExpressRoute', gateway: 'gw' }]), '$.topology.connections[0]', /needs "circuit"/);
    expectIssue(
      patched(['topology.circuits', [{ name: 'c1' }]], ['topology.connections.0', { name: 'er', type: 'ExpressRoute', gateway: 'gw', circuit: 'c1' }]),
      '$.topology.connections[0].gateway',
      /is a VPN gateway; ExpressRoute connections need an ExpressRoute gateway/,
    );
  });

  it('reports several problems at once, one per issue', () => {
    const found = issues(patched(['topology.connections.0.site', 'nowhere'], ['timeline', [{ at: '1h', action: 'crash', gateway: 'gw', instance: 'IN_0' }]]));
    assert.equal(found.length, 2);
    assert.match(new ScenarioError(found).message, /^x\.gwlab\.json: \$\.topology\.connections\[0\]\.site: undefined site "nowhere".*\nx\.gwlab\.json: \$\.timeline\[0\]\.at: /s);
  });

  it('loadScenario: missing files and directories are issues too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gwlab-'));
    await assert.rejects(loadScenario(join(dir, 'none.gwlab.json')), (e: unknown) => e instanceof ScenarioError && /file not found/.test(e.issues[0]!.message));
    await assert.rejects(loadScenario(dir), (e: unknown) => e instanceof ScenarioError && /directory/.test(e.issues[0]!.message));
    const file = join(dir, 'ok.gwlab.json');
    writeFileSync(file, JSON.stringify(scenarioObject()));
    assert.equal((await loadScenario(file)).name, 'test');
  });
});

describe('parseDuration', () => {
  it('accepts seconds and unit strings', () => {
    const ok = (v: unknown): number => {
      const r = parseDuration(v);
      assert.ok(r.ok, `rejected ${String(v)}`);
      return r.seconds;
    };
    assert.equal(ok(90), 90);
    assert.equal(ok('90s'), 90);
    assert.equal(ok('2m'), 120);
    assert.equal(ok('1h30m'), 5400);
    assert.equal(ok('1.5s'), 1.5);
    assert.equal(ok('500ms'), 0.5);
    assert.equal(ok('45'), 45);
  });
  it('rejects negative and malformed values with a message', () => {
    for (const v of [-1, 'abc', '5 m', '', '1x', Number.NaN, null]) {
      const r = parseDuration(v);
      assert.equal(r.ok, false, `accepted ${String(v)}`);
    }
  });
});
