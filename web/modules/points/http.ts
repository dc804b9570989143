import type { MeResponse } from '../../../common/auth/schemas';
import { ApiError, api, rememberCsrf } from '../../app/api';
import { getLocale, translate } from '../../app/i18n/i18n';

/*
 * The two kinds of request `api()` cannot make: a multipart upload with progress (photos, the
 * rule sheet) and a JSON POST with an extra header (the counter's Idempotency-Key). Both need
 * the session's CSRF token, which `api()` keeps to itself; it is read from /me (which also
 * hands it back to `api()`), kept here, and read again once when the server refuses it.
 */
let csrf: string | null = null;

async function freshCsrf(): Promise<string | null> {
  const me = await api<MeResponse>('/api/v1/me');
  rememberCsrf(me);
  csrf = me.csrfToken ?? null;
  return csrf;
}

function errorOf(status: number, text: string): ApiError {
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown; details?: unknown } };
    const e = body.error;
    if (e && typeof e.code === 'string' && typeof e.message === 'string')
      return new ApiError(status, e.code, e.message, e.details);
  } catch {
    // Not JSON (a proxy's error page): the generic message below.
  }
  return new ApiError(status, `HTTP_${status}`, translate('error.http', { status }));
}

function language(): string {
  return getLocale() === 'en' ? 'en' : 'zh-CN';
}

function xhrOnce<T>(
  url: string,
  file: Blob,
  name: string,
  token: string | null,
  onProgress?: (percent: number) => void,
): Promise<T> {
  const body = new FormData();
  body.append('file', file, name);
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', language());
    if (token) xhr.setRequestHeader('X-CSRF-Token', token);
    xhr.withCredentials = true;
    xhr.upload.onprogress = (e) => {
      if (onProgress && e.lengthComputable && e.total > 0)
        onProgress(Math.min(100, Math.round((e.loaded / e.total) * 100)));
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText) as T);
        } catch {
          reject(new ApiError(xhr.status, 'HTTP_BODY', translate('error.http', { status: xhr.status })));
        }
      } else reject(errorOf(xhr.status, xhr.responseText));
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', translate('error.network')));
    xhr.ontimeout = xhr.onerror;
    xhr.send(body);
  });
}

/**
 * Sends one file as multipart (field `file`) and answers the server's JSON. Goes through
 * XMLHttpRequest because only XHR reports upload progress, which matters for a photo sent from
 * a village phone.
 */
export async function uploadFile<T>(
  url: string,
  file: Blob,
  name: string,
  onProgress?: (percent: number) => void,
): Promise<T> {
  const token = csrf ?? (await freshCsrf());
  try {
    return await xhrOnce<T>(url, file, name, token, onProgress);
  } catch (e) {
    if (e instanceof ApiError && e.code === 'CSRF_FAILED')
      return xhrOnce<T>(url, file, name, await freshCsrf(), onProgress);
    throw e;
  }
}

async function postOnce(path: string, body: unknown, headers: Record<string, string>, token: string | null) {
  try {
    return await fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json',
        'Accept-Language': language(),
        'Content-Type': 'application/json',
        ...(token ? { 'X-CSRF-Token': token } : {}),
        ...headers,
      },
      body: JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', translate('error.network'));
  }
}

/** A JSON POST with extra headers (an Idempotency-Key); errors come back as ApiError like `api()`. */
export async function postWithHeaders<T>(
  path: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<T> {
  let res = await postOnce(path, body, headers, csrf ?? (await freshCsrf()));
  if (res.status === 403) {
    const err = errorOf(res.status, await res.clone().text());
    if (err.code === 'CSRF_FAILED') res = await postOnce(path, body, headers, await freshCsrf());
  }
  const text = await res.text();
  if (!res.ok) throw errorOf(res.status, text);
  return (text ? JSON.parse(text) : undefined) as T;
}

/**
 * A fresh idempotency key. crypto.randomUUID exists only on secure pages (https or
 * localhost); a counter on the town's LAN over plain http still has getRandomValues.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function' && window.isSecureContext) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
