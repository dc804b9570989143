import { type ReactNode, useEffect } from 'react';
import { useT } from '../i18n/i18n';

/** A page's title line: heading, an optional line under it, actions on the right (wrapping on phones). */
export function PageHeader({ title, sub, extra }: { title: string; sub?: ReactNode; extra?: ReactNode }) {
  const t = useT();
  // The tab and the browser history say which page this is, not only the product.
  useEffect(() => {
    document.title = `${title} - ${t('app.title')}`;
    return () => {
      document.title = t('app.title');
    };
  }, [title, t]);
  return (
    <div className="zx-page-head">
      <div>
        <h1>{title}</h1>
        {sub ? <div className="zx-page-sub">{sub}</div> : null}
      </div>
      {extra ? <div>{extra}</div> : null}
    </div>
  );
}
