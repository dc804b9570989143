import type { FormInstance } from 'antd';
import { isApiError, isServerTrouble } from './api';
import { translate } from './i18n/i18n';

/**
 * Puts a failed submit where the person will look: a validation issue or a known error code
 * on its field, anything else in one message above the form. Server and network failures are
 * already notified globally, so they return null here (never shown twice).
 */
export function applyApiError<T extends object>(
  form: FormInstance<T>,
  err: unknown,
  opts: {
    fields: readonly (keyof T & string)[];
    /** Error codes that belong to one field, e.g. USER_USERNAME_TAKEN → username. */
    codeFields?: Readonly<Record<string, keyof T & string>>;
  },
): string | null {
  if (!isApiError(err)) return translate('error.page.desc');
  if (isServerTrouble(err)) return null;
  const byField = new Map<keyof T & string, string[]>();
  const loose: string[] = [];
  for (const issue of err.issues) {
    const field = opts.fields.find((f) => f === issue.path.split('.')[0]);
    if (field) byField.set(field, [...(byField.get(field) ?? []), issue.message]);
    else loose.push(issue.message);
  }
  const codeField = opts.codeFields?.[err.code];
  if (codeField) byField.set(codeField, [...(byField.get(codeField) ?? []), err.message]);
  if (byField.size > 0) {
    // antd's deep name-path type cannot be resolved for a generic T; the names are T's keys.
    (form as FormInstance).setFields([...byField].map(([name, errors]) => ({ name, errors })));
    return loose.length > 0 ? loose.join('；') : null;
  }
  return err.message;
}
