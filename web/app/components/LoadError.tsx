import { Button, Result } from 'antd';
import { isApiError, isServerTrouble } from '../api';
import { useT } from '../i18n/i18n';

/** Where data would be when it could not be loaded: the server's message and a retry. */
export function LoadError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useT();
  const forbidden = isApiError(error) && error.status === 403;
  return (
    <Result
      status={forbidden ? '403' : 'warning'}
      title={forbidden ? t('error.forbidden.title') : t('error.loadFailed')}
      // Server trouble is already in a notification; here, only what to do about it.
      subTitle={
        isServerTrouble(error)
          ? t('error.loadFailedRetry')
          : isApiError(error)
            ? error.message
            : t('error.page.desc')
      }
      extra={
        onRetry ? (
          <Button type="primary" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : null
      }
    />
  );
}
