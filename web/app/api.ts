import type { MeResponse } from '../../common/auth/schemas';
import { getLocale, translate } from './i18n/i18n';

/** One field problem from a VALIDATION_FAILED envelope: `path` is dotted (`roles.0`). */
export interface FieldIssue {
  path: string;
  message: string;
}

/**
 * Every failed call ends here, whatever went wrong: the server's envelope
 * (`{ error: { code, message, details } }`), a proxy's HTML error page, or no network at all.
 * `message` is always fit to show a person; raw bodies are never shown.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** Field problems of a validation error, empty otherwise. */
  get issues(): FieldIssue[] {
    const d = this.details;
    if (!d || typeof d !== 'object' || !('issues' in d) || !Array.isArray(d.issues)) return [];
    return d.issues.filter(
      (i: unknown): i is FieldIssue =>
        typeof i === 'object' && i !== null && 'path' in i && 'message' in i && typeof i.message === 'string',
    );
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

/** A page of a paginated list, as every list endpoint answers. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export type QueryParams = Record<string, string | number | boolean | null | undefined>;

/*
 * The session's CSRF token, from the last login or /me answer. It is only ever in memory:
 * a reload asks /me again, which hands it back.
 */
let csrfToken: string | null = null;

export function rememberCsrf(me: Pick<MeResponse, 'csrfToken'> | null): void {
  csrfToken = me?.csrfToken ?? null;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function withQuery(path: string, query?: QueryParams): string {
  if (!query) return path;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    qs.set(k, String(v));
  }
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: QueryParams;
  signal?: AbortSignal;
  /** Extra headers, e.g. `Idempotency-Key` for a balance-moving write. */
  headers?: Record<string, string>;
}

function envelopeOf(body: unknown): { code: string; message: string; details?: unknown } | null {
  if (!body || typeof body !== 'object' || !('error' in body)) return null;
  const e = body.error;
  if (!e || typeof e !== 'object' || !('code' in e) || !('message' in e)) return null;
  if (typeof e.code !== 'string' || typeof e.message !== 'string') return null;
  return { code: e.code, message: e.message, details: 'details' in e ? e.details : undefined };
}

async function send(path: string, opts: RequestOptions): Promise<Response> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': getLocale() === 'en' ? 'en' : 'zh-CN',
  };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (UNSAFE.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  Object.assign(headers, opts.headers);
  try {
    return await fetch(withQuery(path, opts.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'NETWORK', translate('error.network'));
  }
}

function errorFromText(status: number, text: string): ApiError {
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (a proxy's error page, say): fall through to the generic message.
  }
  const env = envelopeOf(body);
  if (env) return new ApiError(status, env.code, env.message, env.details);
  return new ApiError(status, `HTTP_${status}`, translate('error.http', { status }));
}

async function errorOf(res: Response): Promise<ApiError> {
  return errorFromText(res.status, await res.text().catch(() => ''));
}

/** Fetches /me to pick up the session's current CSRF token; null when signed out. */
async function refreshCsrf(): Promise<boolean> {
  const res = await send('/api/v1/me', {});
  if (!res.ok) return false;
  const me = (await res.json()) as MeResponse;
  rememberCsrf(me);
  return Boolean(me.csrfToken);
}

/**
 * Calls the API and returns the parsed JSON, or throws an ApiError. A write refused with
 * CSRF_FAILED (the session was renewed in another tab) is retried once with a fresh token.
 */
export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  let res = await send(path, opts);
  if (res.status === 403 && UNSAFE.has(opts.method ?? 'GET')) {
    const err = await errorOf(res.clone());
    if (err.code === 'CSRF_FAILED' && (await refreshCsrf())) res = await send(path, opts);
  }
  if (!res.ok) throw await errorOf(res);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

function xhrUpload<T>(url: string, file: Blob, name: string, onProgress?: (percent: number) => void) {
  const body = new FormData();
  body.append('file', file, name);
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', getLocale() === 'en' ? 'en' : 'zh-CN');
    if (csrfToken) xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    xhr.withCredentials = true;
    xhr.upload.onprogress = (e) => {
      if (onProgress && e.lengthComputable && e.total > 0)
        onProgress(Math.min(100, Math.round((e.loaded / e.total) * 100)));
    };
    xhr.onload = () => {
      if (xhr.status < 200 || xhr.status >= 300) return reject(errorFromText(xhr.status, xhr.responseText));
      try {
        resolve(JSON.parse(xhr.responseText) as T);
      } catch {
        reject(new ApiError(xhr.status, 'HTTP_BODY', translate('error.http', { status: xhr.status })));
      }
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', translate('error.network')));
    xhr.ontimeout = xhr.onerror;
    xhr.send(body);
  });
}

/**
 * Sends one file as multipart (field `file`) and answers the server's JSON, or throws an
 * ApiError like `api()`. XMLHttpRequest rather than fetch, because only XHR reports upload
 * progress, which matters for a photo sent over a village connection.
 */
export async function uploadFile<T>(
  url: string,
  file: Blob,
  name: string,
  onProgress?: (percent: number) => void,
): Promise<T> {
  if (!csrfToken) await refreshCsrf();
  try {
    return await xhrUpload<T>(url, file, name, onProgress);
  } catch (e) {
    if (isApiError(e) && e.code === 'CSRF_FAILED' && (await refreshCsrf()))
      return xhrUpload<T>(url, file, name, onProgress);
    throw e;
  }
}

/**
 * A fresh idempotency key for one balance-moving write (kept and resent when the clerk retries
 * the same cart or payment). crypto.randomUUID exists only on secure pages (https or
 * localhost); a town office on plain http over its LAN still has getRandomValues.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function' && window.isSecureContext) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export const AUTH_LOST_CODES: ReadonlySet<string> = new Set(['AUTH_REQUIRED', 'AUTH_SESSION_EXPIRED']);

/** The session is gone: the person must sign in again. */
export function isAuthLost(e: unknown): boolean {
  return isApiError(e) && e.status === 401 && AUTH_LOST_CODES.has(e.code);
}

export function isPasswordChangeRequired(e: unknown): boolean {
  return isApiError(e) && e.code === 'AUTH_PASSWORD_CHANGE_REQUIRED';
}

/** Errors nobody can fix on the form: server failures and a lost network. */
export function isServerTrouble(e: unknown): boolean {
  return isApiError(e) && (e.status === 0 || e.status >= 500);
}
