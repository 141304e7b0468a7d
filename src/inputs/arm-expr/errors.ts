/** Errors raised by the ARM expression language. Unknown values are never errors: they are values. */

/** The text of an expression does not parse. `offset` is 0-based in the JSON string value. */
export class ExpressionSyntaxError extends Error {
  override readonly name = 'ExpressionSyntaxError';
  /** 1-based column in the JSON string value (offset + 1). */
  readonly column: number;
  constructor(
    message: string,
    readonly offset: number,
    readonly text: string,
  ) {
    super(`${message} at column ${offset + 1} in "${excerpt(text, offset)}"`);
    this.column = offset + 1;
  }
}

/** At most about 100 characters of `text` around `offset`, so a diagnostic on a huge expression stays readable. */
function excerpt(text: string, offset: number): string {
  if (text.length <= 100) return text;
  const start = Math.max(0, Math.min(offset - 50, text.length - 100));
  return `${start > 0 ? '…' : ''}${text.slice(start, start + 100)}${start + 100 < text.length ? '…' : ''}`;
}

/** A well-formed expression that ARM would reject when evaluating it: wrong types, arity, unknown function… */
export class ExpressionError extends Error {
  override readonly name = 'ExpressionError';
  constructor(
    message: string,
    /** 0-based offset of the node that failed, when known. */
    readonly offset?: number,
  ) {
    super(message);
  }
}

/** The evaluation ran out of its step budget, or built a string or array larger than allowed. */
export class LimitExceededError extends Error {
  override readonly name = 'LimitExceededError';
}
