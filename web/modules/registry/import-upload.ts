import type { MeResponse } from '../../../common/auth/schemas';
import { ApiError, api, rememberCsrf, withQuery } from '../../app/api';
import { getLocale, translate } from '../../app/i18n/i18n';
import type { ImportResult } from './registry.api';

export const IMPORT_LIMIT_MB = 20;

export interface ImportOptions {
  dryRun: boolean;
  mode: 'all' | 'valid';
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

/**
 * Sends the sheet as multipart (field `file`) and answers the import as queued. It goes through
 * XMLHttpRequest rather than `api()` for two reasons: a 20 MB sheet on a village connection
 * takes a while, and only XHR reports upload progress; and `api()` speaks JSON bodies only.
 * The CSRF token is read fresh from /me first (the same token `api()` keeps).
 */
export async function uploadImport(
  file: File,
  opts: ImportOptions,
  onProgress: (percent: number) => void,
): Promise<ImportResult> {
  const me = await api<MeResponse>('/api/v1/me');
  rememberCsrf(me);
  const url = withQuery('/api/v1/registry/imports', {
    dryRun: String(opts.dryRun),
    mode: opts.mode,
    async: 'true',
  });
  const body = new FormData();
  body.append('file', file, file.name);
  return new Promise<ImportResult>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', getLocale() === 'en' ? 'en' : 'zh-CN');
    if (me.csrfToken) xhr.setRequestHeader('X-CSRF-Token', me.csrfToken);
    xhr.withCredentials = true;
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0)
        onProgress(Math.min(100, Math.round((e.loaded / e.total) * 100)));
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText) as ImportResult);
        } catch {
          reject(new ApiError(xhr.status, 'HTTP_BODY', translate('error.http', { status: xhr.status })));
        }
      } else {
        reject(errorOf(xhr.status, xhr.responseText));
      }
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', translate('error.network')));
    xhr.ontimeout = xhr.onerror;
    xhr.send(body);
  });
}
