// Every gateway-lab subcommand; add new ones here (one file each in this folder).
import type { CliCommand } from '../command';
import { runCommand } from './run';
import { diagnoseCommand } from './diagnose';
import { serveCommand } from './serve';
import { routesCommand } from './routes';
import { snapshotCommand } from './snapshot';
import { logsCommand } from './logs';
import { timelineCommand } from './timeline';
import { ikeCheckCommand } from './ikeCheck';
import { pathCommand } from './path';
import { openInLabCommand } from './openInLab';

export const commands: CliCommand[] = [runCommand, diagnoseCommand, serveCommand, routesCommand, snapshotCommand, logsCommand, timelineCommand, pathCommand, openInLabCommand, ikeCheckCommand];
