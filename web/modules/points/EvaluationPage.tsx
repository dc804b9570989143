import { Alert, Button, Card, DatePicker, Empty, Rate, Select, Skeleton } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { isApiError } from '../../app/api';
import { hasPermission, useSignedIn } from '../../app/auth/session';
import { LoadError } from '../../app/components/LoadError';
import { PageHeader } from '../../app/components/PageHeader';
import { count } from '../../app/format';
import { useT } from '../../app/i18n/i18n';
import { notifySuccess } from '../../app/notify';
import { useVillages, VillageSelect } from './components/VillageSelect';
import { groupBy, thisMonthBj } from './format';
import {
  useApproveRound,
  useEnterRound,
  usePendingRounds,
  useSettings,
  useVillageHouseholds,
} from './points.api';
import './points.css';

const STARS = [1, 2, 3, 4, 5] as const;

function ApproveRound() {
  const t = useT();
  const rounds = usePendingRounds();
  const approve = useApproveRound();
  const [error, setError] = useState<string | null>(null);
  return (
    <Card
      size="small"
      title={t('points.eval.approveTitle')}
      style={{ marginTop: 16 }}
      data-testid="eval-approve"
    >
      <p className="zx-muted" style={{ marginTop: 0 }}>
        {t('points.eval.approveIntro')}
      </p>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} /> : null}
      {rounds.isError ? <LoadError error={rounds.error} onRetry={() => rounds.refetch()} /> : null}
      {rounds.isPending ? <Skeleton active paragraph={{ rows: 2 }} /> : null}
      {rounds.data && rounds.data.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('points.eval.nonePending')} />
      ) : null}
      {rounds.data?.items.map((r) => (
        <div key={r.id} className="zp-round" data-testid="eval-round">
          <div>
            <strong>
              {r.villageName} · {r.title}
            </strong>
            <div className="zx-muted">
              {t('points.eval.roundFacts', {
                id: r.id,
                households: count(r.households),
                points: count(r.points),
                by: r.createdBy,
              })}
            </div>
          </div>
          <Button
            type="primary"
            disabled={r.mine}
            title={r.mine ? t('points.eval.notYours') : undefined}
            loading={approve.isPending && approve.variables === r.id}
            onClick={() => {
              setError(null);
              approve.mutate(r.id, {
                onSuccess: () => {
                  notifySuccess(t('points.eval.approved', { id: r.id }));
                  void rounds.refetch();
                },
                onError: (e) => setError(isApiError(e) ? e.message : t('error.page.desc')),
              });
            }}
            data-testid="eval-approve-submit"
          >
            {r.mine ? t('points.eval.notYours') : t('points.eval.approve')}
          </Button>
        </div>
      ))}
    </Card>
  );
}

/**
 * 月度评议: the village committee rates every household of the village with one to five stars
 * for a month; the town's table turns stars into points. The round then waits for another
 * committee member's approval and goes through the public notice like any declaration.
 */
