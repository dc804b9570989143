import { Tag } from 'antd';
import { useT } from '../../../app/i18n/i18n';
import { timeLeft } from '../../points/format';
import type { NoticeStatus, NoticeSummary } from '../notices.api';

const COLOR: Record<NoticeStatus, string> = {
  open: 'blue',
  posting: 'gold',
  posted: 'green',
  cancelled: 'default',
};

export function NoticeStatusTag({ status }: { status: NoticeStatus }) {
  const t = useT();
  return (
    <Tag color={COLOR[status]} style={{ marginInlineEnd: 0 }} data-testid="notice-status">
      {t(`notices.status.${status}`)}
    </Tag>
  );
}

/**
 * Where an open notice stands: the time left in its period, or — once the period is over —
 * what it is waiting for (open objections, or the job that puts it into effect).
 */
export function NoticeCountdown({ n, now }: { n: NoticeSummary; now: number }) {
  const t = useT();
  if (n.status !== 'open') return null;
  const left = timeLeft(n.closesAt, now);
  if (left) {
    const text =
      left.days > 0
        ? t('notices.left.days', { days: left.days, hours: left.hours })
        : t('notices.left.hours', { hours: left.hours, minutes: left.minutes });
    return (
      <span className={left.days === 0 ? 'zx-minus' : undefined} data-testid="notice-countdown">
        {text}
      </span>
    );
  }
  return (
    <span className="zx-muted" data-testid="notice-countdown">
      {n.openObjections > 0 ? t('notices.left.objections', { n: n.openObjections }) : t('notices.left.due')}
    </span>
  );
}
