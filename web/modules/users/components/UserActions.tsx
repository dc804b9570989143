import { Button, Modal, Popconfirm } from 'antd';
import { useState } from 'react';
import { useSignedIn } from '../../../app/auth/session';
import { OneTimeSecret } from '../../../app/components/OneTimeSecret';
import { useT } from '../../../app/i18n/i18n';
import { notifySuccess } from '../../../app/notify';
import { type UserSummary, useResetPassword, useSetUserStatus } from '../users.api';

/** Disable / enable and reset password, each behind a confirmation that says what happens. */
export function UserActions({ user, size = 'small' }: { user: UserSummary; size?: 'small' | 'middle' }) {
  const t = useT();
  const me = useSignedIn();
  const setStatus = useSetUserStatus();
  const reset = useResetPassword();
  const [temp, setTemp] = useState<string | null>(null);
  const self = me.user.id === user.id;
  const active = user.status === 'active';
  const params = { username: user.username };

  return (
    <span style={{ display: 'inline-flex', gap: 4, flexWrap: size === 'small' ? 'nowrap' : 'wrap' }}>
      {self && active ? null : (
        <Popconfirm
          title={active ? t('users.confirmDisable', params) : t('users.confirmEnable', params)}
          okText={active ? t('users.disable') : t('users.enable')}
          cancelText={t('common.cancel')}
          okButtonProps={{ danger: active }}
          onConfirm={() =>
            setStatus.mutateAsync(
              { id: user.id, status: active ? 'disabled' : 'active' },
              {
                onSuccess: () =>
                  notifySuccess(active ? t('users.disabledDone', params) : t('users.enabledDone', params)),
              },
            )
          }
        >
          <Button
            size={size}
            type={size === 'small' ? 'link' : 'default'}
            danger={active}
            data-testid="user-toggle-status"
          >
            {active ? t('users.disable') : t('users.enable')}
          </Button>
        </Popconfirm>
      )}
      <Popconfirm
        title={t('users.confirmReset', params)}
        okText={t('users.resetPassword')}
        cancelText={t('common.cancel')}
        onConfirm={() => reset.mutateAsync(user.id, { onSuccess: (r) => setTemp(r.temporaryPassword) })}
      >
        <Button size={size} type={size === 'small' ? 'link' : 'default'} data-testid="user-reset-password">
          {t('users.resetPassword')}
        </Button>
      </Popconfirm>
      <Modal
        open={temp !== null}
        title={t('users.tempPasswordTitle', params)}
        onCancel={() => setTemp(null)}
        footer={
          <Button type="primary" onClick={() => setTemp(null)}>
            {t('common.done')}
          </Button>
        }
        destroyOnHidden
      >
        {temp ? (
          <OneTimeSecret value={temp} note={t('users.tempPasswordNote')} testId="user-temp-password" />
        ) : null}
      </Modal>
    </span>
  );
}
