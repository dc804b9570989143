import {
  AccountBookOutlined,
  AlertOutlined,
  BankOutlined,
  CalculatorOutlined,
  ClearOutlined,
  ControlOutlined,
  FileDoneOutlined,
  FileTextOutlined,
  FlagOutlined,
  MoneyCollectOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { Permission } from '../../../common/auth/roles';
import type { MessageKey } from '../../app/i18n/i18n';

/**
 * The 一元治理 menu group, by permission: the group leader's collection and arrears first,
 * then the fund and its disclosure, pledges, inspections, clean-ups and the settings; a
 * villager sees their own fee, the disclosure, their pledge and their inspections.
 */
export const sanitationNav: ReadonlyArray<{
  path: string;
  label: MessageKey;
  icon: ReactNode;
  permission: Permission;
}> = [
  {
    path: '/sanitation/my/bills',
    label: 'nav.sanitation.myBills',
    icon: <AccountBookOutlined />,
    permission: 'self.read',
  },
  {
    path: '/sanitation/my/disclosure',
    label: 'nav.sanitation.myDisclosure',
    icon: <FileTextOutlined />,
    permission: 'self.read',
  },
  {
    path: '/sanitation/my/pledge',
    label: 'nav.sanitation.myPledge',
    icon: <FileDoneOutlined />,
    permission: 'self.read',
  },
  {
    path: '/sanitation/my/inspections',
    label: 'nav.sanitation.myInspections',
    icon: <FlagOutlined />,
    permission: 'self.read',
  },
  {
    path: '/sanitation/collect',
    label: 'nav.sanitation.collect',
    icon: <MoneyCollectOutlined />,
    permission: 'sanitation.collect',
  },
  {
    path: '/sanitation/arrears',
    label: 'nav.sanitation.arrears',
    icon: <AlertOutlined />,
    permission: 'sanitation.read',
  },
  {
    path: '/sanitation/billing',
    label: 'nav.sanitation.billing',
    icon: <CalculatorOutlined />,
    permission: 'sanitation.bill',
  },
  {
    path: '/sanitation/fund',
    label: 'nav.sanitation.fund',
    icon: <BankOutlined />,
    permission: 'sanitation.read',
  },
  {
    path: '/sanitation/disclosure',
    label: 'nav.sanitation.disclosure',
    icon: <FileTextOutlined />,
    permission: 'sanitation.read',
  },
  {
    path: '/sanitation/pledges',
    label: 'nav.sanitation.pledges',
    icon: <FileDoneOutlined />,
    permission: 'sanitation.read',
  },
  {
    path: '/sanitation/inspections',
    label: 'nav.sanitation.inspections',
    icon: <FlagOutlined />,
    permission: 'sanitation.read',
  },
  {
    path: '/sanitation/cleanups',
    label: 'nav.sanitation.cleanups',
    icon: <ClearOutlined />,
    permission: 'sanitation.read',
  },
  {
    path: '/sanitation/settings',
    label: 'nav.sanitation.settings',
    icon: <ControlOutlined />,
    permission: 'sanitation.admin',
  },
];
