import { Alert, Button, Card, Col, Row, Skeleton } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { hasPermission, useSignedIn } from '../../app/auth/session';
import { LoadError } from '../../app/components/LoadError';
import { PageHeader } from '../../app/components/PageHeader';
import { useT } from '../../app/i18n/i18n';
import {
  HOUSEHOLD_ACTIONS,
  type HouseholdAction,
  HouseholdActionModal,
} from './components/HouseholdActionModal';
import { HouseholdFacts } from './components/HouseholdFacts';
import { HouseholdTimeline } from './components/HouseholdTimeline';
import { MemberList } from './components/ResidentList';
import { RevealModal } from './components/RevealModal';
import { VillagerAccounts } from './components/VillagerAccounts';
import { useRegistryLabels } from './labels';
import { useHousehold, useReveal } from './registry.api';
import './registry.css';

/**
 * 户: header facts, members (head first, those who left greyed), the timeline of events, and
 * for registry.write the businesses done at the counter, each a form.
 */
export function HouseholdPage() {
  const id = useParams().id ?? '';
  // A fresh page per household: an address revealed for one never shows on the next.
  return <HouseholdView key={id} id={Number(id)} />;
}

function HouseholdView({ id }: { id: number }) {
  const t = useT();
  const me = useSignedIn();
  const label = useRegistryLabels();
  const household = useHousehold(Number.isInteger(id) && id > 0 ? id : undefined);
  const reveal = useReveal('households', id);
  const [address, setAddress] = useState<string | null | undefined>(undefined);
  const [revealing, setRevealing] = useState(false);
  const [action, setAction] = useState<HouseholdAction | null>(null);
  const canWrite = hasPermission(me, 'registry.write');
  const canReveal = hasPermission(me, 'pii.reveal');
  const canAccounts = hasPermission(me, 'villager.account') && hasPermission(me, 'user.read');

  if (household.isPending) {
    return (
      <div data-testid="household-page">
        <PageHeader title={t('registry.households.title')} />
        <Skeleton active paragraph={{ rows: 8 }} />
      </div>
    );
  }
  if (household.isError) {
    return (
      <div data-testid="household-page">
        <PageHeader title={t('registry.households.title')} />
        <LoadError error={household.error} onRetry={() => household.refetch()} />
      </div>
    );
  }
  const h = household.data;
  const active = h.status === 'active';
  const members = h.members.filter((m) => m.status === 'active').length;

  return (
    <div data-testid="household-page">
      <PageHeader
        title={t('registry.household.title', { number: h.number })}
        sub={
          <span>
            {label.place(h.villageName, h.groupName)}
            {h.headName ? ` · ${t('registry.field.head')} ${h.headName}` : ''} ·{' '}
            <Link to="/registry/households">{t('registry.household.back')}</Link>
          </span>
        }
      />
      {active ? null : (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('registry.household.inactive', { status: label.householdStatus(h.status) })}
        />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={17} style={{ display: 'flex', flexDirection: 'column', gap: 16, minWidth: 0 }}>
          <Card size="small" title={t('registry.household.facts')}>
            <HouseholdFacts
              household={h}
              address={address}
              onReveal={canReveal ? () => setRevealing(true) : undefined}
            />
          </Card>
          <Card
            size="small"
            title={t('registry.household.members', { n: members })}
            styles={{ body: { padding: 8 } }}
          >
            <MemberList items={h.members} />
          </Card>
        </Col>
        <Col xs={24} xl={7} style={{ display: 'flex', flexDirection: 'column', gap: 16, minWidth: 0 }}>
          {canWrite && active ? (
            <Card size="small" title={t('registry.household.actions')}>
              <div className="zx-action-grid">
                {HOUSEHOLD_ACTIONS.map((a) => (
                  <Button
                    key={a}
                    autoInsertSpace={false}
                    onClick={() => setAction(a)}
                    data-testid={`household-action-${a}`}
                  >
                    {t(`registry.action.${a}`)}
                  </Button>
                ))}
              </div>
            </Card>
          ) : null}
          {canAccounts && active ? (
            <VillagerAccounts
              householdId={h.id}
              orgCode={h.groupCode ?? h.villageCode}
              headName={h.headName}
            />
          ) : null}
          <Card size="small" title={t('registry.household.timeline')}>
            <HouseholdTimeline events={h.events} />
          </Card>
        </Col>
      </Row>
      {canWrite ? (
        <HouseholdActionModal
          household={h}
          action={action}
          revealedAddress={address}
          onClose={() => setAction(null)}
        />
      ) : null}
      <RevealModal
        open={revealing}
        title={t('registry.reveal.addressTitle', { number: h.number })}
        onClose={() => setRevealing(false)}
        onReveal={async (reason) => {
          const r = await reveal.mutateAsync(reason);
          setAddress(r.address ?? null);
        }}
      />
    </div>
  );
}
