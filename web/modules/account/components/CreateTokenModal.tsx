import { Alert, Button, Checkbox, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import type { Permission } from '../../../../common/auth/roles';
import { useSignedIn } from '../../../app/auth/session';
import { OneTimeSecret } from '../../../app/components/OneTimeSecret';
import { applyApiError } from '../../../app/form-errors';
import { useT } from '../../../app/i18n/i18n';
import { type CreatedToken, useCreateToken } from '../account.api';

interface TokenForm {
  name: string;
  expiresInDays: number;
  permissions: Permission[];
}

/** 0 stands for "no expiry" in the select; the API takes no field for it. */
const EXPIRY_DAYS = [30, 90, 365, 0] as const;

export function CreateTokenModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const me = useSignedIn();
  const [form] = Form.useForm<TokenForm>();
  const create = useCreateToken();
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [error, setError] = useState<string | null>(null);
  // A token never needs self.read; offer what the account can actually delegate.
  const own = me.permissions.filter((p) => p !== 'self.read');

  const submit = (v: TokenForm) => {
    setError(null);
    create.mutate(
      {
        name: v.name.trim(),
        permissions: v.permissions,
        ...(v.expiresInDays > 0 ? { expiresInDays: v.expiresInDays } : {}),
      },
      {
        onSuccess: setCreated,
        onError: (e) =>
          setError(applyApiError(form, e, { fields: ['name', 'permissions', 'expiresInDays'] })),
      },
    );
  };

  return (
    <Modal
      open={open}
      onCancel={onClose}
      destroyOnHidden
      afterClose={() => {
        setCreated(null);
        setError(null);
        create.reset();
      }}
      mask={{ closable: !created }}
      title={created ? t('account.tokens.secretTitle') : t('account.tokens.create')}
      footer={
        created ? (
          <Button type="primary" onClick={onClose}>
            {t('common.done')}
          </Button>
        ) : (
          <>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button
              type="primary"
              loading={create.isPending}
              onClick={() => form.submit()}
              data-testid="token-submit"
            >
              {t('account.tokens.submit')}
            </Button>
          </>
        )
      }
    >
      {created ? (
        <OneTimeSecret value={created.token} note={t('account.tokens.secretNote')} testId="token-secret" />
      ) : (
        <Form<TokenForm>
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{ expiresInDays: 90, permissions: own }}
        >
          {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
          <Form.Item
            name="name"
            label={t('account.tokens.name')}
            rules={[
              { required: true, whitespace: true, message: t('account.tokens.nameRequired') },
              { max: 60 },
            ]}
          >
            <Input
              placeholder={t('account.tokens.namePlaceholder')}
              maxLength={60}
              data-testid="token-name"
            />
          </Form.Item>
          <Form.Item name="expiresInDays" label={t('account.tokens.expires')}>
            <Select<number>
              options={EXPIRY_DAYS.map((d) => ({
                value: d,
                label: d === 0 ? t('account.tokens.never') : t('account.tokens.days', { n: d }),
              }))}
            />
          </Form.Item>
          <Form.Item
            name="permissions"
            label={t('account.tokens.permissions')}
            extra={t('account.tokens.permissionsHint')}
            rules={[
              { required: true, type: 'array', min: 1, message: t('account.tokens.permissionsRequired') },
            ]}
          >
            <Checkbox.Group
              style={{ display: 'flex', flexDirection: 'column', gap: 6 }}
              options={own.map((p) => ({ value: p, label: t(`perm.${p}`) }))}
            />
          </Form.Item>
          <button type="submit" hidden />
        </Form>
      )}
    </Modal>
  );
}
