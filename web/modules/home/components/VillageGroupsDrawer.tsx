import { Drawer } from 'antd';
import { useT } from '../../../app/i18n/i18n';
import { useIsPhone } from '../../../app/use-is-phone';
import { GroupsPanel } from './GroupsPanel';
import type { VillageRow } from './VillageList';

export function VillageGroupsDrawer({
  village,
  canWrite,
  onClose,
}: {
  village: VillageRow | null;
  canWrite: boolean;
  onClose: () => void;
}) {
  const t = useT();
  const isPhone = useIsPhone();
  return (
    <Drawer
      open={village !== null}
      onClose={onClose}
      title={village ? t('home.groupsOf', { name: village.name }) : ''}
      placement={isPhone ? 'bottom' : 'right'}
      size={isPhone ? '85vh' : 480}
      destroyOnHidden
      data-testid="village-drawer"
    >
      {village ? <GroupsPanel villageCode={village.code} canWrite={canWrite} /> : null}
    </Drawer>
  );
}
