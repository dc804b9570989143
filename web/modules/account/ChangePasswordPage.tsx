import { Alert, Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useSignedIn } from '../../app/auth/session';
import { PageHeader } from '../../app/components/PageHeader';
import { applyApiError } from '../../app/form-errors';
import { useT } from '../../app/i18n/i18n';
import { notifySuccess } from '../../app/notify';
import { passwordProblem } from '../../app/password-rule';
import { useChangePassword } from './account.api';

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/**
 * Change one's own password. Also the only page open to an account whose password was set
 * by someone else (new account, reset): after the change, the rest of the app opens.
 */
export function ChangePasswordPage() {
  const t = useT();
  const me = useSignedIn();
  const navigate = useNavigate();
  const forced = me.user.mustChangePassword;
  // Signed in with a one-time code: the code proved who this is, no old password is asked.
  const byCode = me.user.signedInWithCode === true;
  const [form] = Form.useForm<PasswordForm>();
  const change = useChangePassword();
  const [error, setError] = useState<string | null>(null);

  const submit = (v: PasswordForm) => {
    setError(null);
    change.mutate(
      byCode
        ? { newPassword: v.newPassword }
        : { currentPassword: v.currentPassword, newPassword: v.newPassword },
      {
        onSuccess: () => {
          notifySuccess(t('account.password.done'));
          form.resetFields();
          if (forced) navigate('/', { replace: true });
        },
        onError: (e) =>
          setError(
            applyApiError(form, e, {
              fields: ['currentPassword', 'newPassword'],
              codeFields: { AUTH_PASSWORD_WRONG: 'currentPassword', AUTH_PASSWORD_WEAK: 'newPassword' },
            }),
          ),
      },
    );
  };

  return (
    <div data-testid="change-password-page" style={{ maxWidth: 520 }}>
      <PageHeader title={t('account.password.title')} />
      {forced ? (
        <Alert
          type="warning"
          showIcon
          title={t(byCode ? 'account.password.byCode' : 'account.password.forced')}
          description={t(byCode ? 'account.password.byCodeDesc' : 'account.password.forcedDesc')}
          style={{ marginBottom: 16 }}
          data-testid="password-forced"
        />
      ) : null}
      <Card>
        {error ? (
          <Alert
            type="error"
            showIcon
            title={error}
            style={{ marginBottom: 16 }}
            data-testid="password-error"
          />
        ) : null}
        <Form<PasswordForm> form={form} layout="vertical" requiredMark={false} onFinish={submit}>
          {/* Lets password managers file the new password under the right account. */}
          <input
            type="text"
            name="username"
            autoComplete="username"
            value={me.user.username}
            readOnly
            hidden
          />
          {byCode ? null : (
            <Form.Item
              name="currentPassword"
              label={forced ? t('account.password.currentForced') : t('account.password.current')}
              rules={[{ required: true, message: t('account.password.currentRequired') }]}
            >
              <Input.Password autoComplete="current-password" data-testid="password-current" />
            </Form.Item>
          )}
          <Form.Item
            name="newPassword"
            label={t('account.password.new')}
            extra={t('account.password.rule')}
            dependencies={['currentPassword']}
            rules={[
              { required: true, message: t('account.password.newRequired') },
              ({ getFieldValue }) => ({
                validator: async (_, v: string | undefined) => {
                  if (!v) return;
                  const problem = passwordProblem(v);
                  if (problem) throw new Error(t(problem));
                  if (v === getFieldValue('currentPassword')) throw new Error(t('account.password.same'));
                },
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" data-testid="password-new" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={t('account.password.confirm')}
            dependencies={['newPassword']}
            rules={[
              { required: true, message: t('account.password.confirmRequired') },
              ({ getFieldValue }) => ({
                validator: async (_, v: string | undefined) => {
                  if (v && v !== getFieldValue('newPassword'))
                    throw new Error(t('account.password.mismatch'));
                },
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" data-testid="password-confirm" />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            loading={change.isPending}
            data-testid="password-submit"
            block
          >
            {t('account.password.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
