import { EditOutlined, EyeOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Empty, Skeleton } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { hasPermission, useSignedIn } from '../../app/auth/session';
import { LoadError } from '../../app/components/LoadError';
import { PageHeader } from '../../app/components/PageHeader';
import { useT } from '../../app/i18n/i18n';
import { AddTagModal, AddTrainingModal, EditResidentModal, EndTagModal } from './components/ResidentModals';
import { RevealModal } from './components/RevealModal';
import { StatusChip, TagChip, TagChips, useRegistryLabels } from './labels';
import { type ResidentDetail, type Revealed, useResident, useReveal } from './registry.api';
import './registry.css';

type TagRow = ResidentDetail['tagHistory'][number];

function TagHistory({
  r,
  canWrite,
  onEnd,
}: {
  r: ResidentDetail;
  canWrite: boolean;
  onEnd: (row: TagRow) => void;
}) {
  const t = useT();
  if (r.tagHistory.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('registry.resident.noTags')} />;
  return (
    <div className="zx-cards" data-testid="tag-history">
      {r.tagHistory.map((row) => {
        const open = !row.endDate;
        return (
          <div key={row.id} className="zx-history-row" data-testid="tag-history-row">
            <div className="zx-card-row" style={{ alignItems: 'center' }}>
              <span style={{ display: 'inline-flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
                <TagChip tag={row.tag} grade={row.grade} ended={!open} />
                <span className="zx-muted">
                  {open
                    ? t('registry.tagForm.since', { start: row.startDate })
                    : t('registry.tagForm.between', { start: row.startDate, end: row.endDate ?? '' })}
                </span>
              </span>
              {open && canWrite ? (
                <Button size="small" onClick={() => onEnd(row)} data-testid="tag-end">
                  {t('registry.tagForm.end')}
                </Button>
              ) : null}
            </div>
            {row.note ? (
              <div className="zx-muted" style={{ marginTop: 4 }}>
                {row.note}
              </div>
            ) : null}
          </div>
        );
      })}
    </div>
  );
}

function Trainings({ r }: { r: ResidentDetail }) {
  const t = useT();
  if (r.trainings.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('registry.resident.noTrainings')} />;
  return (
    <div className="zx-cards" data-testid="trainings">
      {r.trainings.map((x) => (
        <div key={x.id} className="zx-history-row">
          <div>
            <strong>{x.course}</strong> <span className="zx-muted zx-mono">{x.date}</span>
          </div>
          <div className="zx-muted">
            {[
              x.organizer,
              x.hours !== null ? t('registry.training.hoursN', { n: x.hours }) : null,
              x.certificate
                ? `${t('registry.training.certificate')}：${x.certificate}${x.certificateNo ? `（${x.certificateNo}）` : ''}`
                : null,
            ]
              .filter(Boolean)
              .join(' · ')}
          </div>
        </div>
      ))}
    </div>
  );
}

/** 人员详情: every field, tags with their history, trainings, the audited reveal, and edit. */
export function ResidentPage() {
  const id = useParams().id ?? '';
  // A fresh page per person: what was revealed for one is never shown for the next.
  return <ResidentView key={id} id={Number(id)} />;
}

function ResidentView({ id }: { id: number }) {
  const t = useT();
  const me = useSignedIn();
  const label = useRegistryLabels();
  const resident = useResident(id);
  const reveal = useReveal('residents', id);
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const [modal, setModal] = useState<'reveal' | 'edit' | 'tag' | 'training' | null>(null);
  const [ending, setEnding] = useState<TagRow | null>(null);
  const canWrite = hasPermission(me, 'registry.write');
  const canReveal = hasPermission(me, 'pii.reveal');

  if (resident.isPending) {
    return (
      <div data-testid="resident-page">
        <PageHeader title={t('registry.residents.title')} />
        <Skeleton active paragraph={{ rows: 10 }} />
      </div>
    );
  }
  if (resident.isError) {
    return (
      <div data-testid="resident-page">
        <PageHeader title={t('registry.residents.title')} />
        <LoadError error={resident.error} onRetry={() => resident.refetch()} />
      </div>
    );
  }
  const r = resident.data;
  const active = r.status === 'active';
  const writable = canWrite && active;
  const shown = (masked: string | null, full: string | null | undefined, testId: string) =>
    revealed && full !== undefined ? (
      <span className="zx-revealed" data-testid={testId}>
        {full ?? '—'}
      </span>
    ) : (
      <span className="zx-mono" data-testid={testId}>
        {masked ?? '—'}
      </span>
    );

  return (
    <div data-testid="resident-page">
      <PageHeader
        title={r.name}
        sub={
          <span>
            {label.place(r.villageName, r.groupName)} ·{' '}
            <Link to={`/registry/households/${r.householdId}`} data-testid="resident-household">
              {t('registry.household.title', { number: r.householdNumber })}
            </Link>
            {' · '}
            {r.relation}
          </span>
        }
        extra={
          <div className="zx-actions">
            {canReveal && !revealed ? (
              <Button icon={<EyeOutlined />} onClick={() => setModal('reveal')} data-testid="resident-reveal">
                {t('registry.reveal.button')}
              </Button>
            ) : null}
            {writable ? (
              <Button icon={<EditOutlined />} onClick={() => setModal('edit')} data-testid="resident-edit">
                {t('registry.resident.edit')}
              </Button>
            ) : null}
          </div>
        }
      />
      {active ? null : (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('registry.resident.inactive', { status: label.residentStatus(r.status) })}
        />
      )}
      {revealed ? (
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('registry.reveal.shown')} />
      ) : null}
      <Card size="small" title={t('registry.resident.basic')} style={{ marginBottom: 16 }}>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, xl: 3 }}
          items={[
            { key: 'name', label: t('registry.field.name'), children: r.name },
            {
              key: 'gender',
              label: t('registry.field.genderAge'),
              children: `${label.gender(r.gender)} · ${t('registry.age', { n: r.age })}`,
            },
            {
              key: 'birth',
              label: t('registry.field.birthDate'),
              // Month and day are hidden like the middle of the ID number, and shown with it.
              children: revealed?.idNumber
                ? `${revealed.idNumber.slice(6, 10)}-${revealed.idNumber.slice(10, 12)}-${revealed.idNumber.slice(12, 14)}`
                : r.birthDate,
            },
            {
              key: 'id',
              label: t('registry.field.idNumber'),
              children: shown(r.idMasked, revealed?.idNumber, 'resident-id'),
            },
            {
              key: 'phone',
              label: t('registry.field.phone'),
              children: shown(
                r.phoneMasked,
                revealed ? (revealed.phone ?? null) : undefined,
                'resident-phone',
              ),
            },
            { key: 'relation', label: t('registry.field.relation'), children: r.relation },
            { key: 'ethnicity', label: t('registry.field.ethnicity'), children: r.ethnicity ?? '—' },
            { key: 'education', label: t('registry.field.education'), children: r.education ?? '—' },
            { key: 'political', label: t('registry.field.political'), children: r.political ?? '—' },
            { key: 'occupation', label: t('registry.field.occupation'), children: r.occupation ?? '—' },
            {
              key: 'employment',
              label: t('registry.field.employment'),
              children: r.employment
                ? `${label.employment(r.employment)}${r.employmentPlace ? `（${r.employmentPlace}）` : ''}`
                : '—',
            },
            { key: 'health', label: t('registry.field.health'), children: r.health ?? '—' },
            {
              key: 'status',
              label: t('registry.field.status'),
              children: active ? (
                label.residentStatus(r.status)
              ) : (
                <StatusChip status={r.status} kind="resident" />
              ),
            },
            {
              key: 'household',
              label: t('registry.field.household'),
              children: (
                <Link to={`/registry/households/${r.householdId}`} className="zx-mono">
                  {r.householdNumber}
                </Link>
              ),
            },
            {
              key: 'place',
              label: t('registry.field.place'),
              children: label.place(r.villageName, r.groupName),
            },
            {
              key: 'tags',
              label: t('registry.field.tags'),
              children: <TagChips tags={r.tags} empty="—" />,
            },
            ...(r.note ? [{ key: 'note', label: t('registry.field.note'), children: r.note }] : []),
          ]}
        />
      </Card>
      <div className="zx-two-cols">
        <Card
          size="small"
          title={t('registry.resident.tags')}
          extra={
            writable ? (
              <Button
                size="small"
                type="link"
                icon={<PlusOutlined />}
                onClick={() => setModal('tag')}
                data-testid="tag-add"
              >
                {t('registry.resident.addTag')}
              </Button>
            ) : null
          }
        >
          <TagHistory r={r} canWrite={canWrite} onEnd={setEnding} />
        </Card>
        <Card
          size="small"
          title={t('registry.resident.trainings')}
          extra={
            canWrite ? (
              <Button size="small" type="link" icon={<PlusOutlined />} onClick={() => setModal('training')}>
                {t('registry.resident.addTraining')}
              </Button>
            ) : null
          }
        >
          <Trainings r={r} />
        </Card>
      </div>
      <RevealModal
        open={modal === 'reveal'}
        title={t('registry.reveal.title', { name: r.name })}
        onClose={() => setModal(null)}
        onReveal={async (reason) => setRevealed(await reveal.mutateAsync(reason))}
      />
      {canWrite ? (
        <>
          <EditResidentModal r={r} open={modal === 'edit'} onClose={() => setModal(null)} />
          <AddTagModal r={r} open={modal === 'tag'} onClose={() => setModal(null)} />
          <AddTrainingModal r={r} open={modal === 'training'} onClose={() => setModal(null)} />
          <EndTagModal r={r} row={ending} onClose={() => setEnding(null)} />
        </>
      ) : null}
    </div>
  );
}
