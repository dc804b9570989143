import { PlusOutlined } from '@ant-design/icons';
import { App, Upload, type UploadFile } from 'antd';
import { useT } from '../../../app/i18n/i18n';
import { type UploadedFile, uploadPhoto } from '../points.api';

export const MAX_PHOTOS = 6;
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
    .map((f) => (f.response as UploadedFile | undefined)?.id)
    .filter((id): id is string => Boolean(id));
}

/** A problem with the photo list that should stop a submit, or null. */
export function photoProblem(files: UploadFile[] | undefined, t: ReturnType<typeof useT>): string | null {
  if ((files ?? []).some((f) => f.status === 'uploading')) return t('points.photos.stillUploading');
  if ((files ?? []).some((f) => f.status === 'error')) return t('points.photos.failed');
  return null;
}

/**
 * Photos (evidence: up to six; a goods photo: one): each goes to /api/v1/files as soon as it is chosen, with its
 * progress on the tile; the form sends only the ids. Used as a Form.Item child with
 * `valuePropName="fileList"`.
 */
export function PhotoUploader({
  fileList,
  onChange,
  testId,
  max = MAX_PHOTOS,
}: {
  fileList?: UploadFile[];
  onChange?: (files: UploadFile[]) => void;
  testId?: string;
  max?: number;
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
          void message.error(t('points.photos.type', { name: file.name }));
          return Upload.LIST_IGNORE;
        }
        if (file.size > MAX_BYTES * 2) {
          void message.error(t('points.photos.tooLarge', { name: file.name }));
          return Upload.LIST_IGNORE;
        }
        if (files.length + batch.indexOf(file) >= max) {
          void message.warning(t('points.photos.max', { n: max }));
          return Upload.LIST_IGNORE;
        }
        return true;
      }}
      customRequest={({ file, onProgress, onSuccess, onError }) => {
        void (async () => {
          try {
            const small = await shrink(file as File);
            if (small.size > MAX_BYTES) throw new Error(t('points.photos.tooLarge', { name: small.name }));
            const stored = await uploadPhoto(small, (percent) => onProgress?.({ percent }));
            onSuccess?.(stored);
          } catch (e) {
            onError?.(e instanceof Error ? e : new Error(String(e)));
          }
        })();
      }}
    >
      {files.length >= max ? null : (
        <button type="button" style={{ border: 0, background: 'none', cursor: 'pointer' }}>
          <PlusOutlined />
          <div style={{ marginTop: 6 }}>{t('points.photos.add')}</div>
        </button>
      )}
    </Upload>
  );
}
