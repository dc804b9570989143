import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Popconfirm, Skeleton, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type HTMLAttributes, type ReactNode, useState } from 'react';
import { LoadError } from '../../app/components/LoadError';
import { PageHeader } from '../../app/components/PageHeader';
import { beijingTime, isFuture } from '../../app/format';
import { type Translate, useT } from '../../app/i18n/i18n';
import { notifySuccess } from '../../app/notify';
import { useIsPhone } from '../../app/use-is-phone';
import { type Token, useRevokeToken, useTokens } from './account.api';
import { CreateTokenModal } from './components/CreateTokenModal';

type TokenState = 'active' | 'revoked' | 'expired';

function stateOf(tk: Token): TokenState {
  if (tk.revokedAt) return 'revoked';
  if (tk.expiresAt && !isFuture(tk.expiresAt)) return 'expired';
  return 'active';
}

function StateTag({ token, t }: { token: Token; t: Translate }) {
  const s = stateOf(token);
  const color = s === 'active' ? 'green' : s === 'expired' ? 'orange' : undefined;
  return (
    <Tag color={color} style={{ margin: 0 }}>
      {t(`account.tokens.status.${s}`)}
    </Tag>
  );
}

function RevokeButton({ token }: { token: Token }) {
  const t = useT();
  const revoke = useRevokeToken();
  if (stateOf(token) !== 'active') return null;
  return (
    <Popconfirm
      title={t('account.tokens.confirmRevoke', { name: token.name })}
      okText={t('account.tokens.revoke')}
      okButtonProps={{ danger: true }}
      cancelText={t('common.cancel')}
      onConfirm={() =>
        revoke.mutateAsync(token.id, {
          onSuccess: () => notifySuccess(t('account.tokens.revoked', { name: token.name })),
        })
      }
    >
      <Button type="link" danger size="small">
        {t('account.tokens.revoke')}
      </Button>
    </Popconfirm>
  );
}

/** The person's own API tokens: create (shown once), see when each was last used, revoke. */
export function TokensPage() {
  const t = useT();
  const isPhone = useIsPhone();
  const tokens = useTokens();
  const [creating, setCreating] = useState(false);
  const prefix = (tk: Token) => <span className="zx-mono">zx_{tk.prefix}_…</span>;

  let body: ReactNode;
  if (tokens.isPending) body = <Skeleton active />;
  else if (tokens.isError) body = <LoadError error={tokens.error} onRetry={() => tokens.refetch()} />;
  else if (tokens.data.items.length === 0) body = <Empty description={t('account.tokens.empty')} />;
  else if (isPhone) {
    body = (
      <div className="zx-cards">
        {tokens.data.items.map((tk) => (
          <Card key={tk.id} size="small" data-testid="token-row">
            <div className="zx-card-row">
              <span className="zx-card-title">{tk.name}</span>
              <StateTag token={tk} t={t} />
            </div>
            <dl className="zx-facts">
              <dt>{t('account.tokens.col.prefix')}</dt>
              <dd>{prefix(tk)}</dd>
              <dt>{t('account.tokens.col.expires')}</dt>
              <dd>{tk.expiresAt ? beijingTime(tk.expiresAt, false) : t('account.tokens.never')}</dd>
              <dt>{t('account.tokens.col.lastUsed')}</dt>
              <dd>{tk.lastUsedAt ? beijingTime(tk.lastUsedAt, false) : t('account.tokens.unused')}</dd>
            </dl>
            <div className="zx-card-actions">
              <RevokeButton token={tk} />
            </div>
          </Card>
        ))}
      </div>
    );
  } else {
    const columns: ColumnsType<Token> = [
      { title: t('account.tokens.col.name'), dataIndex: 'name', key: 'name' },
      { title: t('account.tokens.col.prefix'), key: 'prefix', render: (_: unknown, tk) => prefix(tk) },
      {
        title: t('account.tokens.permissions'),
        dataIndex: 'permissions',
        key: 'perms',
        render: (ps: Token['permissions']) => (
          <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 4 }}>
            {ps.map((p) => (
              <Tag key={p} style={{ margin: 0 }}>
                {t(`perm.${p}`)}
              </Tag>
            ))}
          </span>
        ),
      },
      {
        title: t('account.tokens.col.created'),
        dataIndex: 'createdAt',
        key: 'created',
        render: (v: string) => <span className="zx-nowrap">{beijingTime(v, false)}</span>,
      },
      {
        title: t('account.tokens.col.expires'),
        dataIndex: 'expiresAt',
        key: 'expires',
        render: (v: string | null) => (
          <span className="zx-nowrap">{v ? beijingTime(v, false) : t('account.tokens.never')}</span>
        ),
      },
      {
        title: t('account.tokens.col.lastUsed'),
        dataIndex: 'lastUsedAt',
        key: 'lastUsed',
        render: (v: string | null) => (
          <span className="zx-nowrap">{v ? beijingTime(v, false) : t('account.tokens.unused')}</span>
        ),
      },
      {
        title: t('account.tokens.col.status'),
        key: 'status',
        render: (_: unknown, tk) => <StateTag token={tk} t={t} />,
      },
      { title: t('common.actions'), key: 'actions', render: (_: unknown, tk) => <RevokeButton token={tk} /> },
    ];
    body = (
      <Table<Token>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={tokens.data.items}
        pagination={false}
        scroll={{ x: 960 }}
        onRow={() => ({ 'data-testid': 'token-row' }) as HTMLAttributes<HTMLElement>}
      />
    );
  }

  return (
    <div data-testid="tokens-page">
      <PageHeader
        title={t('account.tokens.title')}
        sub={t('account.tokens.intro')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="token-create-open"
          >
            {t('account.tokens.create')}
          </Button>
        }
      />
      {body}
      <CreateTokenModal open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}
