import {
  FileTextOutlined,
  GiftOutlined,
  HomeOutlined,
  IdcardOutlined,
  NotificationOutlined,
  RightOutlined,
  ShopOutlined,
  StarOutlined,
  WalletOutlined,
} from '@ant-design/icons';
import { Button, Card, Descriptions } from 'antd';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';
import type { Me } from '../../../app/auth/session';
import { PageHeader } from '../../../app/components/PageHeader';
import { useT } from '../../../app/i18n/i18n';

type MsgKey = Parameters<ReturnType<typeof useT>>[0];

/** What a villager comes for, one tap each (large targets for a cheap phone). */
const SHORTCUTS: Array<{ to: string; label: MsgKey; icon: ReactNode }> = [
  { to: '/points/mine', label: 'nav.myPoints', icon: <StarOutlined /> },
  { to: '/points/declare', label: 'nav.declare', icon: <GiftOutlined /> },
  { to: '/shop', label: 'nav.shop', icon: <ShopOutlined /> },
  { to: '/notices', label: 'nav.notices', icon: <NotificationOutlined /> },
  { to: '/points/mine/card', label: 'nav.myCard', icon: <IdcardOutlined /> },
  { to: '/sanitation/my/bills', label: 'nav.sanitation.myBills', icon: <WalletOutlined /> },
  { to: '/sanitation/my/pledge', label: 'nav.sanitation.myPledge', icon: <FileTextOutlined /> },
];

/** A villager's first page: which household and village they belong to, and the shortcuts. */
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
      {me.scope.householdId ? (
        <div className="zx-villager-shortcuts" data-testid="villager-shortcuts">
          {SHORTCUTS.map((x) => (
            <Button key={x.to} size="large" icon={x.icon} onClick={() => navigate(x.to)}>
              {t(x.label)}
            </Button>
          ))}
        </div>
      ) : null}
      <p className="zx-muted" style={{ marginTop: 16 }}>
        {t('home.villager.help')}
      </p>
    </div>
  );
}
