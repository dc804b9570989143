import { Select } from 'antd';
import type { CSSProperties } from 'react';
import { useSignedIn } from '../../../app/auth/session';
import { useT } from '../../../app/i18n/i18n';
import { useOrgChildren } from '../../../app/org';

/** The town of the signed-in account (9 digits), or null above a town. */
export function useTownCode(): string | null {
  const me = useSignedIn();
  return me.scope.code.length >= 9 ? me.scope.code.slice(0, 9) : null;
}

/** Whether the account sees a whole town (or more) and so may pick a village. */
export function useSeesTown(): boolean {
  const me = useSignedIn();
  return me.scope.code.length <= 9;
}

/** The villages of the caller's town, for town-level accounts. */
export function useVillages() {
  const town = useTownCode();
  const seesTown = useSeesTown();
  return useOrgChildren(seesTown ? town : null);
}

export function VillageSelect({
  value,
  onChange,
  allowClear = true,
  placeholder,
  style,
  testId,
}: {
  value?: string;
  onChange: (code: string | undefined) => void;
  allowClear?: boolean;
  placeholder?: string;
  style?: CSSProperties;
  testId?: string;
}) {
  const t = useT();
  const villages = useVillages();
  return (
    <Select<string>
      allowClear={allowClear}
      showSearch={{ optionFilterProp: 'label' }}
      value={value}
      onChange={(v) => onChange(v || undefined)}
      placeholder={placeholder ?? t('sanitation.allVillages')}
      loading={villages.isFetching}
      options={(villages.data?.items ?? []).map((v) => ({ value: v.code, label: v.name }))}
      style={style ?? { width: 200 }}
      data-testid={testId}
      popupMatchSelectWidth={false}
    />
  );
}
