// An exclusive lock (a directory, created atomically) so two real-VS-Code runs on this machine
// never overlap: each costs ~1 GB and both cores. A lock left by a dead process is taken over.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

export async function withLock(dir, fn, { waitMs = 20 * 60_000, log = () => {} } = {}) {
  mkdirSync(dirname(dir), { recursive: true });
  const started = Date.now();
  let said = false;
  for (;;) {
    try {
      mkdirSync(dir);
      writeFileSync(join(dir, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      let owner = NaN;
      try { owner = Number(readFileSync(join(dir, 'pid'), 'utf8')); } catch { /* being written or removed */ }
      if (Number.isInteger(owner) && !alive(owner)) {
        log(`removing stale lock of dead process ${owner}`);
        rmSync(dir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() - started > waitMs) throw new Error(`lock ${dir} still held by process ${owner} after ${waitMs / 1000} s`);
      if (!said) { log(`waiting for the run of process ${owner} to finish (lock ${dir})`); said = true; }
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  const release = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', release);
  try {
    return await fn();
  } finally {
    process.removeListener('exit', release);
    release();
  }
}
