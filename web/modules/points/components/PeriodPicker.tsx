import { DatePicker, Segmented } from 'antd';
import dayjs from 'dayjs';
import { useT } from '../../../app/i18n/i18n';
import { thisMonthBj } from '../format';

/** A month (YYYY-MM) or a whole year (YYYY), as the honour roll and participation take it. */
export function PeriodPicker({ value, onChange }: { value: string; onChange: (period: string) => void }) {
  const t = useT();
  const year = value.length === 4;
  const now = thisMonthBj();
  return (
    <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 8 }}>
      <Segmented<'month' | 'year'>
        value={year ? 'year' : 'month'}
        onChange={(v) =>
          onChange(v === 'year' ? value.slice(0, 4) : year ? `${value}-${now.slice(5, 7)}` : value)
        }
        options={[
          { value: 'month', label: t('points.period.month') },
          { value: 'year', label: t('points.period.year') },
        ]}
      />
      <DatePicker
        picker={year ? 'year' : 'month'}
        allowClear={false}
        inputReadOnly
        value={dayjs(year ? `${value}-01-01` : `${value}-01`)}
        onChange={(d) => d && onChange(d.format(year ? 'YYYY' : 'YYYY-MM'))}
        disabledDate={(d) => d.format(year ? 'YYYY' : 'YYYY-MM') > (year ? now.slice(0, 4) : now)}
        style={{ width: 130 }}
        data-testid="period-picker"
      />
    </span>
  );
}
