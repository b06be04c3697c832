// Runs gateway-lab in-process through the same dispatcher the bin uses, capturing its output.
import { main } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/command';

export async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) };
  const code = await main(args, io);
  return { code, out, err };
}
