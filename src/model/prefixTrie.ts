// A binary (one bit per level) prefix trie with longest-prefix match for IPv4 and IPv6.
// Nodes live in one typed array (left, right, slot side by side: one cache line per level) so a
// lookup walks integers and allocates nothing. IPv4 lookups skip the first 16 levels through a
// 65,536-entry direct table (node at depth 16 and best match of length <= 16), kept up to date
// on insert and delete; that is what lets a 100,000-route table answer millions of lookups per second.
import { type Prefix, makePrefix, parseAddress } from './prefix';

const NIL = 0;
const ROOT4 = 1;
const ROOT6 = 2;
/** Int32 fields per node: left child, right child, slot (-1 when no prefix ends here). */
const STRIDE = 3;
const DIRECT_BITS = 16;

export interface TrieMatch<T> {
  prefix: Prefix;
  value: T;
}

export class PrefixTrie<T> {
  /** Node i: n[3i] left, n[3i+1] right, n[3i+2] slot (index into `values` and the slot columns) or -1. */
  private n: Int32Array;
  private nodes = 3;
  /** IPv4 direct table: node at depth 16 for each value of the top 16 bits (NIL if none). */
  private readonly dirNode = new Int32Array(1 << DIRECT_BITS);
  /** IPv4 direct table: best slot among prefixes of length <= 16 covering each top-16 value. */
  private readonly dirBest = new Int32Array(1 << DIRECT_BITS).fill(-1);
  private values: (T | undefined)[] = [];
  /**
   * The prefix of each slot, kept as numbers (a Prefix object per route would be most of a
   * million-route table's memory): IPv4 network word and length; IPv6 prefixes by slot.
   * Length -1 marks a free slot. Prefix objects are made when a caller asks for one.
   */
  private slotWord = new Int32Array(64);
  private slotLength = new Int16Array(64).fill(-1);
  private readonly slotV6 = new Map<number, Prefix>();
  private freeSlots: number[] = [];
  private count = 0;

  constructor(initialNodes = 1024) {
    const count = Math.max(4, initialNodes);
    this.n = new Int32Array(count * STRIDE);
    for (let i = 0; i < count; i++) this.n[i * STRIDE + 2] = -1;
  }

  /** Number of prefixes stored. */
  get size(): number {
    return this.count;
  }

  /** Inserts or replaces the value stored for exactly `prefix`. */
  set(prefix: Prefix, value: T): void {
    if (prefix.family === 4) this.setV4(prefix.words[0]!, prefix.length, value);
    else this.insert(prefix.words, prefix.length, false, value, prefix);
  }

  /** Inserts or replaces the value of the IPv4 prefix word/length (host bits clear), without a Prefix object. */
  setV4(word: number, length: number, value: T): void {
    V4_WORDS[0] = word >>> 0;
    this.insert(V4_WORDS, length, true, value, undefined);
  }

  private insert(words: readonly number[], length: number, v4: boolean, value: T, v6: Prefix | undefined): void {
    let node = v4 ? ROOT4 : ROOT6;
    const top = v4 ? words[0]! >>> DIRECT_BITS : 0;
    let depth = 0;
    if (v4 && length > DIRECT_BITS && this.dirNode[top] !== NIL) {
      // The direct table already knows the node at depth 16: start there.
      node = this.dirNode[top]!;
      depth = DIRECT_BITS;
    }
    for (; depth < length; depth++) {
      const child = node * STRIDE + bitAt(words, depth);
      let next = this.n[child]!;
      if (next === NIL) {
        next = this.newNode();
        this.n[child] = next;
        if (v4 && depth + 1 === DIRECT_BITS) this.dirNode[top] = next;
      }
      node = next;
    }
    const existing = this.n[node * STRIDE + 2]!;
    if (existing >= 0) {
      this.values[existing] = value;
      return;
    }
    const s = this.freeSlots.pop() ?? this.values.length;
    this.values[s] = value;
    if (s >= this.slotLength.length) this.growSlots();
    this.slotLength[s] = length;
    if (v4) this.slotWord[s] = words[0]!;
    else this.slotV6.set(s, v6!);
    this.n[node * STRIDE + 2] = s;
    this.count++;
    if (v4 && length <= DIRECT_BITS) {
      const first = top & ~((1 << (DIRECT_BITS - length)) - 1);
      const end = first + (1 << (DIRECT_BITS - length));
      for (let i = first; i < end; i++) {
        const cur = this.dirBest[i]!;
        if (cur < 0 || this.slotLength[cur]! < length) this.dirBest[i] = s;
      }
    }
  }

  /** Removes exactly `prefix`; returns whether it was present. Nodes stay (cheap re-insert). */
  delete(prefix: Prefix): boolean {
    const node = this.findNode(prefix);
    if (node === NIL) return false;
    const s = this.n[node * STRIDE + 2]!;
    if (s < 0) return false;
    this.n[node * STRIDE + 2] = -1;
    this.values[s] = undefined;
    this.slotLength[s] = -1;
    this.slotV6.delete(s);
    this.freeSlots.push(s);
    this.count--;
    if (prefix.family === 4 && prefix.length <= DIRECT_BITS) {
      const [first, end] = directRange(prefix);
      for (let i = first; i < end; i++) if (this.dirBest[i] === s) this.dirBest[i] = this.bestShortSlot(i);
    }
    return true;
  }

