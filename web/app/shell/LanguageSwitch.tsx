import { Segmented } from 'antd';
import { useSwitchLocale } from '../auth/session';
import { type Locale, useLocale, useT } from '../i18n/i18n';

/** 中文 / English; each label in its own language so either reader finds it. */
export function LanguageSwitch({ onSwitched }: { onSwitched?: (l: Locale) => void }) {
  const locale = useLocale();
  const t = useT();
  const switchLocale = useSwitchLocale();
  return (
    <Segmented<Locale>
      size="small"
      aria-label={t('shell.language')}
      data-testid="lang-switch"
      value={locale}
      options={[
        { label: '中文', value: 'zh-CN' },
        { label: 'English', value: 'en' },
      ]}
      onChange={(v) => {
        switchLocale(v);
        onSwitched?.(v);
      }}
    />
  );
}
