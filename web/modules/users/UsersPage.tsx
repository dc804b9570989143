import { PlusOutlined } from '@ant-design/icons';
import { Button, Input, Select } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { ROLES, type Role } from '../../../common/auth/roles';
import { hasPermission, useSignedIn } from '../../app/auth/session';
import { LoadError } from '../../app/components/LoadError';
import { PageHeader } from '../../app/components/PageHeader';
import { roleLabel, useLocale, useT } from '../../app/i18n/i18n';
import { CreateUserModal } from './components/CreateUserModal';
import { OrgPicker } from './components/OrgPicker';
import { UserList } from './components/UserList';
import { type UserFilter, useUsers } from './users.api';

const STATUSES = ['active', 'disabled'] as const;

function isRole(v: string | null): v is Role {
  return v !== null && (ROLES as readonly string[]).includes(v);
}

/** Filters live in the address, so a filtered list can be reloaded, bookmarked and shared. */
function useUserFilter(): [UserFilter, (patch: Partial<UserFilter>) => void] {
  const [params, setParams] = useSearchParams();
  const status = params.get('status');
  const role = params.get('role');
  const filter: UserFilter = {
    q: params.get('q') ?? undefined,
    role: isRole(role) ? role : undefined,
    status: status === 'active' || status === 'disabled' ? status : undefined,
    orgCode: params.get('org') ?? undefined,
    page: Math.max(1, Number(params.get('page')) || 1),
    pageSize: [20, 50, 100].includes(Number(params.get('size'))) ? Number(params.get('size')) : 20,
  };
  const update = (patch: Partial<UserFilter>) => {
    const next = { ...filter, page: 1, ...patch };
    const out = new URLSearchParams();
    if (next.q) out.set('q', next.q);
    if (next.role) out.set('role', next.role);
    if (next.status) out.set('status', next.status);
    if (next.orgCode) out.set('org', next.orgCode);
    if (next.page > 1) out.set('page', String(next.page));
    if (next.pageSize !== 20) out.set('size', String(next.pageSize));
    setParams(out, { replace: true });
  };
  return [filter, update];
}

/** Accounts in the caller's area: find, create, disable or enable, reset a password. */
export function UsersPage() {
  const t = useT();
  const locale = useLocale();
  const me = useSignedIn();
  const canWrite = hasPermission(me, 'user.write');
  const [filter, update] = useUserFilter();
  const users = useUsers(filter);
  const [creating, setCreating] = useState(false);
  const [q, setQ] = useState(filter.q ?? '');

  return (
    <div data-testid="users-page">
      <PageHeader
        title={t('users.title')}
        extra={
          canWrite ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="user-create-open"
            >
              {t('users.create')}
            </Button>
          ) : null
        }
      />
      <div className="zx-filters">
        <Input.Search
          allowClear
          placeholder={t('users.searchPlaceholder')}
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onSearch={(v) => update({ q: v.trim() || undefined })}
          style={{ width: 220 }}
          data-testid="users-search"
          enterButton
        />
        <Select<Role>
          allowClear
          placeholder={t('users.filter.role')}
          value={filter.role}
          onChange={(v) => update({ role: v })}
          options={ROLES.map((r) => ({ value: r, label: roleLabel(r, locale) }))}
          style={{ width: 180 }}
        />
        <Select<(typeof STATUSES)[number]>
          allowClear
          placeholder={t('users.filter.status')}
          value={filter.status}
          onChange={(v) => update({ status: v })}
          options={STATUSES.map((s) => ({ value: s, label: t(`users.status.${s}`) }))}
          style={{ width: 140 }}
        />
        {me.scope.level === 'group' ? null : (
          <OrgPicker
            scope={me.scope}
            allowClear
            placeholder={t('users.form.orgPlaceholder')}
            value={filter.orgCode}
            onChange={(v) => update({ orgCode: v })}
            style={{ width: 220 }}
          />
        )}
      </div>
      {users.isError && !users.data ? (
        <LoadError error={users.error} onRetry={() => users.refetch()} />
      ) : (
        <UserList
          items={users.data?.items ?? []}
          total={users.data?.total ?? 0}
          page={filter.page}
          pageSize={filter.pageSize}
          loading={users.isFetching}
          canWrite={canWrite}
          onPage={(page, pageSize) => update({ page: pageSize === filter.pageSize ? page : 1, pageSize })}
        />
      )}
      {canWrite ? <CreateUserModal open={creating} onClose={() => setCreating(false)} /> : null}
    </div>
  );
}
