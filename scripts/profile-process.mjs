// Takes a CPU profile of a running Node process (e.g. the extension host during the big-lab bench)
// through its inspector: SIGUSR1 opens the inspector, the DevTools protocol starts and stops the
// profiler, and the profile is written as a .cpuprofile (open it in Chromium DevTools or VS Code),
// followed by a summary of self time per function on stdout.
// Needs a WebSocket client: run with `node --experimental-websocket` on Node 20.
// Usage: node --experimental-websocket scripts/profile-process.mjs <pid> <seconds> <out.cpuprofile> [--port 9229]
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { positionals, values } = parseArgs({ allowPositionals: true, options: { port: { type: 'string', default: '9229' } } });
const [pidText, secondsText, out] = positionals;
if (!pidText || !secondsText || !out) {
  console.error('usage: profile-process.mjs <pid> <seconds> <out.cpuprofile> [--port 9229]');
  process.exit(2);
}
const pid = Number(pidText);
const port = Number(values.port);

async function inspectorUrl() {
  process.kill(pid, 'SIGUSR1');
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
      if (targets[0]?.webSocketDebuggerUrl) return targets[0].webSocketDebuggerUrl;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`process ${pid} opened no inspector on port ${port}`);
}

const socket = new WebSocket(await inspectorUrl());
await new Promise((resolve, reject) => {
  socket.onopen = resolve;
  socket.onerror = reject;
});
let nextId = 1;
const pending = new Map();
socket.onmessage = (event) => {
  const message = JSON.parse(String(event.data));
  const waiter = pending.get(message.id);
  if (!waiter) return;
  pending.delete(message.id);
  if (message.error) waiter.reject(new Error(message.error.message));
  else waiter.resolve(message.result);
};
const send = (method, params = {}) =>
  new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    socket.send(JSON.stringify({ id, method, params }));
  });

await send('Profiler.enable');
await send('Profiler.setSamplingInterval', { interval: 1000 });
await send('Profiler.start');
await new Promise((r) => setTimeout(r, Number(secondsText) * 1000));
const { profile } = await send('Profiler.stop');
socket.close();
writeFileSync(out, JSON.stringify(profile));

// Self time per function (name, file, line), largest first.
const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  const node = byNode.get(profile.samples[i]);
  const { functionName, url, lineNumber } = node.callFrame;
  const key = `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
  selfUs.set(key, (selfUs.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
}
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
console.log(`profile of ${pid}: ${(total / 1e6).toFixed(1)} s sampled; self time, largest first`);
for (const [key, us] of [...selfUs].sort((a, b) => b[1] - a[1]).slice(0, 40)) {
  console.log(`${((us / total) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${key}`);
}
