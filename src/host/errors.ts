// Turns anything thrown into one line a user can act on: the message, never a stack trace.

export function errorMessage(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return `${error.message}: ${error.errors.map(errorMessage).join('; ')}`;
  }
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}

/** An error whose message is already meant for users (bad input, missing lab): shown without "failed:" noise. */
export class UserFacingError extends Error {
  override readonly name = 'UserFacingError';
}
