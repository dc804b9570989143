import { QueryClientProvider } from '@tanstack/react-query';
import { App, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useEffect, useState } from 'react';
import { RouterProvider } from 'react-router';
import { useLocale } from './i18n/i18n';
import { setAppApi } from './notify';
import { RootErrorBoundary } from './pages/ErrorPage';
import { createQueryClient } from './query-client';
import { router } from './router';
import { theme } from './theme';

/** Hands antd's context-bound notification API to code outside React (the query cache). */
function NotifyBridge() {
  const api = App.useApp();
  useEffect(() => {
    setAppApi(api);
    return () => setAppApi(null);
  }, [api]);
  return null;
}

function Localized() {
  const locale = useLocale();
  useEffect(() => {
    // Week and month names in date pickers come from dayjs, not from antd's locale.
    dayjs.locale(locale === 'en' ? 'en' : 'zh-cn');
  }, [locale]);
  return (
    <ConfigProvider locale={locale === 'en' ? enUS : zhCN} theme={theme}>
      <App>
        <NotifyBridge />
        <RouterProvider router={router} />
      </App>
    </ConfigProvider>
  );
}

export function Root() {
  const [client] = useState(createQueryClient);
  return (
    <RootErrorBoundary>
      <QueryClientProvider client={client}>
        <Localized />
      </QueryClientProvider>
    </RootErrorBoundary>
  );
}
