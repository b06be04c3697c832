// The routing information bases of one BGP speaker: Adj-RIB-In per peer, locally originated
// routes and the Loc-RIB (best path per prefix). Adj-RIB-Out lives on the session end, since
// it is per peer and per connection. Tables are keyed by prefix keys (see prefixKey).
import { type BgpPath, compareBgpPaths } from './bgpPath';
import { DenseMap } from './denseMap';
import { prefixKey } from '../../model/prefix';

export class Rib {
  private readonly originated = new DenseMap<BgpPath>();
  private readonly adjIn = new Map<string, DenseMap<BgpPath>>();
  private readonly loc = new DenseMap<BgpPath>();
  private changes = 0;

  /** Bumped on every change of any table (not only best paths): caches of derived tables compare it. */
  get version(): number {
    return this.changes;
  }

  /** Adds or replaces locally originated paths; returns the keys of prefixes whose best path changed. */
  originate(paths: readonly BgpPath[]): number[] {
    const touched: number[] = [];
    for (const p of paths) {
      const k = prefixKey(p.prefix);
      this.originated.set(k, p);
      touched.push(k);
    }
    return this.recompute(touched);
  }

  withdrawOriginated(keys: readonly number[]): number[] {
    return this.recompute(keys.filter((k) => this.originated.delete(k)));
  }

  /** Applies an UPDATE from `peer`; returns the keys whose best path changed. */
  update(peer: string, announce: readonly BgpPath[], withdraw: readonly number[]): number[] {
    let table = this.adjIn.get(peer);
    if (!table) {
      table = new DenseMap();
      this.adjIn.set(peer, table);
    }
    const touched: number[] = [];
    for (const k of withdraw) if (table.delete(k)) touched.push(k);
    for (const p of announce) {
      const k = prefixKey(p.prefix);
      table.set(k, p);
      touched.push(k);
    }
    return this.recompute(touched);
  }

  /** Forgets everything learned from `peer` (session down); returns the keys whose best path changed. */
  dropPeer(peer: string): number[] {
    const table = this.adjIn.get(peer);
    if (!table || table.size === 0) return [];
    this.adjIn.delete(peer);
    return this.recompute([...table.keys()]);
  }

  /** Forgets every peer's routes (the speaker lost its memory); keeps originated routes. */
  dropAllPeers(): number[] {
    const touched: number[] = [];
    for (const table of this.adjIn.values()) for (const k of table.keys()) touched.push(k);
    this.adjIn.clear();
    return this.recompute(touched);
  }

  receivedCount(peer: string): number {
    return this.adjIn.get(peer)?.size ?? 0;
  }

  hasFromPeer(peer: string, key: number): boolean {
    return this.adjIn.get(peer)?.has(key) ?? false;
  }

  best(key: number): BgpPath | undefined {
    return this.loc.get(key);
  }

  /** Best path for a prefix given in text (for tools and tests). */
  bestFor(prefixText: string): BgpPath | undefined {
    for (const p of this.loc.values()) if (p.prefix.text === prefixText) return p;
    return undefined;
  }

  /** The Loc-RIB: one best path per prefix. */
  bestPaths(): IterableIterator<BgpPath> {
    return this.loc.values();
  }

  bestKeys(): IterableIterator<number> {
    return this.loc.keys();
  }

  get bestCount(): number {
    return this.loc.size;
  }

  /** Every path the speaker holds: originated first, then each peer's Adj-RIB-In (what ARM calls learned routes). */
  *allPaths(): IterableIterator<BgpPath> {
    yield* this.originated.values();
    for (const table of this.adjIn.values()) yield* table.values();
  }

  /** Every path held for one prefix (originated and from each peer). */
  *pathsFor(prefixText: string): IterableIterator<BgpPath> {
    for (const p of this.allPaths()) if (p.prefix.text === prefixText) yield p;
  }

  private recompute(keys: readonly number[]): number[] {
    if (keys.length > 0) this.changes++;
    // Hot path (100,000-route updates): no generators, no per-prefix allocation. A key listed
    // twice is harmless: the second pass finds the best path unchanged.
    const changed: number[] = [];
    const tables = [...this.adjIn.values()];
    for (const k of keys) {
      let best = this.originated.get(k);
      for (const table of tables) {
        const p = table.get(k);
        if (p && (!best || compareBgpPaths(p, best) < 0)) best = p;
      }
      const old = this.loc.get(k);
      if (best === old) continue;
      if (best) this.loc.set(k, best);
      else this.loc.delete(k);
      changed.push(k);
    }
    return changed;
  }
}
