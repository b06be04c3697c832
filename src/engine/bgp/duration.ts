// ARM's connectedDuration format for BGP peers: a .NET TimeSpan printed with its constant ("c")
// format, as Azure prints it: "02:07:41", "3.03:14:13.1796961" (days only when non-zero,
// seven fraction digits only when there is a fraction).

/** Seconds as "[d.]hh:mm:ss[.fffffff]" (ARM's BgpPeerStatus.connectedDuration). */
export function formatConnectedDuration(seconds: number): string {
  // TimeSpan ticks are 100 ns; the lab's clock is finer than a tick only by rounding noise.
  const ticks = Math.max(0, Math.round(seconds * 1e7));
  const fraction = ticks % 1e7;
  const totalS = Math.floor(ticks / 1e7);
  const s = totalS % 60;
  const m = Math.floor(totalS / 60) % 60;
  const h = Math.floor(totalS / 3600) % 24;
  const d = Math.floor(totalS / 86400);
  const days = d > 0 ? `${d}.` : '';
  const frac = fraction > 0 ? `.${pad(fraction, 7)}` : '';
  return `${days}${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}${frac}`;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
