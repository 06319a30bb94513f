/**
 * A problem the user can fix (bad input file, bad setting, bad flag). Entry points print its message
 * as one line and exit non-zero, without a stack trace. `cause` keeps the underlying error for logs.
 */
export class UserError extends Error {
  override readonly name = "UserError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}
