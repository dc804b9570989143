import { Tag } from 'antd';
import { beijingTime, isFuture } from '../../../app/format';
import { useT } from '../../../app/i18n/i18n';
import type { UserSummary } from '../users.api';

/** Status with what an administrator needs to act on: disabled, locked, must change password. */
export function UserStatus({ user, showLock = true }: { user: UserSummary; showLock?: boolean }) {
  const t = useT();
  return (
    <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 4 }}>
      {user.status === 'active' ? (
        <Tag color="green" style={{ margin: 0 }}>
          {t('users.status.active')}
        </Tag>
      ) : (
        <Tag style={{ margin: 0 }}>{t('users.status.disabled')}</Tag>
      )}
      {showLock && isFuture(user.lockedUntil) ? (
        <Tag color="red" style={{ margin: 0 }}>
          {t('users.locked', { until: beijingTime(user.lockedUntil, false) })}
        </Tag>
      ) : null}
      {user.mustChangePassword ? (
        <Tag color="orange" style={{ margin: 0 }}>
          {t('users.mustChange')}
        </Tag>
      ) : null}
    </span>
  );
}

export function RoleTags({ roles, label }: { roles: readonly string[]; label: (r: string) => string }) {
  return (
    <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 4 }}>
      {roles.map((r) => (
        <Tag key={r} color="blue" style={{ margin: 0 }}>
          {label(r)}
        </Tag>
      ))}
    </span>
  );
}