  /** The value stored for exactly `prefix`. */
  get(prefix: Prefix): T | undefined {
    const node = this.findNode(prefix);
    if (node === NIL) return undefined;
    const s = this.n[node * STRIDE + 2]!;
    return s >= 0 ? this.values[s] : undefined;
  }

  /** The value stored for exactly the IPv4 prefix word/length (host bits clear), without a Prefix object. */
  getV4(word: number, length: number): T | undefined {
    let node = ROOT4;
    for (let depth = 0; depth < length && node !== NIL; depth++) node = this.n[node * STRIDE + ((word >>> (31 - depth)) & 1)]!;
    if (node === NIL) return undefined;
    const s = this.n[node * STRIDE + 2]!;
    return s >= 0 ? this.values[s] : undefined;
  }

  /** Longest-prefix match for an IPv4 address as an unsigned number, with the matching prefix. */
  lookupV4Match(address: number): TrieMatch<T> | undefined {
    const s = this.matchV4(address);
    return s >= 0 ? { prefix: this.prefixAt(s), value: this.values[s] as T } : undefined;
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
    return s >= 0 ? { prefix: this.prefixAt(s), value: this.values[s] as T } : undefined;
  }

  /** Every stored prefix and value, in no particular order. */
  *entries(): IterableIterator<TrieMatch<T>> {
    for (let s = 0; s < this.values.length; s++) {
      if (this.slotLength[s]! >= 0) yield { prefix: this.prefixAt(s), value: this.values[s] as T };
    }
  }

  private prefixAt(s: number): Prefix {
    return this.slotV6.get(s) ?? makePrefix(4, [this.slotWord[s]! >>> 0], this.slotLength[s]!);
  }

  private growSlots(): void {
    const words = new Int32Array(this.slotWord.length * 2);
    words.set(this.slotWord);
    this.slotWord = words;
    const lengths = new Int16Array(this.slotLength.length * 2).fill(-1);
    lengths.set(this.slotLength);
    this.slotLength = lengths;
  }

  private matchV4(address: number): number {
    const n = this.n;
    const top = address >>> DIRECT_BITS;
    let best = this.dirBest[top]!;
    let node = this.dirNode[top]!;
    if (node === NIL) return best;
    for (let bit = DIRECT_BITS - 1; bit >= 0; bit--) {
      node = n[node * STRIDE + ((address >>> bit) & 1)]!;
      if (node === NIL) break;
      const s = n[node * STRIDE + 2]!;
      if (s >= 0) best = s;
    }
    return best;
  }

  private matchV6(w0: number, w1: number, w2: number, w3: number): number {
    const n = this.n;
    let node = ROOT6;
    let best = n[node * STRIDE + 2]!;
    for (let depth = 0; depth < 128; depth++) {
      const w = depth < 32 ? w0 : depth < 64 ? w1 : depth < 96 ? w2 : w3;
      node = n[node * STRIDE + ((w >>> (31 - (depth & 31))) & 1)]!;
      if (node === NIL) break;
      const s = n[node * STRIDE + 2]!;
      if (s >= 0) best = s;
    }
    return best;
  }

  /** Best slot among IPv4 prefixes of length <= 16 covering top-16 value `top` (walks the first 16 levels). */
  private bestShortSlot(top: number): number {
    const n = this.n;
    let node = ROOT4;
    let best = n[node * STRIDE + 2]!;
    for (let bit = DIRECT_BITS - 1; bit >= 0; bit--) {
      node = n[node * STRIDE + ((top >>> bit) & 1)]!;
      if (node === NIL) break;
      const s = n[node * STRIDE + 2]!;
      if (s >= 0) best = s;
    }
    return best;
  }

  private findNode(prefix: Prefix): number {
    let node = prefix.family === 4 ? ROOT4 : ROOT6;
    for (let depth = 0; depth < prefix.length && node !== NIL; depth++) {
      node = this.n[node * STRIDE + bitAt(prefix.words, depth)]!;
    }
    return node;
  }

  private newNode(): number {
    if (this.nodes * STRIDE === this.n.length) {
      const bigger = new Int32Array(this.n.length * 2);
      bigger.set(this.n);
      for (let i = this.nodes; i < this.nodes * 2; i++) bigger[i * STRIDE + 2] = -1;
      this.n = bigger;
    }
    return this.nodes++;
  }
}

/** Scratch word array for setV4 (insert reads words by index; no allocation per call). */
const V4_WORDS = [0];

function bitAt(words: readonly number[], depth: number): number {
  return (words[depth >>> 5]! >>> (31 - (depth & 31))) & 1;
}

/** Top-16 values covered by a short IPv4 prefix: [first, end). */
function directRange(prefix: Prefix): [number, number] {
  const first = prefix.words[0]! >>> DIRECT_BITS;
  return [first, first + (1 << (DIRECT_BITS - prefix.length))];
}
