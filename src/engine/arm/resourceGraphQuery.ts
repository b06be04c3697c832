// The small subset of Resource Graph's KQL that the lab answers: the inventory query the client
// sends (`resources | where <col> in~ (...) | project ... | order by ...`). Anything outside the
// subset is rejected with a message naming the stage, rather than silently answered wrongly.
import type { JsonObject, JsonValue } from './armWire';

export interface KqlFilter {
  column: string;
  /** Lower-cased values; comparisons are case-insensitive (`in~`, `=~`). */
  values: string[];
}

export interface KqlQuery {
  table: 'resources';
  filters: KqlFilter[];
  project?: string[];
  orderBy?: { column: string; descending: boolean };
}

export class KqlParseError extends Error {}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

function parseStringList(text: string, stage: string): string[] {
  const values: string[] = [];
  const re = /\s*'((?:[^'\\]|\\.)*)'\s*(,|$)/y;
  let pos = 0;
  while (pos < text.length) {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) throw new KqlParseError(`KQL: expected a list of 'quoted' strings in "${stage}"`);
    values.push(m[1]!.replace(/\\(.)/g, '$1').toLowerCase());
    pos = re.lastIndex;
  }
  if (values.length === 0) throw new KqlParseError(`KQL: empty value list in "${stage}"`);
  return values;
}

function parseWhere(body: string, stage: string): KqlFilter {
  const inMatch = /^([A-Za-z_][A-Za-z0-9_]*)\s+in~\s*\((.*)\)$/s.exec(body);
  if (inMatch) return { column: inMatch[1]!, values: parseStringList(inMatch[2]!, stage) };
  const eqMatch = /^([A-Za-z_][A-Za-z0-9_]*)\s*=~\s*(.*)$/s.exec(body);
  if (eqMatch) return { column: eqMatch[1]!, values: parseStringList(eqMatch[2]!, stage) };
  throw new KqlParseError(`KQL: unsupported filter "${stage}" (the lab supports "where <column> in~ ('a', 'b')" and "where <column> =~ 'a'")`);
}

export function parseKql(query: string): KqlQuery {
  const stages = query.split('|').map((s) => s.trim());
  const table = stages.shift() ?? '';
  if (table.toLowerCase() !== 'resources') {
    throw new KqlParseError(`KQL: unsupported table "${table}" (the lab answers queries on "resources" only)`);
  }
  const parsed: KqlQuery = { table: 'resources', filters: [] };
  for (const stage of stages) {
    const m = /^(\w+)\s+(.*)$/s.exec(stage);
    const op = m?.[1]?.toLowerCase();
    const body = m?.[2]?.trim() ?? '';
    if (op === 'where') {
      parsed.filters.push(parseWhere(body, stage));
    } else if (op === 'project') {
      const cols = body.split(',').map((c) => c.trim());
      const bad = cols.find((c) => !IDENT.test(c));
      if (bad !== undefined) throw new KqlParseError(`KQL: bad column "${bad}" in "${stage}"`);
      parsed.project = cols;
    } else if (op === 'order' || op === 'sort') {
      const o = /^by\s+([A-Za-z_][A-Za-z0-9_]*)(?:\s+(asc|desc))?$/i.exec(body);
      if (!o) throw new KqlParseError(`KQL: unsupported ordering "${stage}" (use "order by <column> asc|desc")`);
      parsed.orderBy = { column: o[1]!, descending: (o[2] ?? 'asc').toLowerCase() === 'desc' };
    } else {
      throw new KqlParseError(`KQL: unsupported stage "${stage}" (the lab supports where, project and order by)`);
    }
  }
  return parsed;
}

function cellText(value: JsonValue | undefined): string {
  return typeof value === 'string' ? value.toLowerCase() : JSON.stringify(value ?? null);
}

/** Runs a parsed query over rows (Resource Graph's `resources` table shape). */
export function runKql(query: KqlQuery, rows: JsonObject[]): JsonObject[] {
  let out = rows.filter((row) => query.filters.every((f) => f.values.includes(cellText(row[f.column]))));
  if (query.orderBy) {
    const { column, descending } = query.orderBy;
    out = [...out].sort((a, b) => {
      const x = cellText(a[column]);
      const y = cellText(b[column]);
      const cmp = x < y ? -1 : x > y ? 1 : 0;
      return descending ? -cmp : cmp;
    });
  }
  const cols = query.project;
  if (cols) {
    out = out.map((row) => {
      const projected: JsonObject = {};
      for (const c of cols) projected[c] = row[c] ?? null;
      return projected;
    });
  }
  return out;
}
