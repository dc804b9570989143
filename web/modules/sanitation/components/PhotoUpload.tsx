import { CameraOutlined } from '@ant-design/icons';
import { App, Upload, type UploadFile } from 'antd';
import { type Translate, useT } from '../../../app/i18n/i18n';
import { type StoredFile, uploadPhoto } from '../http';

const MAX_BYTES = 8 * 1024 * 1024;
const TYPES = ['image/jpeg', 'image/png', 'image/webp'];
/** Phone photos above this are scaled down before they leave the phone. */
const SHRINK_ABOVE = 1.5 * 1024 * 1024;
const MAX_SIDE = 2000;

/**
 * A phone camera's 5–12 MB photo scaled to at most 2000 px as JPEG: a village connection sends
 * it in seconds and it stays under the server's 8 MB. Anything odd sends the original.
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

/** A form rule: photos still uploading or failed stop the submit; `required` wants one done. */
export function photoRule(t: Translate, required: boolean) {
  return {
    validator: async (_: unknown, files: UploadFile[] | undefined) => {
      if ((files ?? []).some((f) => f.status === 'uploading'))
        throw new Error(t('sanitation.photo.uploading'));
      if ((files ?? []).some((f) => f.status === 'error')) throw new Error(t('sanitation.photo.failed'));
      if (required && uploadedIds(files).length === 0) throw new Error(t('sanitation.photo.required'));
    },
  };
}

/**
 * Photos (a voucher, before/after pictures, inspection evidence): each goes to /api/v1/files
 * as soon as it is chosen, with its progress on the tile; the form sends only the ids. A
 * Form.Item child with `valuePropName="fileList"` and `getValueFromEvent={(e) => e}`.
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
    <div data-testid={testId}>
      <Upload
        listType="picture-card"
        accept={TYPES.join(',')}
        multiple={max > 1}
        fileList={files}
        onChange={({ fileList: next }) => onChange?.(next)}
        beforeUpload={(file, batch) => {
          if (!TYPES.includes(file.type)) {
            void message.error(t('sanitation.photo.type', { name: file.name }));
            return Upload.LIST_IGNORE;
          }
          if (file.size > MAX_BYTES * 3) {
            void message.error(t('sanitation.photo.tooLarge', { name: file.name }));
            return Upload.LIST_IGNORE;
          }
          if (files.length + batch.indexOf(file) >= max) {
            void message.warning(t('sanitation.photo.max', { n: max }));
            return Upload.LIST_IGNORE;
          }
          return true;
        }}
        customRequest={({ file, onProgress, onSuccess, onError }) => {
          void (async () => {
            try {
              const f = file as File;
              const small = await shrink(f);
              if (small.size > MAX_BYTES)
                throw new Error(t('sanitation.photo.tooLarge', { name: small.name }));
              const stored = await uploadPhoto(small, small.name, (percent) => onProgress?.({ percent }));
              onSuccess?.(stored);
            } catch (e) {
              onError?.(e instanceof Error ? e : new Error(String(e)));
            }
          })();
        }}
      >
        {files.length >= max ? null : (
          <button type="button" className="zs-upload-button">
            <CameraOutlined />
            <div style={{ marginTop: 6 }}>{label ?? t('sanitation.photo.add')}</div>
          </button>
        )}
      </Upload>
    </div>
  );
}
