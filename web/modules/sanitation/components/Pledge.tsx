import { Alert, Button, Form, Input, Segmented, Skeleton, type UploadFile } from 'antd';
import { useState } from 'react';
import { LoadError } from '../../../app/components/LoadError';
import { PhotoUpload, photoRule, uploadedIds } from '../../../app/components/PhotoUpload';
import { beijingTime } from '../../../app/format';
import { useT } from '../../../app/i18n/i18n';
import { notifySuccess } from '../../../app/notify';
import { applyServerError } from '../form-utils';
import { type HouseholdPledge, useHouseholdPledge, useSignPledge } from '../sanitation.api';
import { Photo, PrintButton, SignatureSvg } from './bits';
import { SignaturePad } from './SignaturePad';

/** The signed pledge as it is printed and kept: the household, the text, the signature. */
export function PledgeDocument({ pledge, place }: { pledge: HouseholdPledge; place?: string }) {
  const t = useT();
  const s = pledge.signed;
  return (
    <article className="zs-pledge zs-print-area" data-testid="pledge-document">
      <h1 className="zs-pledge-title">{t('sanitation.pledge.docTitle')}</h1>
      <div className="zs-pledge-facts">
        <span>
          {t('sanitation.pledge.household')}
          <strong>{pledge.householdName}</strong>
        </span>
        <span>
          {t('sanitation.pledge.number')}
          <span className="zx-mono">{pledge.householdNumber}</span>
        </span>
        {place ? (
          <span>
            {t('sanitation.pledge.place')}
            {place}
          </span>
        ) : null}
      </div>
      <p className="zs-pledge-text">{s ? s.text : pledge.currentText}</p>
      <ul className="zs-pledge-three">
        <li>{t('sanitation.pledge.three1')}</li>
        <li>{t('sanitation.pledge.three2')}</li>
        <li>{t('sanitation.pledge.three3')}</li>
      </ul>
      {s ? (
        <div className="zs-pledge-sign">
          <div className="zs-pledge-sign-row">
            <span>{t('sanitation.pledge.signer')}</span>
            <strong>{s.signedName}</strong>
          </div>
          <div className="zs-pledge-sign-row">
            <span>{t('sanitation.pledge.signature')}</span>
            {s.signature ? (
              <SignatureSvg path={s.signature} height={72} testId="pledge-signature" />
            ) : s.photo ? (
              <Photo id={s.photo} size={120} alt={t('sanitation.pledge.paper')} />
            ) : null}
          </div>
          <div className="zs-pledge-sign-row">
            <span>{t('sanitation.pledge.date')}</span>
            <span>{beijingTime(s.signedAt, false).slice(0, 10)}</span>
          </div>
          <div className="zs-pledge-meta">
            {t('sanitation.pledge.version', { n: s.version })}
            {s.method === 'photo'
              ? ` · ${t('sanitation.pledge.byPhoto')}`
              : ` · ${t('sanitation.pledge.byHand')}`}
            {s.assisted ? ` · ${t('sanitation.pledge.assisted')}` : ''}
          </div>
        </div>
      ) : null}
    </article>
  );
}

type Mode = 'draw' | 'photo';

interface SignValues {
  signedName: string;
  photo?: UploadFile[];
}

