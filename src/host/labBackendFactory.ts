// Builds a running lab: the engine's LabController plus the ARM data source on its loopback
// endpoint. Both are loaded with import() on first start so activation stays cheap.
import type { LabBackendFactory } from './labBackend';
import { UserFacingError } from './errors';

/**
 * Until the lab runtime (src/engine/labRuntime.ts) and the ARM data source land, starting the
 * lab says so plainly; there is deliberately no stand-in data path.
 */
export const createLabBackend: LabBackendFactory = async (scenarioFile) => {
  throw new UserFacingError(`The lab engine is not part of this build yet; cannot run ${scenarioFile}.`);
};
