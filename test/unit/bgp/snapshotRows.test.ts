// Lab snapshots build their route rows (learned, advertised, effective) only when read. A
// snapshot read after the lab moved on must still hold the rows of its own moment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createLab } from '../../../src/engine/createLab';
import { loadScenario } from '../../../src/engine/scenario/loadScenario';

const file = join(__dirname, '..', '..', '..', 'scenarios', 'coex-er-vpn-session-down.gwlab.json');

test('a snapshot read after its routes changed shows the routes of its own moment', async () => {
  const scenario = await loadScenario(file);
  const eager = createLab(scenario, { recordEvents: false });
  eager.runUntil(60);
  const atOneMinute = JSON.stringify(eager.snapshot());

  const lazy = createLab(scenario, { recordEvents: false });
  lazy.runUntil(60);
  const held = lazy.snapshot();
  lazy.runUntil(240); // the ER<->VPN sessions go down at 3 m: learned, advertised and VNet routes change
  const later = JSON.stringify(lazy.snapshot());
  assert.notEqual(later, atOneMinute, 'the routes must change between the two moments, or this test proves nothing');
  assert.equal(JSON.stringify(held), atOneMinute);
});
