// Parses a device configuration and checks it against a connection's Azure side; loaded with
// import() by the panel so the parsers and the checker stay out of the main bundle.
import type { NetworkSnapshot } from '../../model/snapshot';
import { checkDeviceText, type DeviceCheck } from '../../engine/ike/connectionIke';
import { DeviceConfigError } from '../../engine/ike/devicePolicy';
import type { IkeReportData } from '../protocol/ikeCheckProtocol';
import { ikeReportData } from './ikeReportData';

/** `maskedLines`: the configuration with shared keys masked, the only form the host may keep. */
export type IkeRun = { ok: true; data: IkeReportData; maskedLines: string[] } | { ok: false; message: string };

/** `snapshot` needs the connection, its gateway and, where known, the VNet and the site. */
export function runIkeCheck(text: string, snapshot: NetworkSnapshot, connectionName: string, source: string): IkeRun {
  let check: DeviceCheck;
  try {
    check = checkDeviceText(snapshot, connectionName, text);
  } catch (e) {
    if (e instanceof DeviceConfigError) return { ok: false, message: `The configuration cannot be read: ${e.message}` };
    throw e;
  }
  return { ok: true, data: ikeReportData(check.result, check.config, source), maskedLines: check.config.maskedLines };
}
