// The data sources every view, panel, command and snapshot names: the bundled lab and Azure.
// One place for the ids, so no module spells 'lab' or 'azure' on its own.

export const SourceId = {
  lab: 'lab',
  azure: 'azure',
} as const;

export type SourceId = (typeof SourceId)[keyof typeof SourceId];

export function isSourceId(value: unknown): value is SourceId {
  return value === SourceId.lab || value === SourceId.azure;
}
