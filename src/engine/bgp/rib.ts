// The routing information bases of one BGP speaker: Adj-RIB-In per peer, locally originated
// routes and the Loc-RIB (best path per prefix). Adj-RIB-Out lives on the session end, since
// it is per peer and per connection. Tables are keyed by prefix keys (see prefixKey) and hold
// shared attribute objects (PathAttrs), not one path object per route: a million routes from one
// site cost a slot per table, not a million objects. BgpPath objects are made only for readers.
import { type BgpPath, type PathAttrs, compareBgpPaths, pathOf } from './bgpPath';
import { DenseMap } from './denseMap';
import { prefixOfKey, prefixTextOfKey } from '../../model/prefix';

/** Routes as two columns: keys[i] carries attrs[i] (an UPDATE's announcements, an export batch). */
export interface RouteBatch {
  readonly keys: readonly number[];
  readonly attrs: readonly PathAttrs[];
}

export class Rib {
  private readonly originated = new DenseMap<PathAttrs>();
  private readonly adjIn = new Map<string, DenseMap<PathAttrs>>();
  private readonly loc = new DenseMap<PathAttrs>();
  private changes = 0;
  /** Called before any table changes (readers holding rows built lazily from them finish first). */
  beforeChange: (() => void) | undefined;

  /** Bumped on every change of any table (not only best paths): caches of derived tables compare it. */
  get version(): number {
    return this.changes;
  }

  /** Adds or replaces locally originated routes, all with `attrs`; returns the keys whose best path changed. */
  originate(keys: readonly number[], attrs: PathAttrs): number[] {
    this.beforeChange?.();
    for (const k of keys) this.originated.set(k, attrs);
    return this.recompute(keys);
  }

  withdrawOriginated(keys: readonly number[]): number[] {
    this.beforeChange?.();
    return this.recompute(keys.filter((k) => this.originated.delete(k)));
  }

  /** Applies an UPDATE from `peer`; returns the keys whose best path changed. */
  update(peer: string, announce: RouteBatch, withdraw: readonly number[]): number[] {
    this.beforeChange?.();
    let table = this.adjIn.get(peer);
    if (!table) {
      table = new DenseMap();
      this.adjIn.set(peer, table);
    }
    const touched: number[] = [];
    for (const k of withdraw) if (table.delete(k)) touched.push(k);
    const { keys, attrs } = announce;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      table.set(k, attrs[i]!);
      touched.push(k);
    }
    return this.recompute(touched);
  }

  /** Forgets everything learned from `peer` (session down); returns the keys whose best path changed. */
  dropPeer(peer: string): number[] {
    const table = this.adjIn.get(peer);
    if (!table || table.size === 0) return [];
    this.beforeChange?.();
    this.adjIn.delete(peer);
    return this.recompute(table.keyArray());
  }

  /** Forgets every peer's routes (the speaker lost its memory); keeps originated routes. */
  dropAllPeers(): number[] {
    this.beforeChange?.();
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

  /** The best path's attributes for a prefix key. */
  best(key: number): PathAttrs | undefined {
    return this.loc.get(key);
  }

  /** Best path for a prefix given in text (for tools and tests). */
  bestFor(prefixText: string): BgpPath | undefined {
    for (const [k, a] of this.loc.entries()) if (prefixTextOfKey(k) === prefixText) return pathOf(prefixOfKey(k), a);
    return undefined;
  }

  /** The Loc-RIB: one best path per prefix (objects made as they are read). */
  *bestPaths(): IterableIterator<BgpPath> {
    for (const [k, a] of this.loc.entries()) yield pathOf(prefixOfKey(k), a);
  }

  bestKeys(): IterableIterator<number> {
    return this.loc.keys();
  }

  /** The Loc-RIB's keys as an array (what a new session advertises first). */
  bestKeyArray(): number[] {
    return this.loc.keyArray();
  }

  get bestCount(): number {
    return this.loc.size;
  }

  /** Every path the speaker holds: originated first, then each peer's Adj-RIB-In (what ARM calls learned routes). */
  *allPaths(): IterableIterator<BgpPath> {
    for (const [k, a] of this.originated.entries()) yield pathOf(prefixOfKey(k), a);
    for (const table of this.adjIn.values()) for (const [k, a] of table.entries()) yield pathOf(prefixOfKey(k), a);
  }

  /** Every route the speaker holds, as (key, attributes) in allPaths' order, without making paths. */
  eachPath(visit: (key: number, attrs: PathAttrs) => void): void {
    this.originated.forEach(visit);
    for (const table of this.adjIn.values()) table.forEach(visit);
  }

  /** Every path held for one prefix (originated and from each peer). */
  *pathsFor(prefixText: string): IterableIterator<BgpPath> {
    for (const p of this.allPaths()) if (p.prefix.text === prefixText) yield p;
  }

  /**
   * The best path's attributes shared by every key the last change returned, when they all have
   * one (a peer's full table of 1,000,000 routes usually does); undefined when they differ or a
   * best path went away. Lets sessions export such a batch without visiting each key.
   */
  get lastChangeUniform(): PathAttrs | undefined {
    return this.uniform ?? undefined;
  }

  private uniform: PathAttrs | null | undefined;

  private recompute(keys: readonly number[]): number[] {
    if (keys.length > 0) this.changes++;
    let uniform: PathAttrs | null | undefined;
    // Hot path (1,000,000-route updates): no generators, no per-prefix allocation. A key listed
    // twice is harmless: the second pass finds the best path unchanged.
    const changed: number[] = [];
    const tables = [...this.adjIn.values()];
    const originated = this.originated;
    const loc = this.loc;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      let best = originated.get(k);
      for (let t = 0; t < tables.length; t++) {
        const p = tables[t]!.get(k);
        if (p !== undefined && p !== best && (best === undefined || compareBgpPaths(p, best) < 0)) best = p;
      }
      const old = loc.get(k);
      if (best === old) continue;
      if (best) loc.set(k, best);
      else loc.delete(k);
      changed.push(k);
      if (uniform === undefined) uniform = best ?? null;
      else if (uniform !== best) uniform = null;
    }
    this.uniform = uniform;
    return changed;
  }
}
