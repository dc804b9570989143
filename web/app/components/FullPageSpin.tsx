import { Spin } from 'antd';
import { useT } from '../i18n/i18n';

export function FullPageSpin() {
  const t = useT();
  return (
    <div className="zx-center" style={{ minHeight: '100vh' }}>
      <Spin size="large" description={t('app.loading')} />
    </div>
  );
}
