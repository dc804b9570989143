import { useQueryClient } from '@tanstack/react-query';
import { TreeSelect } from 'antd';
import { type CSSProperties, useCallback, useEffect, useMemo, useState } from 'react';
import type { Scope } from '../../../../common/auth/schemas';
import {
  fetchOrgChildren,
  type OrgChildrenResponse,
  type OrgNode,
  orgChildrenKey,
  useOrgChildren,
} from '../../../app/org';

interface PickerNode {
  id: string;
  pId: string;
  value: string;
  title: string;
  /** What the closed picker shows: a group is named with its village ("马镇村委会 · 一组"). */
  label: string;
  isLeaf: boolean;
}

const ROOT_PARENT = '__root__';

function toNode(n: OrgNode, parent: PickerNode | undefined): PickerNode {
  return {
    id: n.code,
    pId: n.parentCode ?? ROOT_PARENT,
    value: n.code,
    title: n.name,
    label: n.level === 'group' && parent ? `${parent.title} · ${n.name}` : n.name,
    isLeaf: n.level === 'group' || n.childCount === 0,
  };
}

/**
 * Picks a division node inside the caller's area: the tree starts at their own node with its
 * children already there (so typing a village name finds it), and deeper levels load when
 * opened, one request per node.
 */
export function OrgPicker({
  scope,
  value,
  onChange,
  placeholder,
  allowClear,
  testId,
  style,
}: {
  scope: Pick<Scope, 'code' | 'name' | 'level'>;
  value?: string;
  onChange?: (code: string | undefined) => void;
  placeholder?: string;
  allowClear?: boolean;
  testId?: string;
  style?: CSSProperties;
}) {
  const client = useQueryClient();
  const root = useMemo<PickerNode>(
    () => ({
      id: scope.code,
      pId: ROOT_PARENT,
      value: scope.code,
      title: scope.name,
      label: scope.name,
      isLeaf: scope.level === 'group',
    }),
    [scope.code, scope.name, scope.level],
  );
  const [nodes, setNodes] = useState<Map<string, PickerNode>>(() => new Map([[root.id, root]]));
  const [loaded, setLoaded] = useState<string[]>([]);
  const rootChildren = useOrgChildren(root.isLeaf ? null : root.id);

  const merge = useCallback((res: OrgChildrenResponse) => {
    setNodes((prev) => {
      const next = new Map(prev);
      const parent = next.get(res.node.code);
      for (const item of res.items) next.set(item.code, toNode(item, parent));
      if (parent && res.items.length === 0) next.set(parent.id, { ...parent, isLeaf: true });
      return next;
    });
    setLoaded((prev) => (prev.includes(res.node.code) ? prev : [...prev, res.node.code]));
  }, []);

  useEffect(() => {
    if (rootChildren.data) merge(rootChildren.data);
  }, [rootChildren.data, merge]);

  return (
    <div data-testid={testId} style={style}>
      <TreeSelect<string>
        style={{ width: '100%' }}
        value={value}
        onChange={(v) => onChange?.(v ?? undefined)}
        placeholder={placeholder}
        allowClear={allowClear}
        treeDataSimpleMode={{ id: 'id', pId: 'pId', rootPId: ROOT_PARENT }}
        treeData={[...nodes.values()]}
        treeNodeLabelProp="label"
        treeLoadedKeys={loaded}
        treeDefaultExpandedKeys={[root.id]}
        showSearch={{ treeNodeFilterProp: 'title' }}
        popupMatchSelectWidth={false}
        styles={{ popup: { root: { maxWidth: 'calc(100vw - 24px)', minWidth: 260 } } }}
        listHeight={320}
        loadData={async (node) => {
          const code = String(node.value);
          const res = await client.fetchQuery({
            queryKey: orgChildrenKey(code),
            queryFn: ({ signal }) => fetchOrgChildren(code, signal),
            staleTime: 5 * 60_000,
          });
          merge(res);
        }}
      />
    </div>
  );
}
