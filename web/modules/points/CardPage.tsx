import { PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Result, Skeleton } from 'antd';
import { useParams } from 'react-router';
import { useSignedIn } from '../../app/auth/session';
import { LoadError } from '../../app/components/LoadError';
import { PageHeader } from '../../app/components/PageHeader';
import { useT } from '../../app/i18n/i18n';
import { useCard } from './points.api';
import './points.css';

/**
 * 积分卡: the household's QR code, shown at the counter on the villager's phone, or printed by
 * staff for a household without a smartphone. The code is also written out, for typing.
 */
export function CardPage() {
  const t = useT();
  const me = useSignedIn();
  const params = useParams();
  const own = me.scope.kind === 'household';
  const id = own ? me.scope.householdId : Number(params.id) || undefined;
  const card = useCard(id);

  if (!id) {
    return (
      <div data-testid="card-page">
        <PageHeader title={t('points.card.title')} />
        <Result status="info" title={t('registry.my.none')} />
      </div>
    );
  }
  return (
    <div data-testid="card-page">
      <div className="zx-no-print">
        <PageHeader
          title={t('points.card.title')}
          extra={
            own ? null : (
              <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
                {t('points.print')}
              </Button>
            )
          }
        />
      </div>
      {card.isPending ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : card.isError ? (
        <LoadError error={card.error} onRetry={() => card.refetch()} />
      ) : (
        <Card style={{ maxWidth: 420, margin: '0 auto' }}>
          <div style={{ textAlign: 'center', fontSize: 18, fontWeight: 600, marginBottom: 8 }}>
            {card.data.householdName}
          </div>
          <img
            className="zx-card-qr"
            src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(card.data.svg)}`}
            alt={t('points.card.alt', { code: card.data.code })}
            data-testid="card-qr"
          />
          <div className="zx-card-code zx-mono" data-testid="card-code">
            {card.data.code}
          </div>
          <div className="zx-muted" style={{ textAlign: 'center', marginTop: 4 }}>
            {t('points.card.town')}
          </div>
        </Card>
      )}
      <Alert
        className="zx-no-print"
        type="info"
        showIcon
        style={{ marginTop: 12, maxWidth: 420, marginInline: 'auto' }}
        title={own ? t('points.card.hint') : t('points.card.staffHint')}
      />
    </div>
  );
}
