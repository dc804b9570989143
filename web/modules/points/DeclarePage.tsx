import { Button, Card, Result, Segmented } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useSignedIn } from '../../app/auth/session';
import { PageHeader } from '../../app/components/PageHeader';
import { useT } from '../../app/i18n/i18n';
import { DeclarationForm } from './components/DeclarationForm';
import { DeclarationList } from './components/DeclarationList';
import { type Declaration, useDeclarations } from './points.api';
import './points.css';

type View = 'new' | 'mine';

/**
 * 申报 (villager, phone): declare a good deed for one's own household, and follow what was
 * declared: 待审核 → 公示中 → 已入账, or why it was turned down.
 */
export function DeclarePage() {
  const t = useT();
  const me = useSignedIn();
  const navigate = useNavigate();
  const id = me.scope.householdId;
  const [view, setView] = useState<View>('new');
  const [done, setDone] = useState<Declaration | null>(null);
  const mine = useDeclarations({ householdId: id, limit: 50 }, Boolean(id) && view === 'mine');

  if (!id) {
    return (
      <div data-testid="declare-page">
        <PageHeader title={t('points.declare.title')} />
        <Result status="info" title={t('registry.my.none')} />
      </div>
    );
  }
  return (
    <div data-testid="declare-page">
      <PageHeader title={t('points.declare.title')} sub={t('points.declare.intro')} />
      <Segmented<View>
        block
        value={view}
        onChange={(v) => {
          setView(v);
          setDone(null);
        }}
        options={[
          { value: 'new', label: t('points.declare.new') },
          { value: 'mine', label: t('points.declare.mine') },
        ]}
        style={{ marginBottom: 12 }}
        data-testid="declare-view"
      />
      {view === 'mine' ? (
        <DeclarationList items={mine.data?.items ?? []} loading={mine.isFetching} />
      ) : done ? (
        <Card>
          <Result
            status="success"
            title={t('points.declare.done')}
            subTitle={t('points.declare.doneSub', { rule: done.ruleName, points: done.points })}
            extra={[
              <Button key="more" type="primary" onClick={() => setDone(null)} data-testid="declare-again">
                {t('points.declare.again')}
              </Button>,
              <Button key="mine" onClick={() => setView('mine')}>
                {t('points.declare.mine')}
              </Button>,
              <Button key="home" onClick={() => navigate('/points/mine')}>
                {t('points.my.title')}
              </Button>,
            ]}
            data-testid="declare-done"
          />
        </Card>
      ) : (
        <Card size="small">
          <DeclarationForm householdId={id} onDone={setDone} />
        </Card>
      )}
    </div>
  );
}
