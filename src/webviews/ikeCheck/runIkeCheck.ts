// Parses a device configuration and checks it against a connection's Azure side; loaded with
// import() by the panel so the parsers and the checker stay out of the main bundle.
import type { NetworkSnapshot } from '../../model/snapshot';
import { azureSideFromSnapshot } from '../../engine/ike/connectionIke';
import { checkIke } from '../../engine/ike/ikeCheck';
import { parseDeviceConfig } from '../../engine/ike/parseDevice';
import { DeviceConfigError } from '../../engine/ike/devicePolicy';
import type { IkeReportData } from '../protocol/ikeCheckProtocol';
import { ikeReportData } from './ikeReportData';

export type IkeRun = { ok: true; data: IkeReportData } | { ok: false; message: string };

/** `snapshot` needs the connection, its gateway and, where known, the VNet and the site. */
export function runIkeCheck(text: string, snapshot: NetworkSnapshot, connectionName: string, source: string): IkeRun {
  let config;
  try {
    config = parseDeviceConfig(text);
  } catch (e) {
    if (e instanceof DeviceConfigError) return { ok: false, message: `The configuration cannot be read: ${e.message}` };
    throw e;
  }
  const azure = azureSideFromSnapshot(snapshot, connectionName);
  return { ok: true, data: ikeReportData(checkIke(azure, config.connections[0]!), config, source) };
}
