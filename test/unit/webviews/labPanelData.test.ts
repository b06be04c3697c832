// The Lab panel's data from a real LabRuntime: topology with broken links, timeline lanes, failovers.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadScenario } from '../../../src/engine/scenario/loadScenario';
import { LabRuntime } from '../../../src/engine/labRuntime';
import { labPanelData } from '../../../src/webviews/lab/labPanelData';
import { buildTopology } from '../../../src/webviews/lab/labTopology';
import { STANDBY_TUNNEL_TEXT, buildLanes, formatSeconds, tickStep } from '../../../src/webviews/apps/shared/timeline/labLanes';
import { parseLabMessage } from '../../../src/webviews/protocol/labProtocol';

const scenario = (name: string): string => join(__dirname, '..', '..', '..', 'scenarios', name);

function runTo(lab: LabRuntime, seconds: number): void {
  while (lab.timeSeconds < seconds && !lab.finished) lab.step();
}

describe('Lab panel data from a running lab (ap-unplanned-crash)', () => {
  let lab: LabRuntime;
  before(async () => {
    lab = await LabRuntime.create(await loadScenario(scenario('ap-unplanned-crash.gwlab.json')), { speed: 600, paused: true });
  });
  after(() => lab.dispose());

  it('draws the tunnel as broken while the crashed primary has not been replaced', () => {
    runTo(lab, 100);
    const before = buildTopology(lab.snapshot());
    const tunnel = before.links.find((l) => l.kind === 'tunnel');
    assert.ok(tunnel, 'a site-to-gateway tunnel link');
    assert.equal(tunnel.up, true);
    assert.match(tunnel.stateText, /^Connected/);
    assert.ok(before.nodes.some((n) => n.kind === 'site' && n.label === 'branch-paris'));
    assert.ok(before.links.some((l) => l.kind === 'attachment' && l.up));
    const in0 = before.nodes.find((n) => n.kind === 'instance' && n.label === 'IN_0');
    assert.match(in0?.detail ?? '', /active · lease holder · serving/);

    runTo(lab, 130); // crash at 120 s, lease not yet expired
    const during = buildTopology(lab.snapshot());
    const down = during.links.find((l) => l.kind === 'tunnel');
    assert.equal(down?.up, false, JSON.stringify(down));
    assert.doesNotMatch(down?.stateText ?? '', /^Connected/);
    const crashed = during.nodes.find((n) => n.kind === 'instance' && n.label === 'IN_0');
    assert.equal(crashed?.health, 'down');
    const gw = during.nodes.find((n) => n.kind === 'gateway');
    assert.notEqual(gw?.health, 'ok');
  });

  it('gives failover gaps as numbers and lanes with the states in words', () => {
    runTo(lab, 260);
    const data = labPanelData(lab);
    assert.equal(data.failovers.length, 1);
    const f = data.failovers[0]!;
    assert.equal(f.fromInstance, 'IN_0');
    assert.equal(f.toInstance, 'IN_1');
    assert.ok(f.gapSeconds !== null && f.gapSeconds > 10 && f.gapSeconds < 200, `gap ${f.gapSeconds}`);

    const lanes = buildLanes(data.timeline, data.timeSeconds);
    const in0 = lanes.find((l) => l.label.endsWith('IN_0'));
    assert.ok(in0);
    assert.equal(in0.group, 'Instances');
    assert.equal(in0.segments[0]!.text.startsWith('active · lease') || in0.segments[0]!.text === 'starting', true, in0.segments[0]!.text);
    assert.ok(in0.segments.some((s) => s.tone === 'bad'), 'IN_0 shows down after the crash');
    const probe = lanes.find((l) => l.group === 'Probes');
    assert.ok(probe?.segments.some((s) => s.text.startsWith('lost')), 'probe lost during the gap');
    assert.deepEqual(data.timeline.faults.map((x) => x.t), [120, 240]);
  });
});

describe('ExpressRoute link in the topology (coex-healthy)', () => {
  it('an ER connection reporting Unknown is drawn up while its circuit BGP sessions are up, broken when they drop', async () => {
    const lab = await LabRuntime.create(await loadScenario(scenario('coex-healthy.gwlab.json')), { speed: 600, paused: true });
    try {
      runTo(lab, 60);
      const er = () => buildTopology(lab.snapshot()).links.find((l) => l.kind === 'expressRoute');
      assert.equal(lab.snapshot().connections.find((c) => c.connectionType === 'ExpressRoute')?.connectionStatus, 'Unknown');
      assert.deepEqual([er()?.up, er()?.stateText], [true, 'BGP Connected']);
      // Defect 8: the ER gateway node says active/active (ARM's activeActive=false is a VPN setting).
      const gateways = buildTopology(lab.snapshot()).nodes.filter((n) => n.kind === 'gateway');
      assert.deepEqual(gateways.map((n) => n.detail).sort(), ['ExpressRoute · ErGw1AZ · active/active', 'VPN · VpnGw2AZ · active/passive']);
      lab.inject({ kind: 'bgpSessionDown', gateway: 'er-gw', peer: 'er-circuit' });
      runTo(lab, lab.timeSeconds + 5);
      assert.equal(er()?.up, false, JSON.stringify(er()));
      assert.match(er()?.stateText ?? '', /^BGP (Idle|Connecting|Stopped|Unknown)$/);
    } finally {
      lab.dispose();
    }
  });
});

