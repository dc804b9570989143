import { Tag } from 'antd';
import { useT } from '../../../app/i18n/i18n';
import type { ImportResult } from '../registry.api';

const COLOR: Record<ImportResult['status'], string> = {
  queued: 'default',
  running: 'processing',
  dry_run: 'blue',
  committed: 'green',
  failed: 'red',
  rejected: 'red',
};

export function ImportStatusTag({ r }: { r: Pick<ImportResult, 'status' | 'errorCount'> }) {
  const t = useT();
  const warn = r.status === 'dry_run' && r.errorCount > 0;
  return (
    <Tag color={warn ? 'orange' : COLOR[r.status]} style={{ margin: 0 }}>
      {warn ? t('registry.import.status.dryRunErrors') : t(`registry.import.status.${r.status}`)}
    </Tag>
  );
}
