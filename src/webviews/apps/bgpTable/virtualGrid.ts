// A virtualized, keyboard-accessible grid: only the rows in view (plus a small margin) exist in
// the DOM, recycled as the user scrolls, so 100,000 rows cost the same as 50.
import { cellValue, type ColumnDef, type TableRow } from '../../protocol/bgpTableColumns';
import type { SortSpec } from './tableModel';
import { el } from '../shared/dom';

export const ROW_HEIGHT = 22;
const OVERSCAN = 8;
/** Cell padding (6 px each side) plus room for the sort arrow. */
const HEADER_EXTRA_PX = 12 + 18;

let measureContext: CanvasRenderingContext2D | null | undefined;

/** Width of a header label in the header's font, so no column is narrower than its header. */
function labelWidth(label: string, font: string): number {
  measureContext ??= document.createElement('canvas').getContext('2d');
  if (!measureContext || !font) return label.length * 8;
  measureContext.font = font;
  return measureContext.measureText(label).width;
}

export interface GridEvents {
  onSort(key: string): void;
  onCopy(rowIndex: number): void;
  /** Escape from the rows, or "/" typed there: the app moves focus to the filter. */
  onFocusFilter(): void;
}

export class VirtualGrid {
  readonly element: HTMLDivElement;
  private readonly header: HTMLDivElement;
  private readonly head: HTMLDivElement;
  private readonly viewport: HTMLDivElement;
  private readonly spacer: HTMLDivElement;
  private columns: readonly ColumnDef[] = [];
  private rows: readonly TableRow[] = [];
  private order: readonly number[] = [];
  private highlighted = new Set<number>();
  /** Position (in `order`) of the row that keyboard navigation is on. */
  private active = 0;
  private pool: HTMLDivElement[] = [];
  private readonly rendered = new Map<number, HTMLDivElement>();
  private frame = 0;

  constructor(
    label: string,
    private readonly events: GridEvents,
  ) {
    this.header = el('div', { className: 'grid-header', attrs: { role: 'row', 'aria-rowindex': '1' } });
    this.head = el('div', { className: 'grid-head', attrs: { role: 'rowgroup' } }, [this.header]);
    this.spacer = el('div', { className: 'grid-spacer', attrs: { role: 'presentation' } });
    this.viewport = el('div', { className: 'grid-viewport', attrs: { role: 'rowgroup' } }, [this.spacer]);
    this.element = el('div', { className: 'grid', attrs: { role: 'grid', 'aria-label': label } }, [
      this.head,
      this.viewport,
    ]);
    this.viewport.addEventListener('scroll', () => {
      // The header sits outside the scrolling rows; it follows them sideways on narrow panels.
      this.head.scrollLeft = this.viewport.scrollLeft;
      this.schedule();
    });
    this.viewport.addEventListener('keydown', (e) => this.onKey(e));
    this.viewport.addEventListener('click', (e) => {
      const row = (e.target as HTMLElement).closest<HTMLDivElement>('.grid-row');
      if (row?.dataset.position) this.focusPosition(Number(row.dataset.position));
    });
    new ResizeObserver(() => this.schedule()).observe(this.viewport);
  }

  setColumns(columns: readonly ColumnDef[], sort: SortSpec | null): void {
    this.columns = columns;
    this.element.setAttribute('aria-colcount', String(columns.length));
    this.header.replaceChildren(
      ...columns.map((c, i) => {
        const sorted = sort?.key === c.key;
        const button = el('button', {
          className: 'grid-sort',
          text: sorted ? `${c.label} ${sort.descending ? '▼' : '▲'}` : c.label,
          attrs: { type: 'button', title: `Sort by ${c.label}` },
        });
        button.addEventListener('click', () => this.events.onSort(c.key));
        return el(
          'div',
          {
            className: `grid-cell grid-columnheader${c.kind === 'number' ? ' num' : ''}`,
            attrs: {
              role: 'columnheader',
              'aria-colindex': String(i + 1),
              'aria-sort': sorted ? (sort.descending ? 'descending' : 'ascending') : 'none',
            },
          },
          [button],
        );
      }),
    );
    this.sizeColumns();
    // Rows built for other columns cannot be recycled, and none may linger on screen.
    for (const row of [...this.pool, ...this.rendered.values()]) row.remove();
    this.pool = [];
    this.rendered.clear();
    this.schedule();
  }

  /**
   * Each column at least as wide as its header (never "Routes recei…"); spare width is shared
   * out, and a panel narrower than the sum scrolls sideways instead of clipping the headers.
   */
  private sizeColumns(): void {
    const button = this.header.querySelector('.grid-sort');
    const font = button ? getComputedStyle(button).font : '';
    const mins = this.columns.map((c) => Math.max(c.kind === 'number' ? 60 : 90, Math.ceil(labelWidth(c.label, font) + HEADER_EXTRA_PX)));
    this.element.style.setProperty('--grid-columns', this.columns.map((c, i) => `minmax(${mins[i]}px, ${c.kind === 'number' ? 0.6 : 1}fr)`).join(' '));
    this.element.style.setProperty('--grid-min-width', `${mins.reduce((a, b) => a + b, 0)}px`);
  }

  /** New rows or a new order; the scroll position and active row stay where they were. */
  setData(rows: readonly TableRow[], order: readonly number[]): void {
    this.rows = rows;
    this.order = order;
    this.active = Math.min(this.active, Math.max(0, order.length - 1));
    this.element.setAttribute('aria-rowcount', String(order.length + 1));
    this.spacer.style.height = `${order.length * ROW_HEIGHT}px`;
    this.renderNow();
  }

