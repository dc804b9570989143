import { ERRORS, type ErrorCode } from '../../common/http/errors';

/** The one error type of the application: a code from the shared catalogue, params, details. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly params: Record<string, unknown> | undefined;
  readonly details: unknown;

  constructor(code: ErrorCode, params?: Record<string, unknown>, details?: unknown) {
    super(code);
    this.name = 'AppError';
    this.code = code;
    this.params = params;
    this.details = details;
  }

  get status(): number {
    return ERRORS[this.code].status;
  }
}

export function notFound(): AppError {
  return new AppError('NOT_FOUND');
}
