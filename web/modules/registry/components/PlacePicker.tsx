import { useQueryClient } from '@tanstack/react-query';
import { Cascader } from 'antd';
import { type CSSProperties, useCallback, useEffect, useMemo, useState } from 'react';
import { CODE_LENGTH, LEVELS } from '../../../../common/auth/roles';
import type { Scope } from '../../../../common/auth/schemas';
import { fetchOrgChildren, type OrgNode, orgChildrenKey, useOrgChildren } from '../../../app/org';

interface Option {
  value: string;
  label: string;
  isLeaf: boolean;
  children?: Option[];
}

const LENGTHS = LEVELS.map((l) => CODE_LENGTH[l]);

/** The codes from the first level shown down to `code`: [village] or [village, group]. */
function pathOf(code: string, firstLength: number): string[] {
  return LENGTHS.filter((n) => n >= firstLength && n <= code.length).map((n) => code.slice(0, n));
}

/**
 * Picks a village or villager group inside the caller's area, as a cascader that loads each
 * level when opened. A town's staff start at its villages; a village cadre starts at their own
 * village (so "the whole village" is a choice too), then its groups.
 */
export function PlacePicker({
  scope,
  value,
  onChange,
  placeholder,
  allowClear = true,
  style,
  testId,
}: {
  scope: Pick<Scope, 'code' | 'level'>;
  value?: string;
  onChange?: (code: string | undefined) => void;
  placeholder?: string;
  allowClear?: boolean;
  style?: CSSProperties;
  testId?: string;
}) {
  const client = useQueryClient();
  const root = useOrgChildren(scope.code);
  const [kids, setKids] = useState<Record<string, OrgNode[]>>({});
  const startsAtScope = scope.level === 'village' || scope.level === 'group';

  const load = useCallback(
    async (code: string) => {
      const res = await client.fetchQuery({
        queryKey: orgChildrenKey(code),
        queryFn: ({ signal }) => fetchOrgChildren(code, signal),
        staleTime: 5 * 60_000,
      });
      setKids((prev) => (prev[code] ? prev : { ...prev, [code]: res.items }));
    },
    [client],
  );

  // An address with a group already chosen: load the levels above it so its name shows.
  const firstLength = startsAtScope ? scope.code.length : scope.code.length === 9 ? 12 : 9;
  useEffect(() => {
    if (!value) return;
    for (const code of pathOf(value, firstLength).slice(0, -1)) {
      if (code !== scope.code && !kids[code]) void load(code);
    }
  }, [value, firstLength, scope.code, kids, load]);

  const options = useMemo<Option[]>(() => {
    if (!root.data) return [];
    const build = (nodes: OrgNode[]): Option[] =>
      nodes.map((n) => {
        const below = n.code === scope.code ? root.data.items : kids[n.code];
        return {
          value: n.code,
          label: n.name,
          isLeaf: n.level === 'group' || n.childCount === 0,
          children: below ? build(below) : undefined,
        };
      });
    return build(startsAtScope ? [root.data.node] : root.data.items);
  }, [root.data, kids, scope.code, startsAtScope]);

  return (
    <div data-testid={testId} style={style}>
      <Cascader<Option>
        style={{ width: '100%' }}
        options={options}
        value={value ? pathOf(value, firstLength) : undefined}
        onChange={(path) => onChange?.(path?.length ? String(path[path.length - 1]) : undefined)}
        loadData={(selected) => {
          const last = selected[selected.length - 1];
          if (last && !last.children) void load(last.value);
        }}
        changeOnSelect
        allowClear={allowClear}
        placeholder={placeholder}
        loading={root.isPending}
        displayRender={(labels) => labels.join(' · ')}
        styles={{ popup: { root: { maxWidth: 'calc(100vw - 24px)' } } }}
      />
    </div>
  );
}
