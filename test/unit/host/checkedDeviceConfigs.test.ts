// The remembered device configurations: one per connection (ids compare case-insensitively),
// forgotten on request, malformed state skipped, and attached only to snapshots holding the
// connection.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CHECKED_CONFIGS_KEY, CheckedDeviceConfigs, MAX_CHECKED_CONFIGS, type KeyValueState } from '../../../src/host/checkedDeviceConfigs';
import type { CheckedDeviceConfig, NetworkSnapshot } from '../../../src/model/snapshot';

function memory(): KeyValueState & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return { data, get: <T>(k: string) => data.get(k) as T | undefined, update: async (k, v) => void data.set(k, v) };
}

const ID = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/connections/conn';
const cfg = (connectionId: string, origin = 'a.conf'): CheckedDeviceConfig => ({ connectionId, checkedAt: '2026-11-30T12:00:00Z', origin, maskedLines: ['secret = ********'] });
const snap = (ids: string[]): NetworkSnapshot =>
  ({ source: 'lab', takenAt: '2026-11-30T12:00:00Z', gateways: [], connections: ids.map((id) => ({ id, name: id.split('/').pop() })), localNetworkGateways: [], virtualNetworks: [] }) as unknown as NetworkSnapshot;

describe('CheckedDeviceConfigs', () => {
  it('keeps one configuration per connection, newest first, and tells listeners', async () => {
    const store = new CheckedDeviceConfigs(memory());
    let changes = 0;
    store.onDidChange(() => changes++);
    await store.remember(cfg(ID, 'first.conf'));
    await store.remember(cfg(ID.toUpperCase(), 'second.conf'));
    await store.remember(cfg(`${ID}2`));
    assert.deepEqual(store.all().map((c) => c.origin), ['a.conf', 'second.conf']);
    assert.equal(store.get(ID)?.origin, 'second.conf');
    assert.equal(changes, 3);
  });

  it('forgets by connection id; false when nothing was remembered', async () => {
    const store = new CheckedDeviceConfigs(memory());
    await store.remember(cfg(ID));
    assert.equal(await store.forget(ID.toLowerCase()), true);
    assert.equal(await store.forget(ID), false);
    assert.deepEqual(store.all(), []);
  });

  it('skips malformed stored entries and keeps at most the limit', async () => {
    const state = memory();
    state.data.set(CHECKED_CONFIGS_KEY, [{ connectionId: 5 }, null, cfg(ID), { ...cfg(`${ID}x`), maskedLines: [1] }]);
    const store = new CheckedDeviceConfigs(state);
    assert.deepEqual(store.all(), [cfg(ID)]);
    for (let i = 0; i < MAX_CHECKED_CONFIGS + 5; i++) await store.remember(cfg(`${ID}-${i}`));
    assert.equal(store.all().length, MAX_CHECKED_CONFIGS);
  });

  it('attaches only the configurations of the snapshot\'s connections, replacing any it carried', async () => {
    const store = new CheckedDeviceConfigs(memory());
    await store.remember(cfg(ID));
    await store.remember(cfg(`${ID}-elsewhere`));
    const attached = store.attachTo({ ...snap([ID]), checkedDeviceConfigs: [cfg(`${ID}-stale`)] });
    assert.deepEqual(attached.checkedDeviceConfigs?.map((c) => c.connectionId), [ID]);
    assert.equal('checkedDeviceConfigs' in store.attachTo(snap(['other'])), false);
  });
});
