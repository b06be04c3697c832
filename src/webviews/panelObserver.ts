// What crossed a panel's boundary, reported to an optional observer: the extension-host tests'
// (through the test API, outside Production mode only). Panels keep no counters of their own.
import type { BgpTab } from './protocol/bgpTableColumns';

export type PanelEvent =
  /** The webview said "ready" (first load, or recreated). */
  | { kind: 'ready' }
  /** A malformed message from the webview, ignored. */
  | { kind: 'rejected'; error: string }
  /** BGP table: a table was loaded for the webview (counts, never data). */
  | { kind: 'loaded'; tab: BgpTab; peer: string; rows: number; version: number }
  /** BGP table: a live update was sent. */
  | { kind: 'updated' }
  /** Lab panel: the lab's state was sent. */
  | { kind: 'pushed' }
  /** Timeline panel: the event rows the webview drew (their cells' text). */
  | { kind: 'rendered'; events: string[] }
  /** BGP table: the webview showed the row another panel pointed at (rows left by the filter, the selected row's text). */
  | { kind: 'revealed'; tab: BgpTab; shown: number; selected: string };

export type PanelObserver = (panel: object, event: PanelEvent) => void;
