// The one lock every real-VS-Code run takes: machine-wide (not per clone), so a CI run in a
// fresh clone and a developer's run in /work/main never overlap either.
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const EXTHOST_LOCK_DIR = process.env.GWL_EXTHOST_LOCK ?? join(tmpdir(), 'gateway-lens-exthost.lock');
