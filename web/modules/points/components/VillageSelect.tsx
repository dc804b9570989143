import { Select } from 'antd';
import type { CSSProperties } from 'react';
import { useSignedIn } from '../../../app/auth/session';
import { useT } from '../../../app/i18n/i18n';
import { useOrgChildren } from '../../../app/org';

export interface Village {
  code: string;
  name: string;
}

/**
 * The villages of the caller's area: their own village (a cadre, a group leader, a villager),
 * or the town's villages (town staff). Points are run per village, so most pages pick one.
 */
export function useVillages(): { villages: Village[]; fixed: boolean; loading: boolean } {
  const me = useSignedIn();
  const code = me.scope.code;
  const town = code.length === 9 ? code : null;
  const children = useOrgChildren(town);
  if (code.length >= 12) {
    const village = me.scope.path.find((p) => p.code === code.slice(0, 12));
    return {
      villages: [{ code: code.slice(0, 12), name: village?.name ?? code }],
      fixed: true,
      loading: false,
    };
  }
  return {
    villages: (children.data?.items ?? [])
      .filter((n) => n.level === 'village')
      .map((n) => ({ code: n.code, name: n.name })),
    fixed: false,
    loading: children.isPending && Boolean(town),
  };
}

/** Picks one village of the caller's area; hidden for accounts bound to one village. */
export function VillageSelect({
  value,
  onChange,
  allowAll = false,
  style,
  testId,
}: {
  value?: string;
  onChange: (code: string | undefined) => void;
  allowAll?: boolean;
  style?: CSSProperties;
  testId?: string;
}) {
  const t = useT();
  const { villages, fixed, loading } = useVillages();
  if (fixed) return null;
  return (
    <div data-testid={testId} style={style}>
      <Select<string>
        style={{ width: '100%' }}
        value={value}
        onChange={(v) => onChange(v || undefined)}
        allowClear={allowAll}
        loading={loading}
        placeholder={allowAll ? t('points.village.all') : t('points.village.pick')}
        showSearch={{ optionFilterProp: 'label' }}
        options={villages.map((v) => ({ value: v.code, label: v.name }))}
      />
    </div>
  );
}
