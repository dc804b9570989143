import {
  EditOutlined,
  FileTextOutlined,
  NotificationOutlined,
  QrcodeOutlined,
  ShopOutlined,
  TrophyOutlined,
} from '@ant-design/icons';
import { Alert, Button, Card, Empty, Result, Skeleton } from 'antd';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { useSignedIn } from '../../app/auth/session';
import { LoadError } from '../../app/components/LoadError';
import { PageHeader } from '../../app/components/PageHeader';
import { count } from '../../app/format';
import { useT } from '../../app/i18n/i18n';
import { Amount, DeclarationStatusTag } from './components/bits';
import { daysUntil, withinDays } from './format';
import { useAccount, useDeclarations, useStatement } from './points.api';
import './points.css';

/** Points expiring within this many days are shown as urgent. */
const SOON_DAYS = 30;

function Quick({ icon, label, to, testId }: { icon: ReactNode; label: string; to: string; testId: string }) {
  const navigate = useNavigate();
  return (
    <Button icon={icon} onClick={() => navigate(to)} data-testid={testId}>
      {label}
    </Button>
  );
}

/**
 * 我的积分 (villager, phone first): the balance large, what was earned and spent, points about to
 * expire, the latest lines of the statement and the declarations still on their way.
 */
export function MyPointsPage() {
  const t = useT();
  const me = useSignedIn();
  const id = me.scope.householdId;
  const account = useAccount(id);
  const statement = useStatement(id);
  const open = useDeclarations({ householdId: id, limit: 20 }, Boolean(id));

  if (!id) {
    return (
      <div data-testid="my-points-page">
        <PageHeader title={t('points.my.title')} />
        <Result status="info" title={t('registry.my.none')} />
      </div>
    );
  }
  const a = account.data;
  const latest = [...(statement.data?.lines ?? [])].reverse().slice(0, 5);
  // What left the account other than by spending: year-end expiry, deductions, reversals.
  const gone = a ? a.earnedTotal - a.spentTotal - a.balance : 0;
  const moving = (open.data?.items ?? []).filter(
    (d) => d.status === 'pending' || d.status === 'approved' || d.status === 'in_notice',
  );

  return (
    <div data-testid="my-points-page">
      <PageHeader title={t('points.my.title')} sub={statement.data?.householdName} />
      {account.isError ? (
        <LoadError error={account.error} onRetry={() => account.refetch()} />
      ) : (
        <Card size="small">
          {a ? (
            <>
              <div className="zx-balance">
                <div className="zx-balance-label">{t('points.my.balance')}</div>
                <div className="zx-balance-value">
                  <span data-testid="villager-balance">{count(a.balance)}</span>
                  <span className="zx-balance-unit">{t('points.unit')}</span>
                </div>
              </div>
              <div className={gone > 0 ? 'zx-balance-pair zx-balance-three' : 'zx-balance-pair'}>
                <div>
                  <span className="zx-muted">{t('points.my.earned')}</span>
                  <strong>{count(a.earnedTotal)}</strong>
                </div>
                <div>
                  <span className="zx-muted">{t('points.my.spent')}</span>
                  <strong>{count(a.spentTotal)}</strong>
                </div>
                {/* Expired or deducted: without it the three figures would not add up. */}
                {gone > 0 && (
                  <div data-testid="villager-gone">
                    <span className="zx-muted">{t('points.my.gone')}</span>
                    <strong>{count(gone)}</strong>
                  </div>
                )}
              </div>
            </>
          ) : (
            <Skeleton active paragraph={{ rows: 3 }} />
          )}
          <div className="zx-quick">
            <Quick
              icon={<FileTextOutlined />}
              label={t('points.my.statement')}
              to="/points/mine/statement"
              testId="my-statement-open"
            />
            <Quick
              icon={<QrcodeOutlined />}
              label={t('points.my.card')}
              to="/points/mine/card"
              testId="my-card-open"
            />
            <Quick
              icon={<EditOutlined />}
              label={t('points.my.declare')}
              to="/points/declare"
              testId="my-declare-open"
            />
            <Quick icon={<ShopOutlined />} label={t('points.my.shop')} to="/shop" testId="my-shop-open" />
            <Quick
              icon={<NotificationOutlined />}
              label={t('points.my.notices')}
              to="/notices"
              testId="my-notices-open"
            />
            <Quick
              icon={<TrophyOutlined />}
              label={t('points.my.honour')}
              to="/points/honour"
              testId="my-honour-open"
            />
          </div>
        </Card>
      )}

      {a?.expiring.map((e) => {
        const soon = withinDays(e.on, SOON_DAYS);
        return (
          <Alert
            key={e.on}
            type={soon ? 'error' : 'warning'}
            showIcon
            style={{ marginTop: 12 }}
            data-testid="expiring"
            data-soon={soon ? '1' : '0'}
            title={t('points.my.expiring', { points: count(e.points), date: e.on })}
            description={
              soon
                ? t('points.my.expiringSoon', { days: Math.max(0, daysUntil(e.on)) })
                : t('points.my.expiringLater')
            }
          />
        );
      })}

      {moving.length > 0 ? (
        <>
          <h2 className="zx-subhead">{t('points.my.onTheWay')}</h2>
          <div className="zx-lines" data-testid="my-open-declarations">
            {moving.map((d) => (
              <div key={d.id} className="zx-line">
                <span className="zx-line-memo">
                  {d.ruleName}
                  {d.quantity > 1 ? ` ×${d.quantity}` : ''}
                  <br />
                  <span className="zx-muted">{d.occurredOn}</span>
                </span>
                <span style={{ textAlign: 'right' }}>
                  <span className="zx-line-amount">
                    <Amount n={d.points} />
                  </span>
                  <br />
                  <DeclarationStatusTag status={d.status} />
                </span>
              </div>
            ))}
          </div>
        </>
      ) : null}

      <h2 className="zx-subhead">{t('points.my.latest')}</h2>
      {statement.isPending ? (
        <Skeleton active paragraph={{ rows: 4 }} />
      ) : latest.length === 0 ? (
        <Empty description={t('points.statement.empty')} />
      ) : (
        <div className="zx-lines">
          {latest.map((l) => (
            <div key={`${l.transactionId}`} className="zx-line">
              <span className="zx-line-memo">
                {l.memo || l.kindName}
                <br />
                <span className="zx-muted">
                  {l.date} · {l.kindName}
                </span>
              </span>
              <span className="zx-line-amount">
                <Amount n={l.amount} />
              </span>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
