import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input } from 'antd';
import { useEffect, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { isApiError, isServerTrouble } from '../api';
import { useLocale, useT } from '../i18n/i18n';
import { LanguageSwitch } from '../shell/LanguageSwitch';
import { safeNext } from './AuthGate';
import { clearSessionLostReason, peekSessionLostReason, useLogin, useMe } from './session';

/*
 * Remembers, for this tab only, that the language was picked on the login page, so a reload
 * before signing in keeps the choice; a later person at a shared counter starts clean.
 */
const PICKED_KEY = 'zx.localePicked';

function readPicked(): boolean {
  try {
    return window.sessionStorage.getItem(PICKED_KEY) === '1';
  } catch {
    return false;
  }
}

function writePicked(picked: boolean): void {
  try {
    if (picked) window.sessionStorage.setItem(PICKED_KEY, '1');
    else window.sessionStorage.removeItem(PICKED_KEY);
  } catch {
    // Without sessionStorage the choice only lasts until a reload.
  }
}

interface LoginForm {
  username: string;
  password: string;
}

/**
 * Username or phone + password. The server's message is shown as it comes (it already says
 * what to do: wait until a time, or ask the administrator), in the language of the page.
 */
export function LoginPage() {
  const t = useT();
  const locale = useLocale();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const { data: me } = useMe();
  const [pickedLocale, setPickedLocale] = useState(readPicked);
  const login = useLogin(pickedLocale ? locale : null);
  const [form] = Form.useForm<LoginForm>();
  useEffect(() => {
    document.title = `${t('login.title')} - ${t('app.title')}`;
  }, [t]);
  const [error, setError] = useState<string | null>(null);
  // Why the previous session ended: shown on this visit of the page only.
  const [notice] = useState(peekSessionLostReason);
  useEffect(clearSessionLostReason, []);

  // Already signed in (a bookmarked /login): straight on. After a login here, submit navigates.
  if (me && login.isIdle) return <Navigate to={next} replace />;

  const submit = (values: LoginForm) => {
    setError(null);
    login.mutate(
      { username: values.username.trim(), password: values.password },
      {
        onSuccess: () => {
          writePicked(false);
          navigate(next, { replace: true });
        },
        onError: (e) => {
          if (isServerTrouble(e)) return;
          setError(isApiError(e) ? e.message : t('error.page.desc'));
          form.setFieldValue('password', '');
          form.getFieldInstance('password')?.focus();
        },
      },
    );
  };

  return (
    <div className="zx-login">
      <div className="zx-login-top">
        <span className="zx-brand">
          <span className="zx-brand-mark" aria-hidden>
            振
          </span>
          <span>
            {t('app.name')}
            <span className="zx-brand-sub"> · {t('app.center')}</span>
          </span>
        </span>
        <LanguageSwitch
          onSwitched={() => {
            writePicked(true);
            setPickedLocale(true);
          }}
        />
      </div>
      <main className="zx-login-main">
        <Card className="zx-login-card" title={t('login.title')} variant="borderless">
          <p style={{ marginTop: 0, color: 'rgba(0,0,0,0.55)' }}>{t('app.subtitle')}</p>
          {notice && !error ? (
            <Alert type="info" showIcon title={notice} style={{ marginBottom: 16 }} />
          ) : null}
          {error ? (
            <Alert
              type="error"
              showIcon
              title={error}
              data-testid="login-error"
              role="alert"
              style={{ marginBottom: 16 }}
            />
          ) : null}
          <Form<LoginForm> form={form} layout="vertical" requiredMark={false} onFinish={submit} size="large">
            <Form.Item
              name="username"
              label={t('login.username')}
              rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
            >
              <Input
                prefix={<UserOutlined />}
                autoComplete="username"
                autoCapitalize="off"
                autoCorrect="off"
                spellCheck={false}
                autoFocus
                data-testid="login-username"
              />
            </Form.Item>
            <Form.Item
              name="password"
              label={t('login.password')}
              rules={[{ required: true, message: t('login.passwordRequired') }]}
            >
              <Input.Password
                prefix={<LockOutlined />}
                autoComplete="current-password"
                data-testid="login-password"
              />
            </Form.Item>
            <Button
              type="primary"
              htmlType="submit"
              block
              loading={login.isPending}
              data-testid="login-submit"
            >
              {login.isPending ? t('login.submitting') : t('login.submit')}
            </Button>
          </Form>
          <p style={{ margin: '16px 0 0', color: 'rgba(0,0,0,0.5)', fontSize: 13 }}>{t('login.help')}</p>
        </Card>
      </main>
      <footer className="zx-login-foot">{t('login.footer')}</footer>
    </div>
  );
}
