import { Alert, Card, Result, Skeleton } from 'antd';
import { useSignedIn } from '../../app/auth/session';
import { LoadError } from '../../app/components/LoadError';
import { PageHeader } from '../../app/components/PageHeader';
import { useT } from '../../app/i18n/i18n';
import { HouseholdFacts } from './components/HouseholdFacts';
import { ResidentCard } from './components/ResidentList';
import { useHousehold } from './registry.api';
import './registry.css';

/**
 * 我的家庭: a villager's own household as the registry holds it, members with their data
 * masked, nothing to change here (changes are made at the village or the service center).
 */
export function MyHouseholdPage() {
  const t = useT();
  const me = useSignedIn();
  const id = me.scope.householdId;
  const household = useHousehold(id);

  if (!id) {
    return (
      <div data-testid="my-household-page">
        <PageHeader title={t('registry.my.title')} />
        <Result status="info" title={t('registry.my.none')} />
      </div>
    );
  }
  return (
    <div data-testid="my-household-page">
      <PageHeader title={t('registry.my.title')} sub={t('registry.my.intro')} />
      {household.isPending ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : household.isError ? (
        <LoadError error={household.error} onRetry={() => household.refetch()} />
      ) : (
        <>
          <Card size="small" style={{ marginBottom: 12 }}>
            <HouseholdFacts household={household.data} />
          </Card>
          <h2 className="zx-section-title">
            {t('registry.household.members', {
              n: household.data.members.filter((m) => m.status === 'active').length,
            })}
          </h2>
          <div className="zx-cards zx-member-grid" data-testid="member-list">
            {household.data.members.map((m) => (
              <ResidentCard key={m.id} r={m} showPlace={false} linkable={false} testId="member-row" />
            ))}
          </div>
          <Alert type="info" showIcon style={{ marginTop: 16 }} title={t('registry.my.help')} />
        </>
      )}
    </div>
  );
}
