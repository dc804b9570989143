import { KeyOutlined, UserAddOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, List, Modal, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { UserSummary } from '../../../../common/auth/schemas';
import { api, isApiError, type Page } from '../../../app/api';
import { OneTimeSecret } from '../../../app/components/OneTimeSecret';
import { useT } from '../../../app/i18n/i18n';

/**
 * 村民账号 on a household: who in the household can sign in, opening an account (the initial
 * password is shown once and must be changed at first sign-in), and a one-time sign-in code for
 * a villager who has no password or forgot it (six digits, ten minutes, once).
 */
export function VillagerAccounts({
  householdId,
  orgCode,
  headName,
}: {
  householdId: number;
  orgCode: string;
  headName: string | null;
}) {
  const t = useT();
  const client = useQueryClient();
  const key = ['users', 'household', householdId];
  const accounts = useQuery({
    queryKey: key,
    queryFn: ({ signal }) =>
      api<Page<UserSummary>>('/api/v1/users', { query: { householdId, pageSize: 20, page: 1 }, signal }),
  });
  const [opening, setOpening] = useState(false);
  const [secret, setSecret] = useState<{ title: string; value: string; note: string } | null>(null);
  const [form] = Form.useForm<{ username: string; displayName: string; phone?: string }>();
  const create = useMutation({
    mutationFn: (v: { username: string; displayName: string; phone?: string }) =>
      api<{ user: UserSummary; initialPassword?: string }>('/api/v1/users', {
        method: 'POST',
        body: {
          username: v.username,
          displayName: v.displayName,
          phone: v.phone || undefined,
          roles: ['villager'],
          orgCode,
          householdId,
        },
      }),
    onSuccess: (r) => {
      setOpening(false);
      form.resetFields();
      void client.invalidateQueries({ queryKey: key });
      if (r.initialPassword)
        setSecret({
          title: t('villager.account.created', { username: r.user.username }),
          value: r.initialPassword,
          note: t('villager.account.passwordNote'),
        });
    },
  });
  const code = useMutation({
    mutationFn: (userId: number) =>
      api<{ code: string; expiresAt: string }>(`/api/v1/users/${userId}/login-code`, { method: 'POST' }),
    onSuccess: (r) =>
      setSecret({
        title: t('villager.code.title'),
        value: r.code,
        note: t('villager.code.note', {
          time: new Date(r.expiresAt).toLocaleTimeString('zh-CN', { hour: '2-digit', minute: '2-digit' }),
        }),
      }),
  });
  const items = accounts.data?.items ?? [];
  return (
    <Card
      size="small"
      title={t('villager.account.title')}
      extra={
        <Button
          size="small"
          icon={<UserAddOutlined />}
          onClick={() => setOpening(true)}
          data-testid="villager-account-open"
        >
          {t('villager.account.open')}
        </Button>
      }
      data-testid="villager-accounts"
    >
      {items.length === 0 ? (
        <Typography.Text type="secondary">{t('villager.account.none')}</Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={items}
          renderItem={(u) => (
            <List.Item
              actions={[
                <Button
                  key="code"
                  size="small"
                  icon={<KeyOutlined />}
                  loading={code.isPending && code.variables === u.id}
                  onClick={() => code.mutate(u.id)}
                  data-testid="villager-login-code"
                >
                  {t('villager.code.button')}
                </Button>,
              ]}
            >
              <span>
                {u.displayName}（{u.username}）
                {u.status === 'disabled' ? <Tag>{t('villager.account.disabled')}</Tag> : null}
              </span>
            </List.Item>
          )}
        />
      )}
      {code.isError && isApiError(code.error) ? (
        <Alert type="error" showIcon title={code.error.message} style={{ marginTop: 8 }} />
      ) : null}
      <Modal
        open={opening}
        title={t('villager.account.open')}
        onCancel={() => setOpening(false)}
        onOk={() => form.submit()}
        okText={t('villager.account.submit')}
        confirmLoading={create.isPending}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{ displayName: headName ?? '' }}
          onFinish={(v) => create.mutate(v)}
        >
          <Form.Item
            name="username"
            label={t('villager.account.username')}
            extra={t('villager.account.usernameHint')}
            rules={[
              {
                required: true,
                pattern: /^[a-zA-Z0-9_.-]{2,32}$/,
                message: t('villager.account.usernameRule'),
              },
            ]}
          >
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item
            name="displayName"
            label={t('villager.account.name')}
            rules={[{ required: true, message: t('villager.account.nameRequired') }]}
          >
            <Input />
          </Form.Item>
          <Form.Item
            name="phone"
            label={t('villager.account.phone')}
            rules={[{ pattern: /^1[3-9]\d{9}$/, message: t('villager.account.phoneRule') }]}
          >
            <Input inputMode="numeric" />
          </Form.Item>
          {create.isError && isApiError(create.error) ? (
            <Alert type="error" showIcon title={create.error.message} />
          ) : null}
        </Form>
      </Modal>
      <Modal
        open={secret !== null}
        title={secret?.title}
        onCancel={() => setSecret(null)}
        footer={<Button onClick={() => setSecret(null)}>{t('villager.done')}</Button>}
      >
        {secret ? <OneTimeSecret value={secret.value} note={secret.note} testId="villager-secret" /> : null}
      </Modal>
    </Card>
  );
}
