// The time cursor's arithmetic, DOM-free (tested in Node and used by the lane chart): where a key
// moves it, and which jump target is next or previous.

/** Keys the cursor answers: arrows step (PageUp/PageDown and Shift+arrow step ten times), Home/End go to the ends. */
export function cursorAfterKey(key: string, shift: boolean, atMs: number, startMs: number, endMs: number, stepMs: number): number | undefined {
  const big = stepMs * 10;
  let next: number;
  switch (key) {
    case 'ArrowLeft':
    case 'ArrowDown':
      next = atMs - (shift ? big : stepMs);
      break;
    case 'ArrowRight':
    case 'ArrowUp':
      next = atMs + (shift ? big : stepMs);
      break;
    case 'PageDown':
      next = atMs - big;
      break;
    case 'PageUp':
      next = atMs + big;
      break;
    case 'Home':
      next = startMs;
      break;
    case 'End':
      next = endMs;
      break;
    default:
      return undefined;
  }
  return Math.min(endMs, Math.max(startMs, Math.round(next)));
}

/** A cursor step: a round 1/100 of the span (at least a second). */
export function cursorStepMs(spanMs: number): number {
  const steps = [1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 300_000, 900_000, 3_600_000, 21_600_000, 86_400_000];
  return steps.find((s) => spanMs / s <= 100) ?? 86_400_000;
}
