import { Button, Result } from 'antd';
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { isRouteErrorResponse, useRouteError } from 'react-router';
import { translate, useT } from '../i18n/i18n';
import { NotFoundPage } from './NotFoundPage';

function goHome() {
  // A full load: whatever state broke the page is left behind.
  window.location.assign('/');
}

function CrashResult() {
  const t = useT();
  return (
    <Result
      status="500"
      title={t('error.page.title')}
      subTitle={t('error.page.desc')}
      data-testid="error-page"
      extra={
        <Button type="primary" onClick={goHome}>
          {t('common.backHome')}
        </Button>
      }
    />
  );
}

/** The router's error element: a Chinese explanation and a way home, never a stack trace. */
export function ErrorPage() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;
  console.error(error);
  return <CrashResult />;
}

/**
 * Outermost guard for errors outside the router (providers): plain markup, since the
 * ConfigProvider itself may be what failed.
 */
export class RootErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <div style={{ padding: '64px 16px', textAlign: 'center', fontFamily: 'sans-serif' }}>
        <h1 style={{ fontSize: 20 }}>{translate('error.page.title')}</h1>
        <p style={{ color: '#666' }}>{translate('error.page.desc')}</p>
        <button type="button" onClick={goHome} style={{ padding: '8px 20px', fontSize: 16 }}>
          {translate('common.backHome')}
        </button>
      </div>
    );
  }
}
