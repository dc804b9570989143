import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { ERRORS, type ErrorCode, errorMessage } from '../../../common/http/errors';
import { isDbUnavailable } from '../db/errors';
import { AppError } from '../errors';
import { localeOf } from './context';

interface Issue {
  path: string;
  message: string;
}

export function sendError(
  req: FastifyRequest,
  reply: FastifyReply,
  code: ErrorCode,
  params?: Record<string, unknown>,
  details?: unknown,
) {
  const status = ERRORS[code].status;
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .type('application/json; charset=utf-8')
    .send({
      error: {
        code,
        message: errorMessage(code, localeOf(req), params),
        ...(details === undefined ? {} : { details }),
      },
    });
}

function issuesOf(err: FastifyError): Issue[] {
  const v = (err.validation ?? []) as Array<{
    instancePath?: string;
    message?: string;
    params?: { issue?: { path?: unknown[]; message?: string } };
  }>;
  return v.map((i) => {
    const issue = i.params?.issue;
    const path = issue?.path
      ? issue.path.map(String).join('.')
      : (i.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
    return { path, message: issue?.message ?? i.message ?? '' };
  });
}

/** The one error handler: codes to statuses, Chinese messages, no internals on 5xx. */
export async function errorsPlugin(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof AppError) {
      if (err.status >= 500) req.log.error({ err }, 'app error');
      return sendError(req, reply, err.code, err.params, err.details);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issues = issuesOf(err);
      const where =
        err.validationContext === 'querystring'
          ? '查询参数'
          : err.validationContext === 'params'
            ? '地址参数'
            : '';
      const first = issues[0];
      const base = errorMessage('VALIDATION_FAILED', localeOf(req));
      const message = first ? `${where}${first.path ? `「${first.path}」` : ''}${first.message}` : base;
      return reply
        .code(400)
        .header('cache-control', 'no-store')
        .send({ error: { code: 'VALIDATION_FAILED', message, details: { issues } } });
    }
    if (isResponseSerializationError(err)) {
      req.log.error({ err }, 'response did not match its schema');
      return sendError(req, reply, 'INTERNAL');
    }
    switch (err.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return sendError(req, reply, 'MALFORMED_JSON');
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
      case 'FST_REQ_FILE_TOO_LARGE':
      case 'FST_FILES_LIMIT':
      case 'FST_PARTS_LIMIT':
        return sendError(req, reply, 'BODY_TOO_LARGE');
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
        return sendError(req, reply, 'UNSUPPORTED_MEDIA_TYPE');
    }
    if (err instanceof SyntaxError && err.statusCode === 400) return sendError(req, reply, 'MALFORMED_JSON');
    if (isDbUnavailable(err)) {
      req.log.error({ err }, 'database unavailable');
      return sendError(req, reply, 'DB_UNAVAILABLE');
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      const code: ErrorCode =
        err.statusCode === 413
          ? 'BODY_TOO_LARGE'
          : err.statusCode === 415
            ? 'UNSUPPORTED_MEDIA_TYPE'
            : err.statusCode === 404
              ? 'NOT_FOUND'
              : err.statusCode === 429
                ? 'RATE_LIMITED'
                : 'VALIDATION_FAILED';
      return sendError(req, reply, code);
    }
    req.log.error({ err }, 'unhandled error');
    return sendError(req, reply, 'INTERNAL');
  });

  app.setNotFoundHandler((req, reply) => sendError(req, reply, 'ROUTE_NOT_FOUND'));
}
