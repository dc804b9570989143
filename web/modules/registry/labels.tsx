import { Tag as AntTag } from 'antd';
import { type ReactNode, useMemo } from 'react';
import { EMPLOYMENT, type Employment, TAGS, type Tag } from '../../../common/registry/vocab';
import { useT } from '../../app/i18n/i18n';

/** One colour per tag, the same everywhere, so a clerk learns them at a glance. */
const TAG_COLOR: Record<Tag, string> = {
  dibao: 'orange',
  tekun: 'red',
  disabled: 'purple',
  tuopin: 'green',
  jiance: 'volcano',
  left_behind_elderly: 'gold',
  left_behind_child: 'cyan',
  living_alone_elderly: 'magenta',
  military_family: 'blue',
  professional_farmer: 'geekblue',
};

export const EVENT_KINDS = [
  'create',
  'birth',
  'move_in',
  'move_out',
  'death',
  'change_head',
  'split',
  'split_from',
  'merge',
  'merge_in',
  'relocation',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

function isOf<T extends string>(list: readonly T[], v: string | null | undefined): v is T {
  return v !== null && v !== undefined && (list as readonly string[]).includes(v);
}

export const isTag = (v: string | null | undefined): v is Tag => isOf(TAGS, v);
export const isEmployment = (v: string | null | undefined): v is Employment => isOf(EMPLOYMENT, v);
const RELOCATIONS = ['planned', 'moving', 'done'] as const;
const RESIDENT_STATUSES = ['active', 'moved_out', 'deceased'] as const;
const HOUSEHOLD_STATUSES = ['active', 'moved_out', 'cancelled'] as const;

/** Labels for the registry's data values, in the current language; unknown values show as they are. */
export function useRegistryLabels() {
  const t = useT();
  return useMemo(
    () => ({
      tag: (tag: Tag, grade?: number | null) =>
        grade ? `${t(`registry.tag.${tag}`)}·${t('registry.grade', { n: grade })}` : t(`registry.tag.${tag}`),
      employment: (e: string | null | undefined) =>
        isEmployment(e) ? t(`registry.employment.${e}`) : (e ?? '—'),
      relocation: (s: string | null | undefined) =>
        isOf(RELOCATIONS, s) ? t(`registry.relocation.${s}`) : (s ?? '—'),
      residentStatus: (s: string) => (isOf(RESIDENT_STATUSES, s) ? t(`registry.residentStatus.${s}`) : s),
      householdStatus: (s: string) => (isOf(HOUSEHOLD_STATUSES, s) ? t(`registry.householdStatus.${s}`) : s),
      gender: (g: 'M' | 'F') => t(`registry.gender.${g}`),
      event: (k: string) => (isOf(EVENT_KINDS, k) ? t(`registry.event.${k}`) : k),
      place: (village: string, group: string | null) => (group ? `${village} · ${group}` : village),
    }),
    [t],
  );
}

export type RegistryLabels = ReturnType<typeof useRegistryLabels>;

export function TagChips({
  tags,
  empty = null,
}: {
  tags: ReadonlyArray<{ tag: Tag; grade: number | null }>;
  empty?: ReactNode;
}) {
  const label = useRegistryLabels();
  if (tags.length === 0) return <>{empty}</>;
  return (
    <span className="zx-tags">
      {tags.map((x) => (
        <AntTag key={x.tag} color={TAG_COLOR[x.tag] ?? 'default'} style={{ margin: 0 }}>
          {label.tag(x.tag, x.grade)}
        </AntTag>
      ))}
    </span>
  );
}

export function TagChip({ tag, grade, ended }: { tag: Tag; grade: number | null; ended?: boolean }) {
  const label = useRegistryLabels();
  return (
    <AntTag color={ended ? 'default' : (TAG_COLOR[tag] ?? 'default')} style={{ margin: 0 }}>
      {label.tag(tag, grade)}
    </AntTag>
  );
}

/** A person who has left (moved out, died): greyed, with the reason. */
export function StatusChip({ status, kind }: { status: string; kind: 'resident' | 'household' }) {
  const label = useRegistryLabels();
  if (status === 'active') return null;
  return (
    <AntTag style={{ margin: 0 }} color={status === 'deceased' ? 'default' : 'warning'}>
      {kind === 'resident' ? label.residentStatus(status) : label.householdStatus(status)}
    </AntTag>
  );
}
