import { Alert, Button, Form, Input, Modal, Select } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { levelOfCode, ROLE_SPECS, ROLES, type Role } from '../../../../common/auth/roles';
import { useSignedIn } from '../../../app/auth/session';
import { OneTimeSecret } from '../../../app/components/OneTimeSecret';
import { applyApiError } from '../../../app/form-errors';
import { roleLabel, useLocale, useT } from '../../../app/i18n/i18n';
import { PHONE_PATTERN, passwordProblem, USERNAME_PATTERN } from '../../../app/password-rule';
import { HouseholdPicker } from '../../registry/components/HouseholdPicker';
import type { HouseholdSummary } from '../../registry/registry.api';
import { type CreatedUser, useCreateUser } from '../users.api';
import { OrgPicker } from './OrgPicker';

interface CreateForm {
  username: string;
  displayName: string;
  phone?: string;
  orgCode?: string;
  roles: Role[];
  householdId?: number;
  password?: string;
}

const FIELDS = ['username', 'displayName', 'phone', 'orgCode', 'roles', 'householdId', 'password'] as const;

/** Server codes that are about one field, so the message appears under that field. */
const CODE_FIELDS = {
  USER_USERNAME_TAKEN: 'username',
  USER_PHONE_TAKEN: 'phone',
  USER_ROLE_SCOPE_MISMATCH: 'roles',
  USER_ROLE_NOT_GRANTABLE: 'roles',
  USER_VILLAGER_NEEDS_HOUSEHOLD: 'householdId',
  USER_SCOPE_OUTSIDE: 'orgCode',
  ORG_NODE_NOT_FOUND: 'orgCode',
  AUTH_PASSWORD_WEAK: 'password',
} as const;

/*
 * The roles that fit the chosen level. A villager is bound to their household's group or
 * village, which the household picker sets; so from a town the role is offered too, and
 * choosing the household moves the account down to it.
 */
function rolesFor(code: string | undefined): Role[] {
  const level = code ? levelOfCode(code) : undefined;
  if (!level) return [];
  return ROLES.filter((r) => ROLE_SPECS[r].levels.includes(level) || (r === 'villager' && level === 'town'));
}

/**
 * New account: who, where in the division tree, which roles fit that level. When no password
 * is given the server makes one; it is shown here once, to be handed over in person.
 */
