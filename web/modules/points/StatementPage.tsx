import { ArrowLeftOutlined, FileExcelOutlined, PrinterOutlined, QrcodeOutlined } from '@ant-design/icons';
import { Button, Empty, Result, Skeleton } from 'antd';
import { Link, useNavigate, useParams } from 'react-router';
import { useSignedIn } from '../../app/auth/session';
import { LoadError } from '../../app/components/LoadError';
import { PageHeader } from '../../app/components/PageHeader';
import { beijingTime, count } from '../../app/format';
import { useT } from '../../app/i18n/i18n';
import { useIsPhone } from '../../app/use-is-phone';
import { Amount } from './components/bits';
import { statementXlsxUrl, useAccount, useStatement } from './points.api';
import './points.css';

/**
 * 对账单: every movement of a household's points with the balance after it. A villager reads
 * their own (明细, phone list); staff open any household of their area from the accounts list,
 * print it for signing, or take it as Excel.
 */
export function StatementPage() {
  const t = useT();
  const me = useSignedIn();
  const params = useParams();
  const navigate = useNavigate();
  const isPhone = useIsPhone();
  const own = me.scope.kind === 'household';
  const id = own ? me.scope.householdId : Number(params.id) || undefined;
  const statement = useStatement(id);
  const account = useAccount(id);

  if (!id) {
    return (
      <div data-testid="statement-page">
        <PageHeader title={t('points.statement.title')} />
        <Result status="info" title={t('registry.my.none')} />
      </div>
    );
  }
  const s = statement.data;
  const lines = s?.lines ?? [];
  const actions = (
    <div className="zx-no-print" style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
      {own ? (
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/points/mine')}>
          {t('points.my.title')}
        </Button>
      ) : (
        <Link to={`/points/accounts/${id}/card`}>
          <Button icon={<QrcodeOutlined />}>{t('points.card.print')}</Button>
        </Link>
      )}
      <Button icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="statement-print">
        {t('points.print')}
      </Button>
      <Button icon={<FileExcelOutlined />} href={statementXlsxUrl(id)} data-testid="statement-xlsx">
        {t('points.statement.excel')}
      </Button>
    </div>
  );

  return (
    <div data-testid="statement-page">
      <div className="zx-no-print">
        <PageHeader
          title={own ? t('points.statement.mine') : t('points.statement.title')}
          sub={
            s
              ? `${s.householdName} · ${t('points.statement.number', { number: s.householdNumber })}`
              : undefined
          }
          extra={actions}
        />
      </div>
      {statement.isPending ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : statement.isError ? (
        <LoadError error={statement.error} onRetry={() => statement.refetch()} />
      ) : isPhone ? (
        lines.length === 0 ? (
          <Empty description={t('points.statement.empty')} />
        ) : (
          <div className="zx-lines" data-testid="statement-lines">
            {account.data ? (
              <div className="zx-line" style={{ background: '#f6f8fb' }}>
                <strong>{t('points.my.balance')}</strong>
                <strong className="zx-line-amount">{count(account.data.balance)}</strong>
              </div>
            ) : null}
            {[...lines].reverse().map((l) => (
              <div key={l.transactionId} className="zx-line" data-testid="statement-line">
                <span className="zx-line-memo">
                  {l.memo || l.kindName}
                  <br />
                  <span className="zx-muted">
                    {l.date} · {l.kindName}
                  </span>
                </span>
                <span style={{ textAlign: 'right' }}>
                  <span className="zx-line-amount">
                    <Amount n={l.amount} />
                  </span>
                  <br />
                  <span className="zx-muted">
                    {t('points.statement.after', { n: count(l.balanceAfter) })}
                  </span>
                </span>
              </div>
            ))}
          </div>
        )
      ) : (
        <div className="zx-doc">
          <h1>{t('points.statement.docTitle', { name: s?.householdName ?? '' })}</h1>
          <div className="zx-doc-sub">
            {t('points.statement.number', { number: s?.householdNumber ?? '' })} ·{' '}
            {t('points.statement.printed', { at: beijingTime(new Date().toISOString(), false) })}
          </div>
          <div className="zx-doc-wrap">
            <table className="zx-doc-table" data-testid="statement-lines">
              <thead>
                <tr>
                  <th>{t('points.statement.col.date')}</th>
                  <th>{t('points.statement.col.kind')}</th>
                  <th>{t('points.statement.col.memo')}</th>
                  <th className="zx-num">{t('points.statement.col.in')}</th>
                  <th className="zx-num">{t('points.statement.col.out')}</th>
                  <th className="zx-num">{t('points.statement.col.balance')}</th>
                </tr>
              </thead>
              <tbody>
                {lines.length === 0 ? (
                  <tr>
                    <td colSpan={6} style={{ textAlign: 'center' }}>
                      {t('points.statement.empty')}
                    </td>
                  </tr>
                ) : (
                  lines.map((l) => (
                    <tr key={l.transactionId} data-testid="statement-line">
                      <td className="zx-nowrap">{l.date}</td>
                      <td className="zx-nowrap">{l.kindName}</td>
                      <td>{l.memo ?? ''}</td>
                      <td className="zx-num">{l.amount > 0 ? l.amount : ''}</td>
                      <td className="zx-num">{l.amount < 0 ? -l.amount : ''}</td>
                      <td className="zx-num">{l.balanceAfter}</td>
                    </tr>
                  ))
                )}
              </tbody>
            </table>
          </div>
          <div className="zx-doc-foot">
            <span>{t('points.statement.balanceNow', { n: count(account.data?.balance ?? 0) })}</span>
            <span>{t('points.statement.sign')}</span>
          </div>
        </div>
      )}
    </div>
  );
}
