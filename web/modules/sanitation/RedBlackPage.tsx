import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Skeleton } from 'antd';
import { Link, useParams, useSearchParams } from 'react-router';
import { LoadError } from '../../app/components/LoadError';
import { PageHeader } from '../../app/components/PageHeader';
import { useT } from '../../app/i18n/i18n';
import { PrintButton } from './components/bits';
import { useSeesTown, VillageSelect } from './components/VillageSelect';
import { todayBeijing } from './money';
import { type ListedResult, useRedBlack } from './sanitation.api';
import './sanitation.css';

const VILLAGE = /^\d{12}$/;

function Board({ kind, items }: { kind: 'red' | 'black'; items: ListedResult[] }) {
  const t = useT();
  return (
    <section className={`zs-board zs-board-${kind}`} data-testid={`list-${kind}`}>
      <h2>{kind === 'red' ? t('sanitation.lists.red') : t('sanitation.lists.black')}</h2>
      {items.length === 0 ? (
        <div className="zs-board-none">{t('sanitation.lists.empty')}</div>
      ) : (
        <ol>
          {items.map((r) => (
            <li key={r.resultId} data-testid={`list-${kind}-row`}>
              <span>{r.householdName}</span>
              <strong>{t('sanitation.lists.points', { n: r.total })}</strong>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** 红黑榜 of a campaign for a village, to print and post. */
export function RedBlackPage() {
  const t = useT();
  const id = Number(useParams().id);
  const seesTown = useSeesTown();
  const [params, setParams] = useSearchParams();
  const raw = params.get('village');
  const village = raw && VILLAGE.test(raw) ? raw : undefined;
  const lists = useRedBlack(id, village);
  const d = lists.data;
  return (
    <div data-testid="lists-page" className="zs-page">
      <div className="zs-no-print">
        <PageHeader
          title={t('sanitation.lists.title')}
          extra={
            <Link to="/sanitation/inspections">
              <Button icon={<ArrowLeftOutlined />}>{t('sanitation.inspections.back')}</Button>
            </Link>
          }
        />
        <div className="zs-toolbar">
          {seesTown ? (
            <VillageSelect
              value={village}
              onChange={(v) => setParams(v ? { village: v } : {}, { replace: true })}
              placeholder={t('sanitation.lists.wholeTown')}
            />
          ) : null}
          <PrintButton />
        </div>
      </div>
      {lists.isPending ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : lists.isError ? (
        <LoadError error={lists.error} onRetry={() => lists.refetch()} />
      ) : d ? (
        <div className="zs-sheet zs-print-area">
          <h1 className="zs-sheet-title">{t('sanitation.lists.sheetTitle', { title: d.title })}</h1>
          <div className="zs-sheet-sub">
            {t('sanitation.lists.sheetSub', { scored: d.scored, date: todayBeijing() })}
          </div>
          <div className="zs-boards">
            <Board kind="red" items={d.red} />
            <Board kind="black" items={d.black} />
          </div>
          <p className="zs-sheet-note">{t('sanitation.lists.note')}</p>
        </div>
      ) : null}
    </div>
  );
}