  setHighlighted(rowIndices: readonly number[]): void {
    this.highlighted = new Set(rowIndices);
    this.renderNow();
  }

  get scrollTop(): number {
    return this.viewport.scrollTop;
  }

  set scrollTop(value: number) {
    this.viewport.scrollTop = value;
    this.renderNow();
  }

  /** The row index (into the table's rows) under keyboard focus, if any row is shown. */
  get activeRow(): number | undefined {
    return this.order[this.active];
  }

  /** Makes the row `rowIndex` the active one without scrolling (a live update moved it). */
  keepActiveRow(rowIndex: number): void {
    const position = this.order.indexOf(rowIndex);
    if (position < 0 || position === this.active) return;
    this.active = position;
    this.renderNow();
  }

  /** Scrolls to and focuses the row at `position` of the current order. */
  focusPosition(position: number): void {
    if (this.order.length === 0) return;
    this.active = Math.max(0, Math.min(this.order.length - 1, position));
    const top = this.active * ROW_HEIGHT;
    const height = this.viewport.clientHeight || ROW_HEIGHT * 10;
    if (top < this.viewport.scrollTop) this.viewport.scrollTop = top;
    else if (top + ROW_HEIGHT > this.viewport.scrollTop + height) this.viewport.scrollTop = top + ROW_HEIGHT - height;
    this.renderNow();
    this.rendered.get(this.active)?.focus({ preventScroll: true });
  }

  focus(): void {
    this.focusPosition(this.active);
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private renderNow(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.render();
  }

  private render(): void {
    // The header leaves room for the rows' scrollbar (its width depends on the platform and
    // theme) so header and row columns line up.
    const gutter = `${Math.max(0, this.viewport.offsetWidth - this.viewport.clientWidth)}px`;
    if (this.head.style.paddingRight !== gutter) this.head.style.paddingRight = gutter;
    const height = this.viewport.clientHeight || ROW_HEIGHT * 30;
    const first = Math.max(0, Math.floor(this.viewport.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(this.order.length, Math.ceil((this.viewport.scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
    const hadFocus = this.focusedPosition() !== undefined;
    // Free rows that scrolled out, then fill the new positions from the pool.
    for (const [position, row] of this.rendered) {
      if (position < first || position >= last) {
        this.rendered.delete(position);
        this.pool.push(row);
      }
    }
    for (let p = first; p < last; p++) {
      let row = this.rendered.get(p);
      if (!row) {
        row = this.pool.pop() ?? this.createRow();
        this.rendered.set(p, row);
      }
      this.fillRow(row, p);
    }
    // Pool rows left over are detached so the DOM holds only the window.
    for (const row of this.pool) if (row.parentNode) row.remove();
    // Focus stays on the active row through re-renders (recycling moves elements around).
    if (hadFocus) this.rendered.get(this.active)?.focus({ preventScroll: true });
  }

  private focusedPosition(): number | undefined {
    const focused = document.activeElement;
    if (!(focused instanceof HTMLElement) || !focused.classList.contains('grid-row')) return undefined;
    return focused.dataset.position ? Number(focused.dataset.position) : undefined;
  }

  private createRow(): HTMLDivElement {
    const row = el('div', { className: 'grid-row', attrs: { role: 'row' } });
    this.columns.forEach((c, i) => {
      row.appendChild(el('div', { className: `grid-cell${c.kind === 'number' ? ' num' : ''}`, attrs: { role: 'gridcell', 'aria-colindex': String(i + 1) } }));
    });
    return row;
  }

  private fillRow(row: HTMLDivElement, position: number): void {
    const index = this.order[position]!;
    const data = this.rows[index];
    row.dataset.position = String(position);
    row.dataset.index = String(index);
    row.setAttribute('aria-rowindex', String(position + 2));
    row.tabIndex = position === this.active ? 0 : -1;
    row.style.transform = `translateY(${position * ROW_HEIGHT}px)`;
    row.classList.toggle('highlight', this.highlighted.has(index));
    row.setAttribute('aria-selected', position === this.active ? 'true' : 'false');
    const cells = row.children;
    for (let c = 0; c < this.columns.length; c++) {
      const text = data ? String(cellValue(data, this.columns[c]!.key)) : '';
      const cell = cells[c] as HTMLElement;
      // textContent, never innerHTML: a prefix or name may hold markup.
      if (cell.textContent !== text) cell.textContent = text;
      cell.title = text;
    }
    if (!row.parentNode) this.viewport.appendChild(row);
  }

  private onKey(e: KeyboardEvent): void {
    const page = Math.max(1, Math.floor(this.viewport.clientHeight / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
    if (e.key in moves) {
      this.focusPosition(this.active + moves[e.key]!);
    } else if (e.key === 'Home') {
      this.focusPosition(0);
    } else if (e.key === 'End') {
      this.focusPosition(this.order.length - 1);
    } else if ((e.key === 'c' && (e.ctrlKey || e.metaKey)) || e.key === 'Enter') {
      const index = this.activeRow;
      if (index !== undefined) this.events.onCopy(index);
    } else if (e.key === '/' || e.key === 'Escape') {
      this.events.onFocusFilter();
    } else {
      return;
    }
    e.preventDefault();
  }
}