/** Signing: the current text, the signer's name, and a drawn signature or a photo of the paper. */
export function PledgeSignForm({
  pledge,
  defaultName,
  assisted,
}: {
  pledge: HouseholdPledge;
  defaultName?: string;
  assisted: boolean;
}) {
  const t = useT();
  const [form] = Form.useForm<SignValues>();
  const sign = useSignPledge();
  const [mode, setMode] = useState<Mode>('draw');
  const [signature, setSignature] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <Form<SignValues>
      form={form}
      layout="vertical"
      initialValues={{ signedName: defaultName ?? pledge.householdName.replace(/户$/, '') }}
      onFinish={(v) => {
        setError(null);
        const photo = uploadedIds(v.photo)[0];
        if (mode === 'draw' && !signature) {
          setError(t('sanitation.pledge.drawFirst'));
          return;
        }
        sign.mutate(
          {
            householdId: pledge.householdId,
            signedName: v.signedName.trim(),
            ...(mode === 'draw' ? { signature } : { photo }),
          },
          {
            onSuccess: () => notifySuccess(t('sanitation.pledge.signedDone')),
            onError: (e) => setError(applyServerError(form, e, { signedName: 'signedName', photo: 'photo' })),
          },
        );
      }}
    >
      <p className="zs-pledge-text" data-testid="pledge-text">
        {pledge.currentText}
      </p>
      {assisted ? (
        <Alert type="info" showIcon title={t('sanitation.pledge.assistHint')} style={{ marginBottom: 12 }} />
      ) : null}
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Form.Item
        name="signedName"
        label={t('sanitation.pledge.signer')}
        rules={[{ required: true, whitespace: true, message: t('sanitation.pledge.signerRequired') }]}
      >
        <Input maxLength={30} data-testid="pledge-name" />
      </Form.Item>
      <Segmented<Mode>
        block
        value={mode}
        onChange={setMode}
        options={[
          { value: 'draw', label: t('sanitation.pledge.modeDraw') },
          { value: 'photo', label: t('sanitation.pledge.modePhoto') },
        ]}
        style={{ marginBottom: 12 }}
        data-testid="pledge-mode"
      />
      {mode === 'draw' ? (
        <Form.Item label={t('sanitation.pledge.signature')} required>
          <SignaturePad onChange={setSignature} />
        </Form.Item>
      ) : (
        <Form.Item
          name="photo"
          label={t('sanitation.pledge.paper')}
          valuePropName="fileList"
          getValueFromEvent={(e: { fileList?: UploadFile[] } | UploadFile[]) =>
            Array.isArray(e) ? e : e?.fileList
          }
          rules={[photoRule(t, true)]}
          extra={t('sanitation.pledge.paperHint')}
        >
          <PhotoUpload label={t('sanitation.pledge.paperAdd')} testId="pledge-photo" />
        </Form.Item>
      )}
      <Button
        type="primary"
        size="large"
        block
        htmlType="submit"
        loading={sign.isPending}
        data-testid="pledge-submit"
      >
        {t('sanitation.pledge.submit')}
      </Button>
    </Form>
  );
}

/** A household's pledge: the signed document to print, or the form to sign the current text. */
export function HouseholdPledgeView({
  householdId,
  place,
  assisted,
}: {
  householdId: number;
  place?: string;
  assisted: boolean;
}) {
  const t = useT();
  const pledge = useHouseholdPledge(householdId);
  if (pledge.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (pledge.isError) return <LoadError error={pledge.error} onRetry={() => pledge.refetch()} />;
  const p = pledge.data;
  const signedCurrent = p.signed?.current === true;
  return (
    <div className="zs-pledge-view">
      {signedCurrent ? (
        <>
          <Alert
            type="success"
            showIcon
            title={t('sanitation.pledge.signedOn', {
              date: beijingTime(p.signed?.signedAt, false).slice(0, 10),
            })}
            className="zs-no-print"
            style={{ marginBottom: 12 }}
            data-testid="pledge-signed"
          />
          <PledgeDocument pledge={p} place={place} />
          <div className="zs-actions zs-no-print">
            <PrintButton testId="pledge-print" />
          </div>
        </>
      ) : (
        <>
          {p.signed ? (
            <Alert
              type="warning"
              showIcon
              title={t('sanitation.pledge.newVersion', { old: p.signed.version, current: p.currentVersion })}
              style={{ marginBottom: 12 }}
            />
          ) : null}
          <div className="zs-pledge zs-pledge-form">
            <h1 className="zs-pledge-title">{t('sanitation.pledge.docTitle')}</h1>
            <div className="zs-pledge-facts">
              <span>
                {t('sanitation.pledge.household')}
                <strong>{p.householdName}</strong>
              </span>
              <span>
                {t('sanitation.pledge.number')}
                <span className="zx-mono">{p.householdNumber}</span>
              </span>
              {place ? (
                <span>
                  {t('sanitation.pledge.place')}
                  {place}
                </span>
              ) : null}
            </div>
            <PledgeSignForm pledge={p} assisted={assisted} />
          </div>
        </>
      )}
    </div>
  );
}
