import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Form, Input, Skeleton, Tag } from 'antd';
import { type ReactNode, useState } from 'react';
import { LoadError } from '../../../app/components/LoadError';
import { applyApiError } from '../../../app/form-errors';
import { useT } from '../../../app/i18n/i18n';
import { notifySuccess } from '../../../app/notify';
import { useOrgChildren } from '../../../app/org';
import { useCreateGroup } from '../home.api';

interface GroupForm {
  name: string;
}

function AddGroupForm({ villageCode }: { villageCode: string }) {
  const t = useT();
  const [form] = Form.useForm<GroupForm>();
  const create = useCreateGroup(villageCode);
  const [error, setError] = useState<string | null>(null);
  return (
    <Form<GroupForm>
      form={form}
      layout="vertical"
      requiredMark={false}
      data-testid="group-add-form"
      onFinish={({ name }) => {
        setError(null);
        create.mutate(name.trim(), {
          onSuccess: (node) => {
            notifySuccess(t('home.groupAdded', { name: node.name }));
            form.resetFields();
          },
          onError: (e) =>
            setError(
              applyApiError(form, e, { fields: ['name'], codeFields: { ORG_GROUP_NAME_TAKEN: 'name' } }),
            ),
        });
      }}
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Form.Item
        name="name"
        label={t('home.addGroup')}
        rules={[
          { required: true, whitespace: true, message: t('home.groupNameRequired') },
          { max: 30, message: t('home.groupNameTooLong') },
        ]}
        style={{ marginBottom: 8 }}
      >
        <Input placeholder={t('home.groupNamePlaceholder')} maxLength={30} data-testid="group-name" />
      </Form.Item>
      <Button
        type="primary"
        htmlType="submit"
        icon={<PlusOutlined />}
        loading={create.isPending}
        data-testid="group-submit"
      >
        {t('home.addGroup')}
      </Button>
    </Form>
  );
}

/** A village's villager groups, and (with org.write) a form to add one. */
export function GroupsPanel({ villageCode, canWrite }: { villageCode: string; canWrite: boolean }) {
  const t = useT();
  const children = useOrgChildren(villageCode);
  let body: ReactNode;
  if (children.isPending) body = <Skeleton active paragraph={{ rows: 2 }} />;
  else if (children.isError) body = <LoadError error={children.error} onRetry={() => children.refetch()} />;
  else if (children.data.items.length === 0)
    body = <Empty description={t('home.noGroups')} image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  else {
    body = (
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }} data-testid="group-list">
        {children.data.items.map((g) => (
          <Tag key={g.code} style={{ fontSize: 14, padding: '4px 10px', margin: 0 }} title={g.code}>
            {g.name}
          </Tag>
        ))}
      </div>
    );
  }
  return (
    <div>
      {body}
      {canWrite ? (
        <div style={{ marginTop: 20 }}>
          <AddGroupForm villageCode={villageCode} />
        </div>
      ) : null}
    </div>
  );
}
