// Scenario durations: the parser lives in src/model (the extension's moment input reads the same grammar).
export { formatDuration, parseDuration } from '../../model/duration';
