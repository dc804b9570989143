import { LogoutOutlined, MenuOutlined } from '@ant-design/icons';
import { Button, Divider, Drawer, Layout, Menu } from 'antd';
import { useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { useLogout, useSignedIn } from '../auth/session';
import { roleLabel, useLocale, useT } from '../i18n/i18n';
import { useIsPhone } from '../use-is-phone';
import { LanguageSwitch } from './LanguageSwitch';
import { menuItems, selectedKey } from './nav';
import { ScopeBadge, scopePath } from './ScopeBadge';

const { Header, Sider, Content } = Layout;

function Brand({ compact }: { compact: boolean }) {
  const t = useT();
  return (
    <Link to="/" className="zx-brand" aria-label={t('app.title')}>
      <span className="zx-brand-mark" aria-hidden>
        振
      </span>
      <span>
        {t('app.name')}
        {compact ? null : <span className="zx-brand-sub"> · {t('app.center')}</span>}
      </span>
    </Link>
  );
}

function LogoutButton({ block, onDone }: { block?: boolean; onDone?: () => void }) {
  const t = useT();
  const navigate = useNavigate();
  const logout = useLogout();
  return (
    <Button
      data-testid="logout"
      type={block ? 'default' : 'text'}
      danger={block}
      block={block}
      icon={<LogoutOutlined />}
      loading={logout.isPending}
      onClick={() =>
        logout.mutate(undefined, {
          onSuccess: () => {
            onDone?.();
            navigate('/login', { replace: true });
          },
        })
      }
    >
      {t('shell.logout')}
    </Button>
  );
}

/**
 * The frame around every signed-in page: header (product, area, person, language, logout),
 * the menu by permission (a side bar on desktop, a drawer on phones), and the page.
 */
export function AppShell() {
  const me = useSignedIn();
  const t = useT();
  const locale = useLocale();
  const isPhone = useIsPhone();
  const location = useLocation();
  const navigate = useNavigate();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [collapsed, setCollapsed] = useState(false);
  const roles = me.roles.map((r) => roleLabel(r, locale)).join('、');
  const items = menuItems(me, t);
  const menu = (
    <Menu
      mode="inline"
      data-testid="side-menu"
      items={items}
      selectedKeys={[selectedKey(location.pathname)]}
      onClick={({ key, domEvent }) => {
        // The label is a real link (open in a new tab works); a tap beside it navigates too.
        if (!(domEvent.target instanceof Element && domEvent.target.closest('a'))) navigate(key);
        setDrawerOpen(false);
      }}
    />
  );

  return (
    <Layout data-testid="app-shell" style={{ minHeight: '100vh' }}>
      <Header className="zx-header">
        {isPhone ? (
          <Button
            type="text"
            icon={<MenuOutlined />}
            aria-label={t('nav.openMenu')}
            data-testid="menu-toggle"
            onClick={() => setDrawerOpen(true)}
          />
        ) : null}
        <Brand compact={isPhone && locale === 'en'} />
        <ScopeBadge scope={me.scope} />
        <div className="zx-header-spacer" />
        {isPhone ? null : (
          <>
            <LanguageSwitch />
            <span className="zx-user" data-testid="current-user">
              <span>{me.user.displayName}</span>
              <span className="zx-user-role">{roles}</span>
            </span>
            <LogoutButton />
          </>
        )}
      </Header>
      <Layout>
        {isPhone ? null : (
          <Sider
            className="zx-sider"
            width={216}
            breakpoint="lg"
            collapsible
            collapsed={collapsed}
            onCollapse={setCollapsed}
            theme="light"
          >
            {menu}
          </Sider>
        )}
        <Content className="zx-content">
          <Outlet />
        </Content>
      </Layout>
      {isPhone ? (
        <Drawer
          placement="left"
          size={288}
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          title={t('nav.menu')}
          data-testid="nav-drawer"
          styles={{ body: { padding: '8px 0', display: 'flex', flexDirection: 'column' } }}
        >
          <div style={{ padding: '4px 24px 12px' }}>
            <div style={{ fontWeight: 600, fontSize: 16 }}>{me.user.displayName}</div>
            <div style={{ color: 'rgba(0,0,0,0.55)', fontSize: 13 }}>{roles}</div>
            <div style={{ color: 'rgba(0,0,0,0.55)', fontSize: 13, marginTop: 4 }}>{scopePath(me.scope)}</div>
          </div>
          <Divider style={{ margin: '0 0 8px' }} />
          {menu}
          <div style={{ flex: 1 }} />
          <div style={{ padding: '16px 24px', display: 'flex', flexDirection: 'column', gap: 12 }}>
            <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between' }}>
              <span>{t('shell.language')}</span>
              <LanguageSwitch />
            </div>
            <LogoutButton block onDone={() => setDrawerOpen(false)} />
          </div>
        </Drawer>
      ) : null}
    </Layout>
  );
}
