// How long ago something happened, for labels on both sides of the webview boundary.
/** "12 s ago", "3 min ago", "2 h ago": the age of a result shown next to it. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s ago`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ago`;
  return `${Math.floor(m / 60)} h ${m % 60} min ago`;
}
