import { Breadcrumb, Card, Skeleton, Tag } from 'antd';
import { useState } from 'react';
import { hasPermission, useSignedIn } from '../../app/auth/session';
import { Forbidden } from '../../app/components/Forbidden';
import { LoadError } from '../../app/components/LoadError';
import { PageHeader } from '../../app/components/PageHeader';
import { roleLabel, useLocale, useT } from '../../app/i18n/i18n';
import { useIsPhone } from '../../app/use-is-phone';
import { GroupsPanel } from './components/GroupsPanel';
import { StatCards } from './components/StatCards';
import { VillageGroupsDrawer } from './components/VillageGroupsDrawer';
import { VillageList, type VillageRow } from './components/VillageList';
import { VillagerHome } from './components/VillagerHome';
import { useRegistryFigures, useScopeSummary } from './home.api';

function StaffHome() {
  const me = useSignedIn();
  const t = useT();
  const locale = useLocale();
  const summary = useScopeSummary();
  const registry = useRegistryFigures(hasPermission(me, 'registry.read'));
  const [open, setOpen] = useState<VillageRow | null>(null);
  const canWrite = hasPermission(me, 'org.write');
  const isPhone = useIsPhone();

  const header = (
    <PageHeader
      title={t('home.title', { name: me.scope.name })}
      sub={<Breadcrumb items={me.scope.path.map((p) => ({ key: p.code, title: p.name }))} />}
    />
  );
  if (summary.isPending) {
    return (
      <div data-testid="home-page">
        {header}
        <Skeleton active paragraph={{ rows: 6 }} />
      </div>
    );
  }
  if (summary.isError) {
    return (
      <div data-testid="home-page">
        {header}
        <LoadError error={summary.error} onRetry={() => summary.refetch()} />
      </div>
    );
  }
  const s = summary.data;
  const roles = Object.entries(s.usersByRole).sort((a, b) => b[1] - a[1]);
  const isVillage = s.node.level === 'village';

  return (
    <div data-testid="home-page">
      {header}
      <StatCards summary={s} registry={registry} />
      {roles.length > 0 ? (
        <Card size="small" title={t('home.byRole')} style={{ marginBottom: 16 }}>
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
            {roles.map(([role, n]) => (
              <Tag key={role} style={{ margin: 0 }}>
                {roleLabel(role, locale)} <strong>{n}</strong>
              </Tag>
            ))}
          </div>
        </Card>
      ) : null}
      {isVillage ? (
        // A village cadre's scope is one village: its groups, right here.
        <Card title={t('home.groupsOf', { name: s.node.name })} data-testid="village-groups">
          <GroupsPanel villageCode={s.node.code} canWrite={canWrite} />
        </Card>
      ) : s.villagesList.length > 0 && isPhone ? (
        // On a phone the cards are the list: no frame around them to eat the width.
        <section>
          <div className="zx-card-row" style={{ margin: '4px 2px 8px', alignItems: 'baseline' }}>
            <h2 style={{ fontSize: 16, margin: 0 }}>{t('home.villageList')}</h2>
            <span style={{ color: 'rgba(0,0,0,0.55)', fontSize: 13 }}>
              {t('home.villageCount', { n: s.villagesList.length })}
            </span>
          </div>
          <VillageList villages={s.villagesList} onOpen={setOpen} />
        </section>
      ) : s.villagesList.length > 0 ? (
        <Card
          title={t('home.villageList')}
          extra={
            <span style={{ color: 'rgba(0,0,0,0.55)' }}>
              {t('home.villageCount', { n: s.villagesList.length })}
            </span>
          }
          styles={{ body: { padding: 0 } }}
        >
          <VillageList villages={s.villagesList} onOpen={setOpen} />
        </Card>
      ) : null}
      <VillageGroupsDrawer village={open} canWrite={canWrite} onClose={() => setOpen(null)} />
    </div>
  );
}

/** The first page after login: the figures of the caller's area, or a villager's household. */
export function HomePage() {
  const me = useSignedIn();
  if (me.scope.kind === 'household') return <VillagerHome me={me} />;
  if (!hasPermission(me, 'org.read')) return <Forbidden />;
  return <StaffHome />;
}
