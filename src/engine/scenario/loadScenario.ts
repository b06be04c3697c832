// Reads a *.gwlab.json file and validates it; file-system problems become ScenarioErrors too.
import { readFile } from 'node:fs/promises';
import { parseScenario } from './validateScenario';
import { ScenarioError } from './validationError';
import type { Scenario } from './types';

export async function loadScenario(file: string): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, not a scenario file' : `cannot read file (${code ?? String(error)})`;
    throw new ScenarioError([{ file, path: '$', message: why }]);
  }
  return parseScenario(text, file);
}
