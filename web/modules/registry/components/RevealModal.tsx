import { Alert, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useT } from '../../../app/i18n/i18n';
import { showApiError, testId } from '../form-utils';

interface RevealForm {
  reason: string;
}

/**
 * Asks why before showing personal data in full. The reason goes into the audit trail with
 * the reveal; the values themselves stay in the page that asked, never in a cache.
 */
export function RevealModal({
  open,
  title,
  onClose,
  onReveal,
}: {
  open: boolean;
  title: string;
  onClose: () => void;
  onReveal: (reason: string) => Promise<unknown>;
}) {
  const t = useT();
  const [form] = Form.useForm<RevealForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('registry.reveal.submit')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: busy, ...testId('reveal-submit') }}
      destroyOnHidden
      afterClose={() => setError(null)}
    >
      <Form<RevealForm>
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={async ({ reason }) => {
          setError(null);
          setBusy(true);
          try {
            await onReveal(reason.trim());
            onClose();
          } catch (e) {
            setError(showApiError(form, e, ['reason']));
          } finally {
            setBusy(false);
          }
        }}
      >
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
        <Form.Item
          name="reason"
          label={t('registry.reveal.reason')}
          extra={t('registry.reveal.note')}
          rules={[
            { required: true, whitespace: true, message: t('registry.reveal.reasonRequired') },
            { min: 2, message: t('registry.reveal.reasonRequired') },
          ]}
        >
          <Input
            maxLength={100}
            placeholder={t('registry.reveal.reasonPlaceholder')}
            autoComplete="off"
            data-testid="reveal-reason"
          />
        </Form.Item>
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
