import type { FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { shanghaiDate } from '../../../common/dates';
import { checkIdNumber, type IdInfo } from '../../../common/registry/id-card';
import { ApiError, isApiError } from '../../app/api';
import { applyApiError } from '../../app/form-errors';
import type { Translate } from '../../app/i18n/i18n';

/** Today on the Beijing calendar, whatever the device's time zone. */
export function today(): string {
  return shanghaiDate(new Date());
}

export const toDay = (d: Dayjs | null | undefined): string | undefined =>
  d ? d.format('YYYY-MM-DD') : undefined;
export const fromDay = (s: string | null | undefined): Dayjs | undefined => (s ? dayjs(s) : undefined);

/** For DatePicker's disabledDate: nothing after today (Beijing). */
export const afterToday = (d: Dayjs): boolean => d.format('YYYY-MM-DD') > today();

/** Full-width digits and letters, spaces and a lower-case x, as people type them. */
export function normalizeId(raw: string): string {
  return raw
    .replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (c) =>
      String.fromCharCode(c.charCodeAt(0) - 0xfee0),
    )
    .replace(/\s/g, '')
    .toUpperCase();
}

/** What the number says (gender, birth date), or null when it is not a valid number. */
export function idInfo(raw: string | undefined): IdInfo | null {
  if (!raw) return null;
  const r = checkIdNumber(normalizeId(raw));
  return r.ok ? r.info : null;
}

/** The same check the server makes, with a message that says what to look at. */
export function idRule(t: Translate) {
  return {
    validator: async (_: unknown, v: string | undefined) => {
      if (!v) return;
      const r = checkIdNumber(normalizeId(v));
      if (r.ok) return;
      throw new Error(
        r.problem === 'format'
          ? t('registry.form.idFormat')
          : r.problem === 'checksum'
            ? t('registry.form.idChecksum')
            : t('registry.form.idBirth'),
      );
    },
  };
}

export const PHONE_OR_LANDLINE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;
export const HOUSEHOLD_NUMBER = /^[A-Za-z0-9-]{1,30}$/;

/** Empty strings become null (cleared) and text is trimmed, as the API expects. */
export function clean(v: string | null | undefined): string | null {
  const s = v?.trim();
  return s ? s : null;
}

/**
 * Puts a failed submit on the form's fields. The API names nested fields by path
 * (`resident.idNumber`, `head.name`); the forms here are flat, so the path's last part is the
 * field. Codes that belong to one field go there; anything else comes back as one message (null when
 * the problem is already shown: on a field, or as a server-trouble notification).
 */
export function showApiError<T extends object>(
  form: FormInstance<T>,
  err: unknown,
  fields: readonly (keyof T & string)[],
  codeFields: Readonly<Record<string, keyof T & string>> = {},
): string | null {
  let e = err;
  if (isApiError(err) && err.issues.length > 0) {
    const issues = err.issues.map((i) => {
      const parts = i.path.split('.');
      const hit = [...parts].reverse().find((p) => (fields as readonly string[]).includes(p));
      return { path: hit ?? i.path, message: i.message };
    });
    e = new ApiError(err.status, err.code, err.message, { issues });
  }
  return applyApiError(form, e, { fields, codeFields });
}

/** A test id for props typed without data attributes (a modal's OK button, say). */
export const testId = (id: string): object => ({ 'data-testid': id });