export function CreateUserModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const locale = useLocale();
  const me = useSignedIn();
  const [form] = Form.useForm<CreateForm>();
  const create = useCreateUser();
  const [created, setCreated] = useState<CreatedUser | null>(null);
  const [error, setError] = useState<string | null>(null);
  const orgCode = Form.useWatch('orgCode', form);
  const roles = Form.useWatch('roles', form);
  const allowed = useMemo(() => rolesFor(orgCode), [orgCode]);
  const level = orgCode ? levelOfCode(orgCode) : undefined;
  const villager = Array.isArray(roles) && roles.includes('villager');
  // The household chosen for a villager account, to notice when the division moves away from it.
  const [household, setHousehold] = useState<HouseholdSummary | null>(null);

  useEffect(() => {
    if (household && orgCode && !(household.groupCode ?? household.villageCode).startsWith(orgCode)) {
      form.setFieldValue('householdId', undefined);
      setHousehold(null);
    }
  }, [orgCode, household, form]);

  // Moving the account to another level drops the roles that cannot live there.
  useEffect(() => {
    const current: Role[] = form.getFieldValue('roles') ?? [];
    const kept = current.filter((r) => allowed.includes(r));
    if (kept.length !== current.length) form.setFieldValue('roles', kept);
  }, [allowed, form]);

  const close = () => {
    onClose();
  };

  const submit = (v: CreateForm) => {
    setError(null);
    create.mutate(
      {
        username: v.username.trim(),
        displayName: v.displayName.trim(),
        ...(v.phone?.trim() ? { phone: v.phone.trim() } : {}),
        roles: v.roles,
        orgCode: v.orgCode ?? '',
        ...(v.roles.includes('villager') && v.householdId ? { householdId: v.householdId } : {}),
        ...(v.password ? { password: v.password } : {}),
      },
      {
        onSuccess: (res) => setCreated(res),
        onError: (e) => setError(applyApiError(form, e, { fields: FIELDS, codeFields: CODE_FIELDS })),
      },
    );
  };

  return (
    <Modal
      open={open}
      onCancel={close}
      destroyOnHidden
      afterClose={() => {
        setCreated(null);
        setError(null);
        create.reset();
      }}
      title={created ? t('users.created', { username: created.user.username }) : t('users.form.title')}
      mask={{ closable: !created && !create.isPending }}
      footer={
        created ? (
          <Button type="primary" onClick={close} data-testid="user-create-done">
            {t('common.done')}
          </Button>
        ) : (
          <>
            <Button onClick={close}>{t('common.cancel')}</Button>
            <Button
              type="primary"
              loading={create.isPending}
              onClick={() => form.submit()}
              data-testid="user-create-submit"
            >
              {t('users.form.submit')}
            </Button>
          </>
        )
      }
    >
      {created ? (
        created.initialPassword ? (
          <div data-testid="user-created">
            <p style={{ marginTop: 0 }}>
              {t('users.initialPassword')}（{created.user.displayName} · {created.user.username}）
            </p>
            <OneTimeSecret
              value={created.initialPassword}
              note={t('users.initialPasswordNote')}
              testId="user-initial-password"
            />
          </div>
        ) : (
          <Alert data-testid="user-created" type="success" showIcon title={t('users.createdWithPassword')} />
        )
      ) : (
        <Form<CreateForm>
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{ orgCode: me.scope.code, roles: [] }}
          requiredMark
          scrollToFirstError
        >
          {error ? (
            <Alert
              type="error"
              showIcon
              title={error}
              style={{ marginBottom: 16 }}
              data-testid="user-create-error"
            />
          ) : null}
          <Form.Item
            name="username"
            label={t('users.form.username')}
            rules={[
              { required: true, whitespace: true, message: t('users.form.usernameRequired') },
              { pattern: USERNAME_PATTERN, message: t('users.form.usernameRule') },
            ]}
          >
            <Input
              placeholder={t('users.form.usernamePlaceholder')}
              autoComplete="off"
              autoCapitalize="off"
              spellCheck={false}
              maxLength={32}
              data-testid="user-create-username"
            />
          </Form.Item>
          <Form.Item
            name="displayName"
            label={t('users.form.name')}
            rules={[{ required: true, whitespace: true, message: t('users.form.nameRequired') }]}
          >
            <Input maxLength={40} autoComplete="off" data-testid="user-create-name" />
          </Form.Item>
          <Form.Item
            name="phone"
            label={`${t('users.form.phone')}（${t('common.optional')}）`}
            rules={[{ pattern: PHONE_PATTERN, message: t('users.form.phoneRule') }]}
          >
            <Input inputMode="numeric" maxLength={11} autoComplete="off" data-testid="user-create-phone" />
          </Form.Item>
          <Form.Item
            name="orgCode"
            label={t('users.form.org')}
            rules={[{ required: true, message: t('users.form.orgRequired') }]}
          >
            <OrgPicker
              scope={me.scope}
              placeholder={t('users.form.orgPlaceholder')}
              testId="user-create-org"
            />
          </Form.Item>
          <Form.Item
            name="roles"
            label={t('users.form.roles')}
            extra={level ? t('users.form.rolesHint', { level: t(`level.${level}`) }) : undefined}
            rules={[{ required: true, type: 'array', min: 1, message: t('users.form.rolesRequired') }]}
          >
            <Select<Role[]>
              mode="multiple"
              disabled={allowed.length === 0}
              placeholder={
                allowed.length === 0 ? t('users.form.rolesPlaceholder') : t('users.form.rolesChoose')
              }
              options={allowed.map((r) => ({ value: r, label: roleLabel(r, locale) }))}
              showSearch={{ optionFilterProp: 'label' }}
              data-testid="user-create-roles"
            />
          </Form.Item>
          {villager ? (
            <Form.Item
              name="householdId"
              label={t('users.form.household')}
              extra={t('users.form.householdHint')}
              rules={[{ required: true, message: t('users.form.householdRequired') }]}
            >
              <HouseholdPicker
                village={orgCode && orgCode.length >= 12 ? orgCode.slice(0, 12) : undefined}
                placeholder={t('users.form.householdPlaceholder')}
                testId="user-create-household"
                onChange={(_, h) => {
                  setHousehold(h ?? null);
                  // The account lives where the household does: its group, or its village.
                  if (h) form.setFieldValue('orgCode', h.groupCode ?? h.villageCode);
                }}
              />
            </Form.Item>
          ) : null}
          <Form.Item
            name="password"
            label={`${t('users.form.password')}（${t('common.optional')}）`}
            extra={t('users.form.passwordHint')}
            rules={[
              {
                validator: async (_, v: string | undefined) => {
                  const problem = v ? passwordProblem(v) : null;
                  if (problem) throw new Error(t(problem));
                },
              },
            ]}
          >
            <Input.Password autoComplete="new-password" data-testid="user-create-password" />
          </Form.Item>
          {/* Enter in any field submits, as in every other form. */}
          <button type="submit" hidden />
        </Form>
      )}
    </Modal>
  );
}
