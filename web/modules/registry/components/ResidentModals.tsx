import { Alert, Button, DatePicker, Form, Input, InputNumber, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { type ReactNode, useState } from 'react';
import {
  DISABILITY_GRADES,
  EDUCATION,
  EMPLOYMENT,
  type Employment,
  ETHNIC_GROUPS,
  HEALTH,
  POLITICAL,
  RELATIONS,
  type Relation,
  TAGS,
  type Tag,
} from '../../../../common/registry/vocab';
import { useT } from '../../../app/i18n/i18n';
import { notifySuccess } from '../../../app/notify';
import { afterToday, clean, fromDay, PHONE_OR_LANDLINE, showApiError, toDay, today } from '../form-utils';
import { useRegistryLabels } from '../labels';
import {
  type ResidentDetail,
  type ResidentPatchBody,
  useAddTag,
  useAddTraining,
  useEndTag,
  useUpdateResident,
} from '../registry.api';

/** A modal whose form is mounted fresh at every opening, with its own footer. */
function FormModal({
  open,
  title,
  onClose,
  children,
  testId,
}: {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      footer={null}
      mask={{ closable: false }}
      destroyOnHidden
      data-testid={testId}
    >
      {children}
    </Modal>
  );
}

function Footer({
  busy,
  onClose,
  submit,
  testId,
}: {
  busy: boolean;
  onClose: () => void;
  submit: string;
  testId?: string;
}) {
  const t = useT();
  return (
    <div className="zx-modal-footer">
      <Button onClick={onClose} disabled={busy}>
        {t('common.cancel')}
      </Button>
      <Button type="primary" htmlType="submit" loading={busy} data-testid={testId}>
        {submit}
      </Button>
    </div>
  );
}

const opt = (list: readonly string[]) => list.map((v) => ({ value: v, label: v }));

interface EditValues {
  name: string;
  relation: Relation;
  phone?: string;
  ethnicity?: string;
  education?: string;
  political?: string;
  occupation?: string;
  employment?: Employment;
  employmentPlace?: string;
  health?: string;
  note?: string;
}
const EDIT_FIELDS = [
  'name',
  'relation',
  'phone',
  'ethnicity',
  'education',
  'political',
  'occupation',
  'employment',
  'employmentPlace',
  'health',
  'note',
] as const;

function EditForm({ r, onClose }: { r: ResidentDetail; onClose: () => void }) {
  const t = useT();
  const label = useRegistryLabels();
  const [form] = Form.useForm<EditValues>();
  const save = useUpdateResident(r.id);
  const [error, setError] = useState<string | null>(null);
  const employment = Form.useWatch('employment', form);
  const isHead = r.relation === '户主';
  // The phone is masked here: only a newly typed number is sent.
  const initial: EditValues = {
    name: r.name,
    relation: r.relation as Relation,
    ethnicity: r.ethnicity ?? undefined,
    education: r.education ?? undefined,
    political: r.political ?? undefined,
    occupation: r.occupation ?? undefined,
    employment: (r.employment as Employment | null) ?? undefined,
    employmentPlace: r.employmentPlace ?? undefined,
    health: r.health ?? undefined,
    note: r.note ?? undefined,
  };
  return (
    <Form<EditValues>
      form={form}
      layout="vertical"
      initialValues={initial}
      scrollToFirstError
      onFinish={(v) => {
        setError(null);
        const body: ResidentPatchBody = {};
        const put = <K extends keyof EditValues>(k: K, value: string | null) => {
          if (value !== (clean(initial[k] as string | undefined) ?? null))
            Object.assign(body, { [k]: value });
        };
        put('name', v.name.trim());
        if (!isHead) put('relation', v.relation);
        if (clean(v.phone)) body.phone = clean(v.phone);
        put('ethnicity', v.ethnicity ?? null);
        put('education', v.education ?? null);
        put('political', v.political ?? null);
        put('occupation', clean(v.occupation));
        put('employment', v.employment ?? null);
        put('employmentPlace', v.employment === 'migrant' ? clean(v.employmentPlace) : null);
        put('health', v.health ?? null);
        put('note', clean(v.note));
        if (Object.keys(body).length === 0) {
          onClose();
          return;
        }
        save.mutate(body as ResidentPatchBody, {
          onSuccess: () => {
            notifySuccess(t('registry.done.saved'));
            onClose();
          },
          onError: (e) =>
            setError(showApiError(form, e, EDIT_FIELDS, { REGISTRY_HEAD_RELATION: 'relation' })),
        });
      }}
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
      <Form.Item
        name="name"
        label={t('registry.field.name')}
        rules={[
          { required: true, whitespace: true, message: t('registry.form.nameRequired') },
          { pattern: /^[^\d]*$/, message: t('registry.form.nameDigits') },
        ]}
      >
        <Input maxLength={30} data-testid="edit-name" />
      </Form.Item>
      <Form.Item
        name="relation"
        label={t('registry.field.relation')}
        extra={isHead ? t('registry.resident.headRelation') : undefined}
      >
        <Select disabled={isHead} options={opt(isHead ? RELATIONS : RELATIONS.filter((x) => x !== '户主'))} />
      </Form.Item>
      <Form.Item
        name="phone"
        label={t('registry.field.phone')}
        extra={r.phoneMasked ? t('registry.resident.phoneKeep', { masked: r.phoneMasked }) : undefined}
        rules={[{ pattern: PHONE_OR_LANDLINE, message: t('registry.form.phoneRule') }]}
      >
        <Input inputMode="tel" maxLength={13} autoComplete="off" placeholder={r.phoneMasked ?? undefined} />
      </Form.Item>
      <Form.Item name="ethnicity" label={t('registry.field.ethnicity')}>
        <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={opt(ETHNIC_GROUPS)} />
      </Form.Item>
      <Form.Item name="education" label={t('registry.field.education')}>
        <Select allowClear options={opt(EDUCATION)} />
      </Form.Item>
      <Form.Item name="political" label={t('registry.field.political')}>
        <Select allowClear options={opt(POLITICAL)} />
      </Form.Item>
      <Form.Item name="occupation" label={t('registry.field.occupation')}>
        <Input maxLength={30} />
      </Form.Item>
      <Form.Item name="employment" label={t('registry.field.employment')}>
        <Select<Employment>
          allowClear
          options={EMPLOYMENT.map((e) => ({ value: e, label: label.employment(e) }))}
        />
      </Form.Item>
      {employment === 'migrant' ? (
        <Form.Item name="employmentPlace" label={t('registry.field.employmentPlace')}>
          <Input maxLength={60} placeholder={t('registry.form.employmentPlacePlaceholder')} />
        </Form.Item>
      ) : null}
      <Form.Item name="health" label={t('registry.field.health')}>
        <Select allowClear options={opt(HEALTH)} />
      </Form.Item>
      <Form.Item name="note" label={t('registry.field.note')}>
        <Input.TextArea maxLength={200} autoSize={{ minRows: 2, maxRows: 4 }} />
      </Form.Item>
      <Footer busy={save.isPending} onClose={onClose} submit={t('registry.form.save')} testId="edit-submit" />
    </Form>
  );
}

export function EditResidentModal({
  r,
  open,
  onClose,
}: {
  r: ResidentDetail;
  open: boolean;
  onClose: () => void;
}) {
  const t = useT();
  return (
    <FormModal open={open} title={t('registry.resident.editTitle', { name: r.name })} onClose={onClose}>
      <EditForm r={r} onClose={onClose} />
    </FormModal>
  );
}

interface TagValues {
  tag?: Tag;
  grade?: number;
  startDate?: Dayjs;
  note?: string;
}

function TagForm({ r, onClose }: { r: ResidentDetail; onClose: () => void }) {
  const t = useT();
  const label = useRegistryLabels();
  const [form] = Form.useForm<TagValues>();
  const add = useAddTag(r.id);
  const [error, setError] = useState<string | null>(null);
  const tag = Form.useWatch('tag', form);
  const held = new Set(r.tags.map((x) => x.tag));
  return (
    <Form<TagValues>
      form={form}
      layout="vertical"
      initialValues={{ startDate: fromDay(today()) }}
      onFinish={(v) => {
        setError(null);
        add.mutate(
          {
            tag: v.tag as Tag,
            grade: v.tag === 'disabled' ? (v.grade ?? null) : null,
            startDate: toDay(v.startDate) ?? today(),
            note: clean(v.note),
          },
          {
            onSuccess: () => {
              notifySuccess(t('registry.done.tagAdded', { tag: label.tag(v.tag as Tag) }));
              onClose();
            },
            onError: (e) =>
              setError(
                showApiError(form, e, ['tag', 'grade', 'startDate', 'note'], {
                  REGISTRY_TAG_ACTIVE: 'tag',
                  REGISTRY_TAG_GRADE: 'grade',
                  REGISTRY_DATE_FUTURE: 'startDate',
                }),
              ),
          },
        );
      }}
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
      <Form.Item
        name="tag"
        label={t('registry.tagForm.tag')}
        rules={[{ required: true, message: t('registry.tagForm.tagRequired') }]}
      >
        <Select<Tag>
          options={TAGS.map((x) => ({
            value: x,
            label: held.has(x) ? `${label.tag(x)}（${t('registry.tagForm.held')}）` : label.tag(x),
            disabled: held.has(x),
          }))}
          data-testid="tag-select"
        />
      </Form.Item>
      {tag === 'disabled' ? (
        <Form.Item
          name="grade"
          label={t('registry.tagForm.grade')}
          rules={[{ required: true, message: t('registry.tagForm.gradeRequired') }]}
        >
          <Select<number>
            options={DISABILITY_GRADES.map((g) => ({ value: g, label: t('registry.grade', { n: g }) }))}
          />
        </Form.Item>
      ) : null}
      <Form.Item
        name="startDate"
        label={t('registry.tagForm.startDate')}
        rules={[{ required: true, message: t('registry.form.dateRequired') }]}
      >
        <DatePicker style={{ width: '100%' }} disabledDate={afterToday} inputReadOnly />
      </Form.Item>
      <Form.Item name="note" label={`${t('registry.field.note')}（${t('common.optional')}）`}>
        <Input maxLength={200} placeholder={t('registry.tagForm.notePlaceholder')} />
      </Form.Item>
      <Footer
        busy={add.isPending}
        onClose={onClose}
        submit={t('registry.resident.addTag')}
        testId="tag-submit"
      />
    </Form>
  );
}

export function AddTagModal({ r, open, onClose }: { r: ResidentDetail; open: boolean; onClose: () => void }) {
  const t = useT();
  return (
    <FormModal open={open} title={t('registry.tagForm.title', { name: r.name })} onClose={onClose}>
      <TagForm r={r} onClose={onClose} />
    </FormModal>
  );
}

type TagRow = ResidentDetail['tagHistory'][number];

function EndTagForm({ r, row, onClose }: { r: ResidentDetail; row: TagRow; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<{ endDate?: Dayjs }>();
  const end = useEndTag(r.id);
  const [error, setError] = useState<string | null>(null);
  return (
    <Form<{ endDate?: Dayjs }>
      form={form}
      layout="vertical"
      initialValues={{ endDate: fromDay(today()) }}
      onFinish={(v) => {
        setError(null);
        end.mutate(
          { tagId: row.id, endDate: toDay(v.endDate) ?? today() },
          {
            onSuccess: () => {
              notifySuccess(t('registry.done.saved'));
              onClose();
            },
            onError: (e) => setError(showApiError(form, e, ['endDate'])),
          },
        );
      }}
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
      <Form.Item
        name="endDate"
        label={t('registry.tagForm.endDate')}
        extra={t('registry.tagForm.endHint', { start: row.startDate })}
        rules={[
          { required: true, message: t('registry.form.dateRequired') },
          {
            validator: async (_, d: Dayjs | undefined) => {
              if (d && d.format('YYYY-MM-DD') < row.startDate)
                throw new Error(t('registry.tagForm.endBeforeStart', { start: row.startDate }));
            },
          },
        ]}
      >
        <DatePicker style={{ width: '100%' }} disabledDate={afterToday} inputReadOnly />
      </Form.Item>
      <Footer
        busy={end.isPending}
        onClose={onClose}
        submit={t('registry.tagForm.end')}
        testId="tag-end-submit"
      />
    </Form>
  );
}

export function EndTagModal({
  r,
  row,
  onClose,
}: {
  r: ResidentDetail;
  row: TagRow | null;
  onClose: () => void;
}) {
  const t = useT();
  const label = useRegistryLabels();
  return (
    <FormModal
      open={row !== null}
      title={row ? t('registry.tagForm.endTitle', { name: r.name, tag: label.tag(row.tag, row.grade) }) : ''}
      onClose={onClose}
    >
      {row ? <EndTagForm r={r} row={row} onClose={onClose} /> : null}
    </FormModal>
  );
}

interface TrainingValues {
  course: string;
  organizer?: string;
  certificate?: string;
  certificateNo?: string;
  date?: Dayjs;
  hours?: number | null;
}

function TrainingForm({ r, onClose }: { r: ResidentDetail; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<TrainingValues>();
  const add = useAddTraining(r.id);
  const [error, setError] = useState<string | null>(null);
  return (
    <Form<TrainingValues>
      form={form}
      layout="vertical"
      initialValues={{ date: fromDay(today()) }}
      onFinish={(v) => {
        setError(null);
        add.mutate(
          {
            course: v.course.trim(),
            organizer: clean(v.organizer),
            certificate: clean(v.certificate),
            certificateNo: clean(v.certificateNo),
            date: toDay(v.date) ?? today(),
            hours: v.hours ?? null,
          },
          {
            onSuccess: () => {
              notifySuccess(t('registry.done.saved'));
              onClose();
            },
            onError: (e) =>
              setError(
                showApiError(form, e, [
                  'course',
                  'organizer',
                  'certificate',
                  'certificateNo',
                  'date',
                  'hours',
                ]),
              ),
          },
        );
      }}
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
      <Form.Item
        name="course"
        label={t('registry.training.course')}
        rules={[{ required: true, whitespace: true, message: t('registry.training.courseRequired') }]}
      >
        <Input maxLength={60} placeholder={t('registry.training.coursePlaceholder')} />
      </Form.Item>
      <Form.Item name="organizer" label={`${t('registry.training.organizer')}（${t('common.optional')}）`}>
        <Input maxLength={60} />
      </Form.Item>
      <Form.Item
        name="certificate"
        label={`${t('registry.training.certificate')}（${t('common.optional')}）`}
      >
        <Input maxLength={60} placeholder={t('registry.training.certificatePlaceholder')} />
      </Form.Item>
      <Form.Item
        name="certificateNo"
        label={`${t('registry.training.certificateNo')}（${t('common.optional')}）`}
      >
        <Input maxLength={60} />
      </Form.Item>
      <Form.Item
        name="date"
        label={t('registry.training.date')}
        rules={[{ required: true, message: t('registry.form.dateRequired') }]}
      >
        <DatePicker style={{ width: '100%' }} disabledDate={afterToday} inputReadOnly />
      </Form.Item>
      <Form.Item name="hours" label={`${t('registry.training.hours')}（${t('common.optional')}）`}>
        <InputNumber<number>
          min={0}
          max={10000}
          precision={0}
          style={{ width: '100%' }}
          inputMode="numeric"
        />
      </Form.Item>
      <Footer busy={add.isPending} onClose={onClose} submit={t('registry.resident.addTraining')} />
    </Form>
  );
}

export function AddTrainingModal({
  r,
  open,
  onClose,
}: {
  r: ResidentDetail;
  open: boolean;
  onClose: () => void;
}) {
  const t = useT();
  return (
    <FormModal open={open} title={t('registry.training.title', { name: r.name })} onClose={onClose}>
      <TrainingForm r={r} onClose={onClose} />
    </FormModal>
  );
}
