import { Empty, Timeline } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { beijingTime } from '../../../app/format';
import { useT } from '../../../app/i18n/i18n';
import { useRegistryLabels } from '../labels';
import type { HouseholdEvent } from '../registry.api';

const COLOR: Record<string, string> = {
  create: 'blue',
  birth: 'green',
  move_in: 'green',
  split_from: 'blue',
  merge_in: 'green',
  move_out: 'orange',
  split: 'orange',
  merge: 'orange',
  death: 'gray',
  change_head: 'blue',
  relocation: 'purple',
};

function text(v: unknown): string | null {
  return typeof v === 'string' && v ? v : null;
}

/** What happened, in a line a clerk reads aloud: "出生登记：尤小宝", "分户：分出新户 …". */
function useEventLine() {
  const t = useT();
  const label = useRegistryLabels();
  return (e: HouseholdEvent): { title: string; details: ReactNode[] } => {
    const d = e.detail ?? {};
    const who = e.residentName;
    const details: ReactNode[] = [];
    const other = (key: string, words: string) =>
      e.otherHouseholdId ? (
        <Link key={key} to={`/registry/households/${e.otherHouseholdId}`}>
          {words}
        </Link>
      ) : (
        words
      );
    let title = label.event(e.kind);
    switch (e.kind) {
      case 'create':
        if (who) details.push(t('registry.event.head', { name: who }));
        break;
      case 'move_out':
        if (!e.residentId) title = t('registry.event.move_out_all');
        else if (who) title = `${title}：${who}`;
        if (text(d.to)) details.push(t('registry.event.to', { place: text(d.to) ?? '' }));
        break;
      case 'move_in':
        if (who) title = `${title}：${who}`;
        if (text(d.from)) details.push(t('registry.event.from', { place: text(d.from) ?? '' }));
        break;
      case 'birth':
      case 'death':
        if (who) title = `${title}：${who}`;
        break;
      case 'change_head':
        if (who) title = t('registry.event.newHead', { name: who });
        break;
      case 'split':
        details.push(other('o', t('registry.event.viewNew')));
        break;
      case 'split_from':
      case 'merge_in': {
        if (text(d.from))
          details.push(other('o', t('registry.event.fromHousehold', { number: text(d.from) ?? '' })));
        const members = Array.isArray(d.members) ? d.members.filter((m) => typeof m === 'string') : [];
        if (members.length) details.push(t('registry.event.members', { names: members.join('、') }));
        break;
      }
      case 'merge':
        details.push(other('o', t('registry.event.viewInto')));
        break;
      case 'relocation':
        title = `${title}：${label.relocation(text(d.status))}`;
        if (text(d.from) || text(d.to)) details.push(`${text(d.from) ?? '—'} → ${text(d.to) ?? '—'}`);
        break;
      default:
        if (who) title = `${title}：${who}`;
    }
    return { title, details };
  };
}

/** The household's history, newest first, each entry with who recorded it and when. */
export function HouseholdTimeline({ events }: { events: HouseholdEvent[] }) {
  const t = useT();
  const line = useEventLine();
  if (events.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('common.empty')} />;
  return (
    <div data-testid="household-timeline">
      <Timeline
        items={events.map((e) => {
          const { title, details } = line(e);
          return {
            key: e.id,
            color: COLOR[e.kind] ?? 'gray',
            content: (
              <div data-testid="timeline-item" data-kind={e.kind}>
                <div>
                  <span className="zx-mono" style={{ marginRight: 8 }}>
                    {e.date}
                  </span>
                  <strong>{title}</strong>
                </div>
                {details.length ? (
                  <div className="zx-muted" style={{ display: 'flex', flexWrap: 'wrap', gap: '0 12px' }}>
                    {details.map((x, i) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: a fixed, ordered list of facts
                      <span key={i}>{x}</span>
                    ))}
                  </div>
                ) : null}
                <div className="zx-timeline-meta">
                  {t('registry.event.recorded', {
                    who: e.recordedBy === 'demo-seed' ? t('registry.event.seed') : e.recordedBy,
                    at: beijingTime(e.recordedAt, false),
                  })}
                </div>
              </div>
            ),
          };
        })}
      />
    </div>
  );
}
