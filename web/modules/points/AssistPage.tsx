import { Alert, Card, Form } from 'antd';
import { useState } from 'react';
import { PageHeader } from '../../app/components/PageHeader';
import { useT } from '../../app/i18n/i18n';
import { notifySuccess } from '../../app/notify';
import { HouseholdPicker } from '../registry/components/HouseholdPicker';
import type { HouseholdSummary } from '../registry/registry.api';
import { DeclarationForm } from './components/DeclarationForm';
import { DeclarationList } from './components/DeclarationList';
import { useDeclarations } from './points.api';
import './points.css';

/**
 * 代为申报: a cadre declares for a household without a smartphone. The same form as the
 * villager's; the server records who declared and that it was for someone else, and the
 * declarer cannot approve it.
 */
export function AssistPage() {
  const t = useT();
  const [household, setHousehold] = useState<HouseholdSummary | undefined>();
  const recent = useDeclarations({ householdId: household?.id, limit: 10 }, Boolean(household));
  return (
    <div data-testid="assist-page">
      <PageHeader title={t('points.assist.title')} sub={t('points.assist.intro')} />
      <div className="zx-cols">
        <Card size="small">
          <Form layout="vertical">
            <Form.Item label={t('points.assist.household')} required>
              <HouseholdPicker
                value={household?.id}
                onChange={(_, h) => setHousehold(h)}
                placeholder={t('registry.picker.placeholder')}
                testId="assist-household"
              />
            </Form.Item>
          </Form>
          {household ? (
            <DeclarationForm
              key={household.id}
              householdId={household.id}
              onDone={(d) =>
                notifySuccess(t('points.assist.done', { name: d.householdName, points: d.points }))
              }
            />
          ) : (
            <Alert type="info" showIcon title={t('points.assist.pickFirst')} />
          )}
        </Card>
        {household ? (
          <div>
            <h2 className="zx-subhead" style={{ marginTop: 0 }}>
              {t('points.assist.recent', { name: `${household.headName ?? ''}户` })}
            </h2>
            <DeclarationList items={recent.data?.items ?? []} loading={recent.isFetching} />
          </div>
        ) : null}
      </div>
    </div>
  );
}
