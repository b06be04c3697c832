// The subset of Log Analytics KQL the lab's query endpoint answers: what Gateway Lens's history
// client sends (a table, where, extend with column_ifexists, project, order by, take, summarize
// count() by bin(TimeGenerated, ...) and columns, getschema). Anything else is rejected with a
// message naming the operator, never answered wrongly.
export class LogQueryError extends Error {
  constructor(
    readonly code: 'SyntaxError' | 'SemanticError',
    message: string,
  ) {
    super(message);
  }
}

export type Cell = string | number | null;
export interface LogTable {
  columns: { name: string; type: string }[];
  rows: Cell[][];
}

type Scalar = { kind: 'string'; value: string } | { kind: 'number'; value: number } | { kind: 'datetime'; value: number };

type Condition =
  | { op: '==' | '=~' | '!=' | '!~' | '>' | '>=' | '<' | '<=' | 'has' | 'contains'; column: string; value: Scalar }
  | { op: 'in' | 'in~' | '!in'; column: string; values: Scalar[] }
  | { op: 'between'; column: string; from: Scalar; to: Scalar };

type Stage =
  | { kind: 'where'; all: Condition[] }
  | { kind: 'extend'; items: { name: string; column: string; fallback: Scalar }[] }
  | { kind: 'project'; columns: string[] }
  | { kind: 'order'; column: string; descending: boolean }
  | { kind: 'take'; count: number }
  | { kind: 'summarize'; binColumn: string; binMs: number; by: string[] }
  | { kind: 'getschema' };

export interface LogQuery {
  table: string;
  stages: Stage[];
}

/** A hidden column of pre-aggregated rows: how many table rows the row stands for (summarize adds it up). */
export const ROW_WEIGHT_COLUMN = '__rows';

/**
 * The bin size of a query that a time cube can answer: only where / extend stages before one
 * summarize count() by bin(TimeGenerated, ...), naming no column outside `dims` (time conditions
 * are the request's timespan, not a where). undefined: the query runs over the rows.
 */
export function cubeBinMs(q: LogQuery, dims: readonly string[]): number | undefined {
  const i = q.stages.findIndex((s) => s.kind === 'summarize');
  const summarize = q.stages[i];
  if (!summarize || summarize.kind !== 'summarize' || summarize.binColumn !== 'TimeGenerated') return undefined;
  const known = new Set(dims);
  for (const stage of q.stages.slice(0, i)) {
    if (stage.kind === 'where' && stage.all.every((c) => known.has(c.column))) continue;
    if (stage.kind === 'extend' && stage.items.every((e) => e.name === e.column && known.has(e.column))) continue;
    return undefined;
  }
  if (q.stages.slice(i + 1).some((s) => s.kind === 'summarize' || s.kind === 'getschema')) return undefined;
  return summarize.by.every((c) => known.has(c)) ? summarize.binMs : undefined;
}

const SUPPORTED = 'where, extend (column_ifexists), project, order by / sort by, take / limit, summarize count() by bin(TimeGenerated, <span>) and columns, getschema';
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Splits `text` where `separatorAt(text, i)` matches (its length), outside quotes and parentheses;
 * the parts come back trimmed.
 */
function splitOutside(text: string, separatorAt: (text: string, i: number) => number): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0) {
      const length = separatorAt(text, i);
      if (length > 0) {
        out.push(text.slice(start, i));
        start = i + length;
        i = start - 1;
      }
    }
  }
  out.push(text.slice(start));
  return out.map((s) => s.trim());
}

/** Splits on `sep` outside quotes and parentheses. */
function splitTop(text: string, sep: string): string[] {
  return splitOutside(text, (t, i) => (t.startsWith(sep, i) ? sep.length : 0));
}

/** Splits on ' and ' outside quotes and parentheses (between's ".." keeps its own parentheses). */
function splitAnd(text: string): string[] {
  return splitOutside(text, (t, i) => {
    if (!/\s/.test(t[i]!) || !/^\s+and\s+/i.test(t.slice(i, i + 6))) return 0;
    return /^\s+and\s+/i.exec(t.slice(i))![0].length;
  });
}

