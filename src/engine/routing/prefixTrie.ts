// A binary (one bit per level) prefix trie with longest-prefix match for IPv4 and IPv6.
// Nodes live in typed arrays so a lookup walks integers and allocates nothing; that is what
// lets a 100,000-route table answer millions of lookups per second.
import { type Prefix, parseAddress } from './prefix';

const NIL = 0;
const ROOT4 = 1;
const ROOT6 = 2;

export interface TrieMatch<T> {
  prefix: Prefix;
  value: T;
}

export class PrefixTrie<T> {
  private left: Int32Array;
  private right: Int32Array;
  /** Index into `values`/`prefixes`, or -1 when no prefix ends at the node. */
  private slot: Int32Array;
  private nodes = 3;
  private values: (T | undefined)[] = [];
  private prefixes: (Prefix | undefined)[] = [];
  private freeSlots: number[] = [];
  private count = 0;

  constructor(initialNodes = 1024) {
    const n = Math.max(4, initialNodes);
    this.left = new Int32Array(n);
    this.right = new Int32Array(n);
    this.slot = new Int32Array(n).fill(-1);
  }

  /** Number of prefixes stored. */
  get size(): number {
    return this.count;
  }

  /** Inserts or replaces the value stored for exactly `prefix`. */
  set(prefix: Prefix, value: T): void {
    let node = prefix.family === 4 ? ROOT4 : ROOT6;
    for (let depth = 0; depth < prefix.length; depth++) {
      const bit = bitAt(prefix.words, depth);
      let next = bit ? this.right[node]! : this.left[node]!;
      if (next === NIL) {
        next = this.newNode();
        if (bit) this.right[node] = next;
        else this.left[node] = next;
      }
      node = next;
    }
    const existing = this.slot[node]!;
    if (existing >= 0) {
      this.values[existing] = value;
      return;
    }
    const s = this.freeSlots.pop() ?? this.values.length;
    this.values[s] = value;
    this.prefixes[s] = prefix;
    this.slot[node] = s;
    this.count++;
  }

  /** Removes exactly `prefix`; returns whether it was present. Nodes stay (cheap re-insert). */
  delete(prefix: Prefix): boolean {
    const node = this.findNode(prefix);
    if (node === NIL) return false;
    const s = this.slot[node]!;
    if (s < 0) return false;
    this.slot[node] = -1;
    this.values[s] = undefined;
    this.prefixes[s] = undefined;
    this.freeSlots.push(s);
    this.count--;
    return true;
  }

  /** The value stored for exactly `prefix`. */
  get(prefix: Prefix): T | undefined {
    const node = this.findNode(prefix);
    if (node === NIL) return undefined;
    const s = this.slot[node]!;
    return s >= 0 ? this.values[s] : undefined;
  }

  /** Longest-prefix match for an IPv4 address given as an unsigned 32-bit number; no allocation. */
  lookupV4(address: number): T | undefined {
    const s = this.matchV4(address);
    return s >= 0 ? this.values[s] : undefined;
  }

  /** Longest-prefix match for an IPv6 address given as four 32-bit words; no allocation. */
  lookupV6(w0: number, w1: number, w2: number, w3: number): T | undefined {
    const s = this.matchV6(w0, w1, w2, w3);
    return s >= 0 ? this.values[s] : undefined;
  }

  /** Longest-prefix match for an address in text (parses it, so it allocates: for CLIs and tests). */
  lookup(address: string): TrieMatch<T> | undefined {
    const { family, words } = parseAddress(address);
    const s = family === 4 ? this.matchV4(words[0]!) : this.matchV6(words[0]!, words[1]!, words[2]!, words[3]!);
    return s >= 0 ? { prefix: this.prefixes[s]!, value: this.values[s] as T } : undefined;
  }

  /** Every stored prefix and value, in no particular order. */
  *entries(): IterableIterator<TrieMatch<T>> {
    for (let s = 0; s < this.prefixes.length; s++) {
      const p = this.prefixes[s];
      if (p) yield { prefix: p, value: this.values[s] as T };
    }
  }

  private matchV4(address: number): number {
    const left = this.left;
    const right = this.right;
    const slot = this.slot;
    let node = ROOT4;
    let best = slot[node]!;
    for (let bit = 31; bit >= 0; bit--) {
      node = (address >>> bit) & 1 ? right[node]! : left[node]!;
      if (node === NIL) break;
      const s = slot[node]!;
      if (s >= 0) best = s;
    }
    return best;
  }

  private matchV6(w0: number, w1: number, w2: number, w3: number): number {
    const left = this.left;
    const right = this.right;
    const slot = this.slot;
    let node = ROOT6;
    let best = slot[node]!;
    for (let depth = 0; depth < 128; depth++) {
      const w = depth < 32 ? w0 : depth < 64 ? w1 : depth < 96 ? w2 : w3;
      node = (w >>> (31 - (depth & 31))) & 1 ? right[node]! : left[node]!;
      if (node === NIL) break;
      const s = slot[node]!;
      if (s >= 0) best = s;
    }
    return best;
  }

  private findNode(prefix: Prefix): number {
    let node = prefix.family === 4 ? ROOT4 : ROOT6;
    for (let depth = 0; depth < prefix.length && node !== NIL; depth++) {
      node = bitAt(prefix.words, depth) ? this.right[node]! : this.left[node]!;
    }
    return node;
  }

  private newNode(): number {
    if (this.nodes === this.left.length) {
      const n = this.left.length * 2;
      this.left = grow(this.left, n, 0);
      this.right = grow(this.right, n, 0);
      this.slot = grow(this.slot, n, -1);
    }
    return this.nodes++;
  }
}

/** Builds a trie from prefix/value pairs (later duplicates replace earlier ones). */
export function buildPrefixTrie<T>(entries: Iterable<readonly [Prefix, T]>): PrefixTrie<T> {
  const trie = new PrefixTrie<T>();
  for (const [p, v] of entries) trie.set(p, v);
  return trie;
}

function bitAt(words: readonly number[], depth: number): number {
  return (words[depth >>> 5]! >>> (31 - (depth & 31))) & 1;
}

function grow(a: Int32Array, n: number, fill: number): Int32Array {
  const b = new Int32Array(n);
  b.set(a);
  if (fill !== 0) b.fill(fill, a.length);
  return b;
}
