/** A domain rule refused the operation; `field` names the input at fault, when there is one. */
export class DomainError extends Error {
  constructor(
    public readonly code: "BAD_REQUEST" | "NOT_FOUND" | "CONFLICT",
    message: string,
    public readonly field?: string,
    /** Structured facts for the UI, e.g. { textLength } when deleting would lose text. */
    public readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

function hasSqlState(error: unknown, code: string): boolean {
  for (let current: unknown = error; current; current = (current as { cause?: unknown }).cause) {
    if ((current as { code?: unknown }).code === code) return true;
  }
  return false;
}

/** Whether a database error is a unique-constraint violation (SQLSTATE 23505), on either driver. */
export const isUniqueViolation = (error: unknown) => hasSqlState(error, "23505");

/** Whether a database error is a foreign-key violation (SQLSTATE 23503), e.g. the row referred to is gone. */
export const isForeignKeyViolation = (error: unknown) => hasSqlState(error, "23503");
