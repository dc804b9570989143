import type { FormInstance } from 'antd';
import type { Dayjs } from 'dayjs';
import { isApiError, isServerTrouble } from '../../app/api';
import { type Translate, translate } from '../../app/i18n/i18n';
import { parseYuan } from './money';

/** A form rule for an amount typed in yuan: more than 0, at most two decimals. */
export function yuanRule(t: Translate, required = true) {
  return {
    validator: async (_: unknown, v: string | undefined) => {
      if (!required && !v?.trim()) return;
      const r = parseYuan(v);
      if ('fen' in r) return;
      throw new Error(t(`sanitation.amount.${r.problem}`));
    },
  };
}

/** The fen of a field already validated by yuanRule. */
export function fenOf(v: string | undefined): number {
  const r = parseYuan(v);
  return 'fen' in r ? r.fen : 0;
}

export const toDay = (d: Dayjs | null | undefined): string => (d ? d.format('YYYY-MM-DD') : '');

/**
 * Puts a failed submit where the person will look. The API names body fields (`amountFen`,
 * `voucher`); `fields` maps them to the form's own names. Known error codes that belong to a
 * field go there too. What is left comes back as one message; null when nothing is left to
 * show (all on fields, or server trouble already notified).
 */
export function applyServerError<T extends object>(
  form: FormInstance<T>,
  err: unknown,
  fields: Readonly<Record<string, keyof T & string>>,
  codeFields: Readonly<Record<string, keyof T & string>> = {},
): string | null {
  if (!isApiError(err)) return translate('error.page.desc');
  if (isServerTrouble(err)) return null;
  const byField = new Map<string, string[]>();
  const loose: string[] = [];
  for (const issue of err.issues) {
    const field = fields[issue.path.split('.')[0]];
    if (field) byField.set(field, [...(byField.get(field) ?? []), issue.message]);
    else loose.push(issue.message);
  }
  const codeField = codeFields[err.code];
  if (codeField) byField.set(codeField, [...(byField.get(codeField) ?? []), err.message]);
  if (byField.size > 0) {
    (form as FormInstance).setFields([...byField].map(([name, errors]) => ({ name, errors })));
    return loose.length ? loose.join('；') : null;
  }
  return err.message;
}

/** A test id for props typed without data attributes (a modal's OK button, say). */
export const testId = (id: string): object => ({ 'data-testid': id });
