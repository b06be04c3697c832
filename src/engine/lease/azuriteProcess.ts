// Starts Azurite's blob service as a child process on a free loopback port (tests, benchmarks,
// a local lab against a real storage emulator) and stops it again.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { azuriteConnectionString } from './azureBlobLeaseStore';

export interface AzuriteProcess {
  port: number;
  connectionString: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function findAzuriteBin(start: string): string {
  let dir = start;
  for (;;) {
    const candidate = join(dir, 'node_modules', '.bin', 'azurite-blob');
    if (existsSync(candidate)) return candidate;
    const parent = join(dir, '..');
    if (parent === dir) throw new Error('azurite-blob not found: run `npm install` (azurite is a devDependency)');
    dir = parent;
  }
}

export async function startAzurite(timeoutMs = 20_000): Promise<AzuriteProcess> {
  const port = await freePort();
  const bin = findAzuriteBin(process.cwd());
  const child: ChildProcess = spawn(
    bin,
    ['--blobHost', '127.0.0.1', '--blobPort', String(port), '--inMemoryPersistence', '--disableTelemetry', '--skipApiVersionCheck', '--loose', '--silent'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`Azurite did not start within ${timeoutMs} ms: ${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (/successfully (listening|listens)/i.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Azurite exited with code ${code}: ${output}`));
    });
  });
  child.removeAllListeners('exit');
  return {
    port,
    connectionString: azuriteConnectionString(port),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