export function EvaluationPage() {
  const t = useT();
  const me = useSignedIn();
  const { villages, fixed } = useVillages();
  const [village, setVillage] = useState<string | undefined>(fixed ? villages[0]?.code : undefined);
  const [month, setMonth] = useState(thisMonthBj());
  const [stars, setStars] = useState<Map<number, number>>(new Map());
  const [bulk, setBulk] = useState<number>(3);
  const [error, setError] = useState<string | null>(null);
  const [entered, setEntered] = useState<{ id: number; declarations: number } | null>(null);
  const settings = useSettings();
  const households = useVillageHouseholds(village);
  const enter = useEnterRound();
  const table = settings.data?.evaluationTable;

  useEffect(() => {
    if (fixed && !village && villages[0]) setVillage(villages[0].code);
  }, [fixed, village, villages]);
  // All of the village's households, page after page (200 at a time).
  useEffect(() => {
    if (households.hasNextPage && !households.isFetchingNextPage) void households.fetchNextPage();
  }, [households.hasNextPage, households.isFetchingNextPage, households.fetchNextPage]);

  const list = useMemo(
    () => (households.data?.pages.flatMap((p) => p.items) ?? []).filter((h) => h.status === 'active'),
    [households.data],
  );
  const total = households.data?.pages[0]?.total ?? null;
  const rated = list.filter((h) => stars.has(h.id));
  const points = rated.reduce((s, h) => s + (table?.[String(stars.get(h.id)) as '1'] ?? 0), 0);
  const set = (id: number, n: number) =>
    setStars((m) => {
      const next = new Map(m);
      if (n > 0) next.set(id, n);
      else next.delete(id);
      return next;
    });

  const submit = () => {
    if (!village) return;
    setError(null);
    enter.mutate(
      { village, month, scores: rated.map((h) => ({ householdId: h.id, stars: stars.get(h.id) ?? 0 })) },
      {
        onSuccess: (r) => {
          setEntered(r);
          setStars(new Map());
          notifySuccess(t('points.eval.done', { id: r.id }));
        },
        onError: (e) => setError(isApiError(e) ? e.message : t('error.page.desc')),
      },
    );
  };

  return (
    <div data-testid="evaluation-page">
      <PageHeader title={t('points.eval.title')} sub={t('points.eval.intro')} />
      <div className="zx-filters" style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 12 }}>
        <VillageSelect
          value={village}
          onChange={(v) => {
            setVillage(v);
            setStars(new Map());
          }}
          style={{ width: 220 }}
          testId="eval-village"
        />
        <DatePicker
          picker="month"
          allowClear={false}
          inputReadOnly
          value={dayjs(`${month}-01`)}
          onChange={(d) => d && setMonth(d.format('YYYY-MM'))}
          disabledDate={(d) => d.format('YYYY-MM') > thisMonthBj()}
          style={{ width: 160 }}
          data-testid="eval-month"
        />
      </div>
      {table ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('points.eval.table', {
            table: STARS.slice()
              .reverse()
              .map((n) => t('points.eval.starPoints', { n, points: table[String(n) as '1'] ?? 0 }))
              .join('，'),
          })}
        />
      ) : null}
      {entered ? (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="eval-entered"
          title={t('points.eval.entered', { id: entered.id, n: entered.declarations })}
        />
      ) : null}
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      {!village ? (
        <Empty description={t('points.village.pickFirst')} />
      ) : households.isError ? (
        <LoadError error={households.error} onRetry={() => households.refetch()} />
      ) : households.isPending ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : (
        <>
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', marginBottom: 8 }}>
            <span>{t('points.eval.bulk')}</span>
            <Select<number>
              value={bulk}
              onChange={setBulk}
              options={STARS.map((n) => ({ value: n, label: t('points.eval.stars', { n }) }))}
              style={{ width: 100 }}
            />
            <Button
              onClick={() =>
                setStars((m) => {
                  const next = new Map(m);
                  for (const h of list) if (!next.has(h.id)) next.set(h.id, bulk);
                  return next;
                })
              }
              data-testid="eval-fill"
            >
              {t('points.eval.fillRest')}
            </Button>
            <Button onClick={() => setStars(new Map())}>{t('points.eval.clear')}</Button>
          </div>
          <div data-testid="eval-list">
            {groupBy(list, (h) => h.groupName ?? '').map(([group, rows]) => (
              <section key={group || '-'}>
                <h2 className="zx-subhead">
                  {group || t('points.eval.noGroup')}{' '}
                  <span className="zx-muted">
                    {t('points.eval.groupCount', {
                      n: rows.length,
                      rated: rows.filter((h) => stars.has(h.id)).length,
                    })}
                  </span>
                </h2>
                <div className="zx-grid-lines">
                  {rows.map((h) => (
                    <div key={h.id} className="zx-stars-row" data-testid="eval-row" data-id={h.id}>
                      <span style={{ minWidth: 0 }}>
                        <strong>{h.headName ?? '—'}户</strong> <span className="zx-muted">{h.number}</span>
                      </span>
                      <Rate
                        value={stars.get(h.id) ?? 0}
                        onChange={(n) => set(h.id, n)}
                        data-testid="eval-stars"
                      />
                    </div>
                  ))}
                </div>
              </section>
            ))}
          </div>
          <Card size="small" style={{ position: 'sticky', bottom: 0, marginTop: 12, zIndex: 2 }}>
            <div
              style={{
                display: 'flex',
                flexWrap: 'wrap',
                gap: 12,
                alignItems: 'center',
                justifyContent: 'space-between',
              }}
            >
              <span data-testid="eval-summary">
                {t('points.eval.summary', {
                  rated: count(rated.length),
                  all: count(total ?? list.length),
                  points: count(points),
                })}
              </span>
              <Button
                type="primary"
                size="large"
                disabled={rated.length === 0 || households.isFetchingNextPage}
                loading={enter.isPending}
                onClick={submit}
                data-testid="eval-submit"
              >
                {t('points.eval.submit', { month })}
              </Button>
            </div>
          </Card>
        </>
      )}
      {hasPermission(me, 'points.review') ? <ApproveRound /> : null}
    </div>
  );
}
