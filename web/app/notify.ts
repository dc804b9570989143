import type { App } from 'antd';
import { ApiError, isApiError } from './api';
import { translate } from './i18n/i18n';

type AppApi = ReturnType<typeof App.useApp>;

/*
 * antd's static notification functions cannot see the ConfigProvider (theme, locale), so the
 * shell hands over the context-bound instance from App.useApp(); the query cache, which lives
 * outside React, notifies through it.
 */
let appApi: AppApi | null = null;

export function setAppApi(api: AppApi | null): void {
  appApi = api;
}

/** Shows a failed call as a notification: the server's own message, never a raw body. */
export function notifyError(err: unknown, title?: string): void {
  const e = isApiError(err) ? err : new ApiError(0, 'CLIENT', translate('error.page.desc'));
  const heading =
    title ??
    (e.status === 0 || e.status >= 500 ? translate('error.serverTitle') : translate('error.actionFailed'));
  if (!appApi) return;
  // One notification per code: twenty failing requests during an outage show one message.
  appApi.notification.error({ key: e.code, title: heading, description: e.message, placement: 'top' });
}

export function notifySuccess(text: string): void {
  appApi?.message.success(text);
}
