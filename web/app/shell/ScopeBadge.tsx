import { EnvironmentOutlined } from '@ant-design/icons';
import { Tooltip } from 'antd';
import type { Scope } from '../../../common/auth/schemas';
import { useT } from '../i18n/i18n';

export function scopePath(scope: Scope): string {
  return scope.path.map((p) => p.name).join(' › ');
}

/** A group alone ("一组") says little: it is named with its village. */
export function scopeLabel(scope: Scope): string {
  const parent = scope.path.at(-2);
  return scope.level === 'group' && parent ? `${parent.name} · ${scope.name}` : scope.name;
}

/** The caller's area in the header; the full path from the province down on hover or tap. */
export function ScopeBadge({ scope }: { scope: Scope }) {
  const t = useT();
  return (
    <Tooltip title={`${t('shell.scope')}：${scopePath(scope)}`} placement="bottomLeft">
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: focusable so keyboard users reach the tooltip */}
      <span className="zx-scope" data-testid="scope-name" tabIndex={0}>
        <EnvironmentOutlined />
        <span className="zx-scope-text">{scopeLabel(scope)}</span>
      </span>
    </Tooltip>
  );
}
