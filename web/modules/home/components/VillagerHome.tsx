import { HomeOutlined, RightOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions } from 'antd';
import { useNavigate } from 'react-router';
import type { Me } from '../../../app/auth/session';
import { PageHeader } from '../../../app/components/PageHeader';
import { useT } from '../../../app/i18n/i18n';

/**
 * A villager's first page: which household and village they belong to. The points,
 * declarations and requests of later modules will hang here.
 */
export function VillagerHome({ me }: { me: Me }) {
  const t = useT();
  const navigate = useNavigate();
  const place = me.scope.path.map((p) => p.name).join(' › ');
  return (
    <div data-testid="home-page">
      <PageHeader title={t('home.villager.title', { name: me.user.displayName })} />
      <Card>
        <div style={{ display: 'flex', gap: 12, alignItems: 'flex-start' }}>
          <HomeOutlined style={{ fontSize: 28, color: '#1d4f91', marginTop: 4 }} />
          <Descriptions
            column={1}
            size="small"
            items={[
              { key: 'place', label: t('home.villager.place'), children: <strong>{place}</strong> },
              ...(me.scope.householdId
                ? [
                    {
                      key: 'hh',
                      label: t('home.villager.householdId'),
                      children: String(me.scope.householdId),
                    },
                  ]
                : []),
            ]}
          />
        </div>
        {me.scope.householdId ? (
          <Button
            type="primary"
            block
            icon={<RightOutlined />}
            iconPlacement="end"
            style={{ marginTop: 12 }}
            onClick={() => navigate('/my-household')}
            data-testid="my-household-open"
          >
            {t('home.villager.myHousehold')}
          </Button>
        ) : null}
      </Card>
      <Alert type="info" showIcon title={t('home.villager.soon')} style={{ marginTop: 16 }} />
    </div>
  );
}
