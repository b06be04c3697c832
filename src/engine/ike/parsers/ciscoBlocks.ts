// Cisco configurations (IOS, IOS-XE, ASA) as blocks: a top-level command and the indented
// sub-mode commands under it (`exit` closes a sub-mode). Keyrings nest one level deeper.
export interface CiscoLine {
  text: string;
  line: number;
  depth: number;
}

export interface CiscoBlock {
  header: string;
  line: number;
  children: CiscoLine[];
}

export function ciscoBlocks(lines: string[]): CiscoBlock[] {
  const blocks: CiscoBlock[] = [];
  let cur: CiscoBlock | undefined;
  lines.forEach((raw, i) => {
    const n = i + 1;
    if (/^\s*!/.test(raw) || raw.trim() === '' || /^\s*:/.test(raw)) return;
    const depth = raw.length - raw.trimStart().length;
    const text = raw.trim().replace(/\s+/g, ' ');
    if (depth === 0) {
      if (text === 'exit' || text === 'end') {
        cur = undefined;
        return;
      }
      cur = { header: text, line: n, children: [] };
      blocks.push(cur);
      return;
    }
    if (text === 'exit' || text === 'exit-address-family') return;
    if (cur) cur.children.push({ text, line: n, depth });
    else blocks.push({ header: text, line: n, children: [] });
  });
  return blocks;
}

/** Cisco "10.0.0.0 0.255.255.255" (wildcard) or "10.0.0.0 255.0.0.0" (mask) pairs, and "host a.b.c.d", "any". */
export function readAclAddress(tokens: string[], wildcard: boolean): { prefix: string; used: number } | undefined {
  const t = tokens[0];
  if (t === undefined) return undefined;
  if (t === 'any' || t === 'any4') return { prefix: '0.0.0.0/0', used: 1 };
  if (t === 'host' && tokens[1]) return { prefix: `${tokens[1]}/32`, used: 2 };
  const m = tokens[1];
  if (!m) return undefined;
  const parts = m.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return undefined;
  let bits = parts.reduce((acc, p) => acc * 256 + p, 0);
  if (wildcard) bits = 0xffffffff - bits;
  const bin = bits.toString(2).padStart(32, '0');
  if (!/^1*0*$/.test(bin)) return undefined;
  const len = bin.indexOf('0') === -1 ? 32 : bin.indexOf('0');
  return { prefix: `${t}/${len}`, used: 2 };
}
