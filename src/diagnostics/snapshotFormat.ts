// Writing snapshot files (Save snapshot). Kept apart from snapshotFile.ts so the extension does
// not load ajv and the schema at activation just to be able to save.
import type { NetworkSnapshot } from '../model/snapshot';

/** The $id of schemas/snapshot.schema.json (a test checks they agree). */
export const SNAPSHOT_SCHEMA_ID = 'https://gateway-lens.dev/schemas/snapshot.schema.json';

/** The file format written by Save snapshot: the snapshot itself, pretty-printed, with its schema id. */
export function serializeSnapshot(snapshot: NetworkSnapshot): string {
  return `${JSON.stringify({ $schema: SNAPSHOT_SCHEMA_ID, ...snapshot }, null, 2)}\n`;
}
