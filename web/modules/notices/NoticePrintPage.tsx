import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Skeleton } from 'antd';
import { Link, useParams } from 'react-router';
import { LoadError } from '../../app/components/LoadError';
import { PageHeader } from '../../app/components/PageHeader';
import { beijingTime } from '../../app/format';
import { useT } from '../../app/i18n/i18n';
import { useNotice } from './notices.api';
import '../points/points.css';

/**
 * The notice as it is posted on the village board: title, village, period, a table of names
 * and points (withdrawn entries left out) and the way to object. No personal data: the
 * entries carry display names only.
 */
export function NoticePrintPage() {
  const t = useT();
  const id = Number(useParams().id);
  const notice = useNotice(id);
  if (notice.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (notice.isError) return <LoadError error={notice.error} onRetry={() => notice.refetch()} />;
  const n = notice.data;
  const entries = n.entries.filter((e) => e.status !== 'withdrawn');
  const total = entries.reduce((s, e) => s + e.amount, 0);
  return (
    <div data-testid="notice-print">
      <div className="zx-no-print">
        <PageHeader
          title={t('notices.printView')}
          extra={
            <div style={{ display: 'flex', gap: 8 }}>
              <Link to={`/notices/${n.id}`}>
                <Button icon={<ArrowLeftOutlined />}>{t('notices.back')}</Button>
              </Link>
              <Button
                type="primary"
                icon={<PrinterOutlined />}
                onClick={() => window.print()}
                data-testid="notice-print-button"
              >
                {t('points.print')}
              </Button>
            </div>
          }
        />
      </div>
      <div className="zx-doc">
        <h1>{n.title}</h1>
        <div className="zx-doc-sub">
          {n.orgName} ·{' '}
          {t('notices.doc.period', {
            from: beijingTime(n.opensAt, false),
            to: beijingTime(n.closesAt, false),
          })}
        </div>
        <div className="zx-doc-wrap">
          <table className="zx-doc-table">
            <thead>
              <tr>
                <th className="zx-num">{t('notices.doc.no')}</th>
                <th>{t('notices.doc.name')}</th>
                <th>{t('notices.doc.item')}</th>
                <th className="zx-num">{t('notices.doc.points')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e, i) => (
                <tr key={e.id} data-testid="notice-print-row">
                  <td className="zx-num">{i + 1}</td>
                  <td>{e.displayName}</td>
                  <td>{e.description}</td>
                  <td className="zx-num">{e.amount}</td>
                </tr>
              ))}
              <tr>
                <td colSpan={3} style={{ textAlign: 'right', fontWeight: 600 }}>
                  {t('notices.doc.total', { n: entries.length })}
                </td>
                <td className="zx-num" style={{ fontWeight: 600 }}>
                  {total}
                </td>
              </tr>
            </tbody>
          </table>
        </div>
        <p style={{ marginTop: 16, fontSize: 15 }}>
          {t('notices.doc.objection', { to: beijingTime(n.closesAt, false) })}
        </p>
        <div className="zx-doc-foot">
          <span>{t('notices.doc.by', { org: n.orgName })}</span>
          <span>{t('notices.doc.date', { date: beijingTime(n.opensAt, false).slice(0, 10) })}</span>
        </div>
      </div>
    </div>
  );
}