/** A span like 5m, 1h, 30s, 1d, 100ms. */
export function parseSpan(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text.trim());
  if (!m) throw new LogQueryError('SyntaxError', `bin(): "${text}" is not a timespan literal such as 5m, 1h or 1d`);
  const n = Number(m[1]);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'ms' | 's' | 'm' | 'h' | 'd'];
  if (n <= 0) throw new LogQueryError('SemanticError', `bin(): the bin size must be positive (got "${text}")`);
  return n * unit;
}

function parseScalar(text: string): Scalar {
  const t = text.trim();
  const str = /^(['"])((?:\\.|(?!\1).)*)\1$/.exec(t);
  if (str) return { kind: 'string', value: str[2]!.replace(/\\(.)/g, '$1') };
  const dt = /^datetime\(\s*([^)]+?)\s*\)$/i.exec(t);
  if (dt) {
    const v = Date.parse(dt[1]!.replace(/^['"]|['"]$/g, ''));
    if (Number.isNaN(v)) throw new LogQueryError('SyntaxError', `datetime(${dt[1]}) is not a valid date`);
    return { kind: 'datetime', value: v };
  }
  if (/^-?\d+(\.\d+)?$/.test(t)) return { kind: 'number', value: Number(t) };
  throw new LogQueryError('SyntaxError', `expected a 'string', a number or datetime(...), got "${t}"`);
}

function parseList(text: string): Scalar[] {
  const m = /^\((.*)\)$/s.exec(text.trim());
  if (!m) throw new LogQueryError('SyntaxError', `expected a parenthesised list, got "${text}"`);
  return splitTop(m[1]!, ',').filter((s) => s !== '').map(parseScalar);
}

function ident(text: string, where: string): string {
  const t = text.trim();
  if (!IDENT.test(t)) throw new LogQueryError('SyntaxError', `${where}: "${t}" is not a column name`);
  return t;
}

function parseCondition(text: string): Condition {
  const between = /^([A-Za-z_]\w*)\s+between\s*\((.*)\.\.(.*)\)$/is.exec(text);
  if (between) return { op: 'between', column: between[1]!, from: parseScalar(between[2]!), to: parseScalar(between[3]!) };
  const inList = /^([A-Za-z_]\w*)\s+(in~|!in|in)\s*(\(.*\))$/is.exec(text);
  if (inList) return { op: inList[2] as 'in' | 'in~' | '!in', column: inList[1]!, values: parseList(inList[3]!) };
  const cmp = /^([A-Za-z_]\w*)\s*(==|=~|!=|!~|>=|<=|>|<|\bhas\b|\bcontains\b)\s*(.+)$/is.exec(text);
  if (cmp) return { op: cmp[2]!.trim() as '==', column: cmp[1]!, value: parseScalar(cmp[3]!) };
  const word = /^\S+\s+(\S+)/.exec(text)?.[1];
  throw new LogQueryError('SyntaxError', `where: unsupported condition "${text}"${word ? ` (operator "${word}")` : ''}; supported: ==, =~, !=, !~, <, <=, >, >=, has, contains, in, in~, !in, between (a .. b), joined by "and"`);
}

export function parseLogQuery(query: string): LogQuery {
  const parts = splitTop(query.replace(/\/\/[^\n]*/g, ''), '|');
  const table = parts[0]!;
  if (!IDENT.test(table)) throw new LogQueryError('SyntaxError', `a query starts with a table name (got "${table.slice(0, 40)}")`);
  const stages: Stage[] = [];
  for (const raw of parts.slice(1)) {
    const m = /^([A-Za-z-]+)(?:\s+by\b)?\s*(.*)$/s.exec(raw);
    const op = m?.[1]?.toLowerCase() ?? raw;
    const rest = m?.[2] ?? '';
    switch (op) {
      case 'where':
        stages.push({ kind: 'where', all: splitAnd(rest).map(parseCondition) });
        break;
      case 'extend':
        stages.push({
          kind: 'extend',
          items: splitTop(rest, ',').map((item) => {
            const e = /^([A-Za-z_]\w*)\s*=\s*column_ifexists\(\s*(['"])(\w+)\2\s*,\s*(.+)\)$/s.exec(item);
            if (!e) throw new LogQueryError('SyntaxError', `extend: only "name = column_ifexists('column', default)" is supported (got "${item}")`);
            return { name: e[1]!, column: e[3]!, fallback: parseScalar(e[4]!) };
          }),
        });
        break;
      case 'project':
        stages.push({ kind: 'project', columns: splitTop(rest, ',').map((c) => ident(c, 'project')) });
        break;
      case 'order':
      case 'sort': {
        const o = /^([A-Za-z_]\w*)(?:\s+(asc|desc))?$/i.exec(rest.trim());
        if (!o) throw new LogQueryError('SyntaxError', `${op} by: expected "<column> [asc|desc]" (got "${rest}")`);
        stages.push({ kind: 'order', column: o[1]!, descending: (o[2] ?? 'desc').toLowerCase() === 'desc' });
        break;
      }
      case 'take':
      case 'limit': {
        if (!/^\d+$/.test(rest.trim())) throw new LogQueryError('SyntaxError', `${op}: expected a row count (got "${rest}")`);
        stages.push({ kind: 'take', count: Number(rest.trim()) });
        break;
      }
      case 'summarize': {
        const s = /^count\(\)\s+by\s+bin\(\s*([A-Za-z_]\w*)\s*,\s*([^)]+)\)\s*(?:,(.*))?$/is.exec(rest.trim());
        if (!s) throw new LogQueryError('SyntaxError', `summarize: only "count() by bin(TimeGenerated, <span>)[, columns]" is supported (got "summarize ${rest}")`);
        stages.push({ kind: 'summarize', binColumn: s[1]!, binMs: parseSpan(s[2]!), by: s[3] ? splitTop(s[3], ',').map((c) => ident(c, 'summarize by')) : [] });
        break;
      }
      case 'getschema':
        if (rest.trim() !== '') throw new LogQueryError('SyntaxError', `getschema takes no arguments (got "${rest}")`);
        stages.push({ kind: 'getschema' });
        break;
      default:
        throw new LogQueryError('SyntaxError', `the lab's Log Analytics endpoint does not support the '${op}' operator (supported: ${SUPPORTED})`);
    }
  }
  return { table, stages };
}

function compare(a: Cell, b: Cell): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

function cellOf(s: Scalar, type: string): Cell {
  if (type === 'datetime' && s.kind === 'string') return Date.parse(s.value);
  return s.value;
}

/**
 * Runs a parsed query over a table. `TimeGenerated` cells are epoch milliseconds inside and
 * ISO strings in the result. Unknown columns are a SemanticError, as Log Analytics answers.
 */
export function runLogQuery(q: LogQuery, input: LogTable): LogTable {
  let columns = input.columns.map((c) => ({ ...c }));
  let rows = input.rows;
  const index = (name: string, where: string): number => {
    const i = columns.findIndex((c) => c.name === name);
    if (i < 0) throw new LogQueryError('SemanticError', `'${where}' operator: Failed to resolve scalar expression named '${name}'`);
    return i;
  };
  for (const stage of q.stages) {
    switch (stage.kind) {
      case 'where': {
        const tests = stage.all.map((c) => {
          const i = index(c.column, 'where');
          const type = columns[i]!.type;
          const lower = (v: Cell): string => String(v ?? '').toLowerCase();
          switch (c.op) {
            case 'between': {
              const from = cellOf(c.from, type);
              const to = cellOf(c.to, type);
              return (r: Cell[]) => compare(r[i]!, from) >= 0 && compare(r[i]!, to) <= 0;
            }
            case 'in':
            case '!in': {
              const set = new Set(c.values.map((v) => cellOf(v, type)));
              return c.op === 'in' ? (r: Cell[]) => set.has(r[i]!) : (r: Cell[]) => !set.has(r[i]!);
            }
            case 'in~': {
              const set = new Set(c.values.map((v) => String(v.value).toLowerCase()));
              const memo = new Map<Cell, boolean>();
              return (r: Cell[]) => {
                const x = r[i]!;
                let hit = memo.get(x);
                if (hit === undefined) {
                  hit = set.has(lower(x));
                  if (memo.size < 10_000) memo.set(x, hit);
                }
                return hit;
              };
            }
            default: {
              const v = cellOf(c.value, type);
              const lv = String(v).toLowerCase();
              const ops: Record<string, (x: Cell) => boolean> = {
                '==': (x) => x === v,
                '!=': (x) => x !== v,
                '=~': (x) => lower(x) === lv,
                '!~': (x) => lower(x) !== lv,
                '>': (x) => compare(x, v) > 0,
                '>=': (x) => compare(x, v) >= 0,
                '<': (x) => compare(x, v) < 0,
                '<=': (x) => compare(x, v) <= 0,
                has: (x) => new RegExp(`\\b${lv.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(lower(x)),
                contains: (x) => lower(x).includes(lv),
              };
              const f = ops[c.op]!;
              // Log columns repeat few distinct values (a gateway id, a category): answer each once.
              const memo = new Map<Cell, boolean>();
              return (r: Cell[]) => {
                const x = r[i]!;
                if (typeof x !== 'string') return f(x);
                let hit = memo.get(x);
                if (hit === undefined) {
                  hit = f(x);
                  if (memo.size < 10_000) memo.set(x, hit);
                }
                return hit;
              };
            }
          }
        });
        rows = rows.filter((r) => tests.every((t) => t(r)));
        break;
      }
      case 'extend': {
        for (const item of stage.items) {
          const src = columns.findIndex((c) => c.name === item.column);
          const fallback = item.fallback.value;
          const existing = columns.findIndex((c) => c.name === item.name);
          const type = src >= 0 ? columns[src]!.type : item.fallback.kind === 'number' ? 'real' : 'string';
          // `x = column_ifexists('x', d)` on a table that has x changes nothing (the usual case).
          if (existing >= 0 && existing === src) continue;
          if (existing >= 0) {
            rows = rows.map((r) => {
              const copy = [...r];
              copy[existing] = src >= 0 ? r[src]! : fallback;
              return copy;
            });
          } else {
            columns.push({ name: item.name, type });
            rows = rows.map((r) => [...r, src >= 0 ? r[src]! : fallback]);
          }
        }
        break;
      }
      case 'project': {
        const idx = stage.columns.map((c) => index(c, 'project'));
        columns = idx.map((i) => columns[i]!);
        rows = rows.map((r) => idx.map((i) => r[i]!));
        break;
      }
      case 'order': {
        const i = index(stage.column, 'order by');
        const sign = stage.descending ? -1 : 1;
        rows = rows.map((r, n) => ({ r, n })).sort((a, b) => sign * compare(a.r[i]!, b.r[i]!) || a.n - b.n).map((x) => x.r);
        break;
      }
      case 'take':
        rows = rows.slice(0, stage.count);
        break;
      case 'summarize': {
        const t = index(stage.binColumn, 'summarize');
        const by = stage.by.map((c) => index(c, 'summarize'));
        const groups = new Map<string, { key: Cell[]; count: number }>();
        // Pre-aggregated rows (a time cube's) carry how many rows each stands for.
        const weight = columns.findIndex((c) => c.name === ROW_WEIGHT_COLUMN);
        for (const r of rows) {
          const v = r[t];
          const bin = typeof v === 'number' ? Math.floor(v / stage.binMs) * stage.binMs : v;
          let k = String(bin);
          for (const i of by) k += `\u0000${r[i]!}`;
          const n = weight >= 0 ? (r[weight] as number) : 1;
          const g = groups.get(k);
          if (g) g.count += n;
          else groups.set(k, { key: [bin ?? null, ...by.map((i) => r[i]!)], count: n });
        }
        columns = [{ name: stage.binColumn, type: columns[t]!.type }, ...by.map((i) => columns[i]!), { name: 'count_', type: 'long' }];
        rows = [...groups.values()].map((g) => [...g.key, g.count]);
        break;
      }
      case 'getschema':
        rows = columns.map((c, i) => [c.name, i, c.type === 'datetime' ? 'System.DateTime' : c.type === 'long' ? 'System.Int64' : 'System.String', c.type]);
        columns = [
          { name: 'ColumnName', type: 'string' },
          { name: 'ColumnOrdinal', type: 'int' },
          { name: 'DataType', type: 'string' },
          { name: 'ColumnType', type: 'string' },
        ];
        break;
    }
  }
  return { columns, rows };
}
