import { CopyOutlined } from '@ant-design/icons';
import { Alert, Button } from 'antd';
import { useState } from 'react';
import { useT } from '../i18n/i18n';

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Old WeChat browsers and plain-HTTP installs have no async clipboard: fall back.
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}

/** A password or token shown once: large, selectable, with a copy button and why it matters. */
export function OneTimeSecret({ value, note, testId }: { value: string; note: string; testId?: string }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  return (
    <div>
      <code className="zx-secret" data-testid={testId}>
        {value}
      </code>
      <div style={{ margin: '8px 0 12px' }}>
        <Button
          icon={<CopyOutlined />}
          onClick={async () => {
            setCopied(await copyText(value));
          }}
        >
          {copied ? t('common.copied') : t('common.copy')}
        </Button>
      </div>
      <Alert type="warning" showIcon title={note} />
    </div>
  );
}