describe('tunnel lanes in active/passive and active/active', () => {
  const tunnelLane = (lanes: ReturnType<typeof buildLanes>, instance: string) => lanes.find((l) => l.group === 'Tunnels' && l.label.endsWith(instance));
  const toneAt = (lane: ReturnType<typeof buildLanes>[number] | undefined, t: number) => lane?.segments.find((s) => s.from <= t && t < s.to);

  it("A/P: the standby's missing tunnel is neutral, a real outage of the active's tunnel stays red", async () => {
    const lab = await LabRuntime.create(await loadScenario(scenario('ap-unplanned-crash.gwlab.json')), { speed: 600, paused: true });
    try {
      runTo(lab, 300); // crash of IN_0 at 120 s, IN_1 takes over
      const data = labPanelData(lab);
      assert.deepEqual(data.connectionGateways, { 'vpn-gw-to-paris': 'vpn-gw' });
      const lanes = buildLanes(data.timeline, data.timeSeconds, data.connectionGateways);
      const in0 = tunnelLane(lanes, 'IN_0');
      const in1 = tunnelLane(lanes, 'IN_1');
      assert.deepEqual({ ...toneAt(in1, 60), from: 0, to: 0 }, { from: 0, to: 0, text: STANDBY_TUNNEL_TEXT, tone: 'standby' }, 'IN_1 stands by before the crash');
      assert.equal(toneAt(in0, 60)?.tone, 'ok');
      assert.equal(toneAt(in0, 130)?.tone, 'bad', 'the crashed active has lost its tunnel: a real outage');
      assert.equal(toneAt(in1, 290)?.text, 'Connected', 'IN_1 carries the tunnel after the takeover');
      assert.ok(!in1!.segments.some((s) => s.tone === 'bad' && s.from < 100), JSON.stringify(in1!.segments));
      // Without the mapping (older data) the lanes still draw, with the raw status.
      const raw = buildLanes(data.timeline, data.timeSeconds);
      assert.equal(toneAt(tunnelLane(raw, 'IN_1'), 60)?.text, 'NotConnected');
    } finally {
      lab.dispose();
    }
  });

  it('A/A: an instance loss shows its tunnel red, never as standby', async () => {
    const lab = await LabRuntime.create(await loadScenario(scenario('aa-instance-loss.gwlab.json')), { speed: 600, paused: true });
    try {
      runTo(lab, 400);
      const data = labPanelData(lab);
      const lanes = buildLanes(data.timeline, data.timeSeconds, data.connectionGateways);
      const tunnels = lanes.filter((l) => l.group === 'Tunnels');
      assert.ok(tunnels.length >= 2);
      assert.ok(tunnels.every((l) => l.segments.every((s) => s.text !== STANDBY_TUNNEL_TEXT)), JSON.stringify(tunnels));
      assert.ok(tunnels.some((l) => l.segments.some((s) => s.tone === 'bad')), 'the lost instance takes its tunnel down');
    } finally {
      lab.dispose();
    }
  });
});

describe('buildLanes', () => {
  it('merges equal consecutive states and ends the last segment at the given time', () => {
    const sample = (t: number, status: string) => ({ t, instances: [], tunnels: [{ connection: 'c', tunnel: 'IN_0', status }], bgpSessions: [], probes: [] });
    const lanes = buildLanes({ samples: [sample(0, 'Connected'), sample(1, 'Connected'), sample(2, 'NotConnected'), sample(3, 'Connected')], faults: [] }, 10);
    assert.deepEqual(lanes[0]!.segments, [
      { from: 0, to: 2, text: 'Connected', tone: 'ok' },
      { from: 2, to: 3, text: 'NotConnected', tone: 'bad' },
      { from: 3, to: 10, text: 'Connected', tone: 'ok' },
    ]);
  });

  it('formats times and picks round tick steps', () => {
    assert.equal(formatSeconds(65), '1:05');
    assert.equal(formatSeconds(3725), '1:02:05');
    assert.equal(tickStep(600), 120);
    assert.equal(tickStep(8), 1);
  });
});

describe('parseLabMessage', () => {
  it('accepts only "ready"', () => {
    assert.equal(parseLabMessage({ type: 'ready' }).ok, true);
    assert.equal(parseLabMessage({ type: 'inject', fault: { kind: 'crash' } }).ok, false);
    assert.equal(parseLabMessage({ type: 'ready', x: 1 }).ok, false);
    assert.equal(parseLabMessage('ready').ok, false);
  });
});
