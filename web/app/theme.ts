import type { ThemeConfig } from 'antd';

/** Navy and a restrained red mark: the look of a public service desk, not a consumer app. */
export const NAVY = '#143a6b';

export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#1d4f91',
    colorInfo: '#1d4f91',
    colorLink: '#1d4f91',
    colorSuccess: '#2e7d32',
    colorWarning: '#b26a00',
    colorError: '#c62828',
    colorBgLayout: '#f2f4f7',
    // The derived light tints of a dark navy come out grey; these keep selections visibly blue.
    colorPrimaryBg: '#e8eff9',
    colorPrimaryBgHover: '#d7e4f5',
    colorInfoBg: '#e8eff9',
    colorInfoBorder: '#b9cce6',
    borderRadius: 4,
    fontSize: 14,
    fontFamily:
      '-apple-system, BlinkMacSystemFont, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "Helvetica Neue", Arial, sans-serif',
  },
  components: {
    Layout: {
      headerBg: NAVY,
      headerHeight: 56,
      headerPadding: '0 16px',
      siderBg: '#ffffff',
      bodyBg: '#f2f4f7',
    },
    Menu: {
      itemBorderRadius: 4,
      itemMarginInline: 8,
      itemSelectedBg: '#e8eff9',
      itemSelectedColor: '#1d4f91',
      itemHoverBg: '#f2f6fb',
    },
    Table: { headerBg: '#f5f7fa', headerColor: 'rgba(0,0,0,0.75)' },
    Card: { headerFontSize: 15 },
  },
};
