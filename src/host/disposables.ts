// The one disposal mechanism of the extension: every registration goes into a DisposableStore
// (or a DisposableBase subclass's store), and disposing the owner disposes it all, in reverse order.
import type { Disposable } from 'vscode';

export interface DisposableLike {
  dispose(): unknown;
}

export class DisposableStore implements Disposable {
  private readonly items: DisposableLike[] = [];
  private disposed = false;

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Adds `item` and returns it, so registration reads `const x = store.add(create())`. */
  add<T extends DisposableLike>(item: T): T {
    if (this.disposed) {
      // Late registrations after shutdown would leak: dispose them at once.
      item.dispose();
    } else {
      this.items.push(item);
    }
    return item;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const errors: unknown[] = [];
    for (const item of this.items.splice(0).reverse()) {
      try {
        item.dispose();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw new AggregateError(errors, `${errors.length} disposable(s) failed to dispose`);
  }
}

export abstract class DisposableBase implements Disposable {
  private readonly store = new DisposableStore();

  protected register<T extends DisposableLike>(item: T): T {
    return this.store.add(item);
  }

  protected get isDisposed(): boolean {
    return this.store.isDisposed;
  }

  dispose(): void {
    this.store.dispose();
  }
}
