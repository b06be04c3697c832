// Fault injection for the lab's ARM endpoint: added latency and scripted failures (429 with
// Retry-After, 5xx), so clients can be tested against Azure's throttling and outages on demand.

export interface ArmFailureRule {
  /** HTTP status to answer with, e.g. 429, 500, 503. */
  status: number;
  /** How many matching requests fail before the rule is spent. */
  count: number;
  /** Seconds for the Retry-After header (429/503 usually carry one). */
  retryAfterSeconds?: number;
  /** Only requests whose path contains this (case-insensitive) match; all when omitted. */
  pathIncludes?: string;
  /** Only this HTTP method matches; all when omitted. */
  method?: string;
}

export interface ArmFaultConfig {
  /** Added to every request before it is answered, in milliseconds. */
  latencyMs?: number;
  failures?: ArmFailureRule[];
}

export interface InjectedFailure {
  status: number;
  retryAfterSeconds?: number;
}

const ERROR_CODES: Record<number, string> = {
  429: 'TooManyRequests',
  500: 'InternalServerError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};

export function injectedErrorCode(status: number): string {
  return ERROR_CODES[status] ?? 'InjectedFault';
}

/** Holds the rules and their remaining counts; one per endpoint, replaceable at run time. */
export class ArmFaultInjector {
  private latencyMs = 0;
  private rules: ArmFailureRule[] = [];

  constructor(config: ArmFaultConfig = {}) {
    this.configure(config);
  }

  configure(config: ArmFaultConfig): void {
    const latency = config.latencyMs ?? 0;
    if (!Number.isFinite(latency) || latency < 0) {
      throw new Error(`ARM fault config: latencyMs must be a number >= 0, got ${String(config.latencyMs)}`);
    }
    for (const [i, rule] of (config.failures ?? []).entries()) {
      if (!Number.isInteger(rule.status) || rule.status < 400 || rule.status > 599) {
        throw new Error(`ARM fault config: failures[${i}].status must be an HTTP error status (400-599), got ${rule.status}`);
      }
      if (!Number.isInteger(rule.count) || rule.count < 0) {
        throw new Error(`ARM fault config: failures[${i}].count must be an integer >= 0, got ${rule.count}`);
      }
    }
    this.latencyMs = latency;
    // Copies, because counts are consumed as requests arrive.
    this.rules = (config.failures ?? []).map((r) => ({ ...r }));
  }

  get latency(): number {
    return this.latencyMs;
  }

  /** Consumes one count of the first rule matching this request, if any. */
  take(method: string, path: string): InjectedFailure | undefined {
    const lowerPath = path.toLowerCase();
    for (const rule of this.rules) {
      if (rule.count <= 0) continue;
      if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue;
      if (rule.pathIncludes && !lowerPath.includes(rule.pathIncludes.toLowerCase())) continue;
      rule.count -= 1;
      return { status: rule.status, retryAfterSeconds: rule.retryAfterSeconds };
    }
    return undefined;
  }
}
