import { CameraOutlined } from '@ant-design/icons';
import { App, Upload, type UploadFile } from 'antd';
import { uploadFile } from '../api';
import { type Translate, useT } from '../i18n/i18n';

/** What /api/v1/files answers for a stored photo. */
export interface StoredFile {
  id: string;
  mime: string;
  size: number;
}

const MAX_BYTES = 8 * 1024 * 1024;
const TYPES = ['image/jpeg', 'image/png', 'image/webp'];
/** Phone photos above this are scaled down before they leave the phone. */
const SHRINK_ABOVE = 1.5 * 1024 * 1024;
const MAX_SIDE = 2000;

/**
 * A phone camera's 5–12 MB photo, scaled to at most 2000 px and re-encoded as JPEG: a village
 * connection sends it in seconds, and it stays under the server's 8 MB limit. Anything that
 * goes wrong (an old browser, an odd file) sends the original.
 */
async function shrink(file: File): Promise<File> {
  if (file.size <= SHRINK_ABOVE || typeof createImageBitmap !== 'function') return file;
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
    if (!blob || blob.size >= file.size) return file;
    return new File([blob], `${file.name.replace(/\.\w+$/, '')}.jpg`, { type: 'image/jpeg' });
  } catch {
    return file;
  }
}

/** The server's ids of the photos that finished uploading. */
export function uploadedIds(files: UploadFile[] | undefined): string[] {
  return (files ?? [])
    .filter((f) => f.status === 'done')
    .map((f) => (f.response as StoredFile | undefined)?.id)
    .filter((id): id is string => Boolean(id));
}

/** A problem with the photo list that should stop a submit (still uploading, failed), or null. */
export function photoProblem(files: UploadFile[] | undefined, t: Translate): string | null {
  if ((files ?? []).some((f) => f.status === 'uploading')) return t('photos.uploading');
  if ((files ?? []).some((f) => f.status === 'error')) return t('photos.failed');
  return null;
}

/** A form rule: photos still uploading or failed stop the submit; `required` wants one done. */
export function photoRule(t: Translate, required: boolean) {
  return {
    validator: async (_: unknown, files: UploadFile[] | undefined) => {
      const problem = photoProblem(files, t);
      if (problem) throw new Error(problem);
      if (required && uploadedIds(files).length === 0) throw new Error(t('photos.required'));
    },
  };
}

/**
 * Photos (evidence, a voucher, a goods photo, before/after pictures): each goes to
 * /api/v1/files as soon as it is chosen, with its progress on the tile; the form sends only
 * the ids. A Form.Item child with `valuePropName="fileList"` and `getValueFromEvent={(e) => e}`.
 * `testId` lands on the file input, for browser tests.
 */
export function PhotoUpload({
  fileList,
  onChange,
  max = 1,
  label,
  testId,
}: {
  fileList?: UploadFile[];
  onChange?: (files: UploadFile[]) => void;
  max?: number;
  label?: string;
  testId?: string;
}) {
  const t = useT();
  const { message } = App.useApp();
  const files = fileList ?? [];
  return (
    <Upload
      listType="picture-card"
      accept={TYPES.join(',')}
      multiple={max > 1}
      fileList={files}
      data-testid={testId}
      onChange={({ fileList: next }) => onChange?.(next)}
      beforeUpload={(file, batch) => {
        if (!TYPES.includes(file.type)) {
          void message.error(t('photos.type', { name: file.name }));
          return Upload.LIST_IGNORE;
        }
        // Large phone photos are shrunk before sending; only hopeless ones are refused here.
        if (file.size > MAX_BYTES * 3) {
          void message.error(t('photos.tooLarge', { name: file.name }));
          return Upload.LIST_IGNORE;
        }
        if (files.length + batch.indexOf(file) >= max) {
          void message.warning(t('photos.max', { n: max }));
          return Upload.LIST_IGNORE;
        }
        return true;
      }}
      customRequest={({ file, onProgress, onSuccess, onError }) => {
        void (async () => {
          try {
            const small = await shrink(file as File);
            if (small.size > MAX_BYTES) throw new Error(t('photos.tooLarge', { name: small.name }));
            const stored = await uploadFile<StoredFile>('/api/v1/files', small, small.name, (percent) =>
              onProgress?.({ percent }),
            );
            onSuccess?.(stored);
          } catch (e) {
            onError?.(e instanceof Error ? e : new Error(String(e)));
          }
        })();
      }}
    >
      {files.length >= max ? null : (
        <button type="button" style={{ border: 0, background: 'none', cursor: 'pointer' }}>
          <CameraOutlined />
          <div style={{ marginTop: 6 }}>{label ?? t('photos.add')}</div>
        </button>
      )}
    </Upload>
  );
}
