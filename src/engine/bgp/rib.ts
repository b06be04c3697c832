// The routing information bases of one BGP speaker: Adj-RIB-In per peer, locally originated
// routes and the Loc-RIB (best path per prefix). Adj-RIB-Out lives on the session end, since
// it is per peer and per connection.
import { type BgpPath, selectBestPath } from './bgpPath';

export class Rib {
  private readonly originated = new Map<string, BgpPath>();
  private readonly adjIn = new Map<string, Map<string, BgpPath>>();
  private readonly loc = new Map<string, BgpPath>();

  /** Adds or replaces locally originated paths; returns the prefixes whose best path changed. */
  originate(paths: readonly BgpPath[]): string[] {
    const touched: string[] = [];
    for (const p of paths) {
      this.originated.set(p.prefix.text, p);
      touched.push(p.prefix.text);
    }
    return this.recompute(touched);
  }

  withdrawOriginated(prefixTexts: readonly string[]): string[] {
    const touched = prefixTexts.filter((t) => this.originated.delete(t));
    return this.recompute(touched);
  }

  /** Applies an UPDATE from `peer`; returns the prefixes whose best path changed. */
  update(peer: string, announce: readonly BgpPath[], withdraw: readonly string[]): string[] {
    let table = this.adjIn.get(peer);
    if (!table) {
      table = new Map();
      this.adjIn.set(peer, table);
    }
    const touched: string[] = [];
    for (const t of withdraw) if (table.delete(t)) touched.push(t);
    for (const p of announce) {
      table.set(p.prefix.text, p);
      touched.push(p.prefix.text);
    }
    return this.recompute(touched);
  }

  /** Forgets everything learned from `peer` (session down); returns the prefixes whose best path changed. */
  dropPeer(peer: string): string[] {
    const table = this.adjIn.get(peer);
    if (!table || table.size === 0) return [];
    this.adjIn.delete(peer);
    return this.recompute([...table.keys()]);
  }

  /** Forgets every peer's routes (the speaker lost its memory); keeps originated routes. */
  dropAllPeers(): string[] {
    const touched: string[] = [];
    for (const table of this.adjIn.values()) for (const t of table.keys()) touched.push(t);
    this.adjIn.clear();
    return this.recompute(touched);
  }

  receivedCount(peer: string): number {
    return this.adjIn.get(peer)?.size ?? 0;
  }

  hasFromPeer(peer: string, prefixText: string): boolean {
    return this.adjIn.get(peer)?.has(prefixText) ?? false;
  }

  best(prefixText: string): BgpPath | undefined {
    return this.loc.get(prefixText);
  }

  /** The Loc-RIB: one best path per prefix. */
  bestPaths(): IterableIterator<BgpPath> {
    return this.loc.values();
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
    const o = this.originated.get(prefixText);
    if (o) yield o;
    for (const table of this.adjIn.values()) {
      const p = table.get(prefixText);
      if (p) yield p;
    }
  }

  private recompute(prefixTexts: readonly string[]): string[] {
    const changed: string[] = [];
    const seen = prefixTexts.length > 1 ? new Set<string>() : undefined;
    for (const t of prefixTexts) {
      if (seen) {
        if (seen.has(t)) continue;
        seen.add(t);
      }
      const best = selectBestPath(this.pathsFor(t));
      const old = this.loc.get(t);
      if (best === old) continue;
      if (best) this.loc.set(t, best);
      else this.loc.delete(t);
      changed.push(t);
    }
    return changed;
  }
}
