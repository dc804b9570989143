import { CheckCircleOutlined, DeleteOutlined, DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Progress, Radio, Skeleton, Upload } from 'antd';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { isApiError, isServerTrouble } from '../../app/api';
import { LoadError } from '../../app/components/LoadError';
import { PageHeader } from '../../app/components/PageHeader';
import { When } from '../../app/components/When';
import { count } from '../../app/format';
import { useT } from '../../app/i18n/i18n';
import { useIsPhone } from '../../app/use-is-phone';
import { ImportStatusTag } from './components/ImportStatusTag';
import { IMPORT_LIMIT_MB, type ImportOptions, uploadImport } from './import-upload';
import {
  type ImportResult,
  importReportUrl,
  isImportRunning,
  useImport,
  useImportFinished,
  useRecentImports,
} from './registry.api';
import './registry.css';

const ImportErrorTable = lazy(() =>
  import('./components/DesktopTables').then((m) => ({ default: m.ImportErrorTable })),
);
const ImportHistoryTable = lazy(() =>
  import('./components/DesktopTables').then((m) => ({ default: m.ImportHistoryTable })),
);

type Mode = ImportOptions['mode'];

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

function Help() {
  const t = useT();
  return (
    <div className="zx-help" data-testid="import-help">
      <ul>
        <li>{t('registry.import.help.headers')}</li>
        <li>{t('registry.import.help.synonyms')}</li>
        <li>{t('registry.import.help.sameHousehold')}</li>
        <li>
          <strong>{t('registry.import.help.idText')}</strong>
        </li>
        <li>{t('registry.import.help.dates')}</li>
      </ul>
    </div>
  );
}

function ImportErrors({ r }: { r: ImportResult }) {
  const t = useT();
  const isPhone = useIsPhone();
  if (r.errors.length === 0) return null;
  return (
    <div style={{ marginTop: 16 }}>
      <div className="zx-list-head">
        <strong>{t('registry.import.errors', { n: count(r.errorCount) })}</strong>
        {r.hasReport ? (
          <Button
            icon={<DownloadOutlined />}
            href={importReportUrl(r.id)}
            download
            data-testid="import-report-link"
          >
            {t('registry.import.report')}
          </Button>
        ) : null}
      </div>
      {r.hasReport ? (
        <div className="zx-muted" style={{ marginBottom: 8 }}>
          {t('registry.import.reportHint')}
        </div>
      ) : null}
      {r.errorCount > r.errors.length ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 8 }}
          title={t('registry.import.errorsMore', { n: count(r.errorCount), shown: count(r.errors.length) })}
        />
      ) : null}
      {isPhone ? (
        <div className="zx-cards" data-testid="import-errors">
          {r.errors.slice(0, 200).map((e) => (
            <div
              key={`${e.row}|${e.column}|${e.code}|${e.message}`}
              className="zx-history-row"
              data-testid="import-error-row"
            >
              <div style={{ fontWeight: 600 }}>
                {e.row === null ? t('registry.import.wholeFile') : t('registry.import.rowN', { n: e.row })}
                {e.column ? ` · ${e.column}` : ''}
              </div>
              <div>{e.message}</div>
            </div>
          ))}
        </div>
      ) : (
        <Suspense fallback={<Skeleton active paragraph={{ rows: 4 }} />}>
          <ImportErrorTable errors={r.errors} />
        </Suspense>
      )}
    </div>
  );
}

/** What the import did (or, for a dry run, would do), its problems and the report. */
function ImportOutcome({ r }: { r: ImportResult }) {
  const t = useT();
  if (isImportRunning(r)) {
    const { done, total } = r.progress;
    const percent = total > 0 ? Math.floor((done / total) * 100) : 0;
    return (
      <div data-testid="import-progress">
        <div style={{ marginBottom: 4 }}>
          {r.phase ?? (r.status === 'queued' ? t('registry.import.queued') : t('registry.import.running'))}
        </div>
        <Progress percent={percent} status="active" />
        {total > 0 ? (
          <div className="zx-muted">
            {t('registry.import.progress', { done: count(done), total: count(total) })}
          </div>
        ) : null}
      </div>
    );
  }
  const clean = r.errorCount === 0;
  let alert: { type: 'success' | 'warning' | 'error'; text: string };
  if (r.status === 'dry_run')
    alert = clean
      ? { type: 'success', text: t('registry.import.result.dryRunOk') }
      : { type: 'warning', text: t('registry.import.result.dryRunErrors', { n: count(r.errorCount) }) };
  else if (r.status === 'committed')
    alert = clean
      ? { type: 'success', text: t('registry.import.result.committed') }
      : { type: 'warning', text: t('registry.import.result.committedSkipped', { n: count(r.errorCount) }) };
  else if (r.status === 'rejected') alert = { type: 'error', text: t('registry.import.result.rejected') };
  else alert = { type: 'error', text: t('registry.import.result.failed') };

  const figures: Array<[string, number]> = [
    [t('registry.import.count.rows'), r.rows],
    [t('registry.import.count.households'), r.households],
    [t('registry.import.count.residents'), r.residents],
    [t('registry.import.count.created'), r.created],
    [t('registry.import.count.updated'), r.updated],
    [t('registry.import.count.unchanged'), r.unchanged],
    [t('registry.import.count.skipped'), r.skipped],
  ];
  return (
    <div data-testid="import-result" data-status={r.status}>
      <Alert type={alert.type} showIcon title={alert.text} style={{ marginBottom: 12 }} />
      <div className="zx-muted" style={{ marginBottom: 8 }}>
        {r.fileName} · {r.dryRun ? t('registry.import.kind.dry') : t(`registry.import.kind.${r.mode}`)} ·{' '}
        {r.createdBy} · <When at={r.finishedAt ?? r.createdAt} />
        {r.dryRun ? ` · ${t('registry.import.dryRunNote')}` : ''}
      </div>
      {r.status === 'rejected' ? null : (
        <div className="zx-stat-grid" data-testid="import-counts">
          {figures.map(([label, n]) => (
            <div key={label} className="zx-stat">
              <div className="zx-stat-label">{label}</div>
              <div className="zx-stat-value">{count(n)}</div>
            </div>
          ))}
        </div>
      )}
      <ImportErrors r={r} />
    </div>
  );
}

function Recent({ onOpen }: { onOpen: (r: ImportResult) => void }) {
  const t = useT();
  const isPhone = useIsPhone();
  const recent = useRecentImports();
  if (recent.isPending) return <Skeleton active paragraph={{ rows: 3 }} />;
  if (recent.isError) return <LoadError error={recent.error} onRetry={() => recent.refetch()} />;
  const items = recent.data.items;
  if (items.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('registry.import.recentEmpty')} />;
  if (!isPhone) {
    return (
      <Suspense fallback={<Skeleton active paragraph={{ rows: 3 }} />}>
        <ImportHistoryTable items={items} onOpen={onOpen} />
      </Suspense>
    );
  }
  return (
    <div className="zx-cards" data-testid="import-history">
      {items.map((r) => (
        <button type="button" key={r.id} className="zx-history-row zx-plain-button" onClick={() => onOpen(r)}>
          <div className="zx-card-row">
            <span style={{ fontWeight: 600, wordBreak: 'break-all' }}>{r.fileName}</span>
            <ImportStatusTag r={r} />
          </div>
          <div className="zx-muted">
            <When at={r.createdAt} /> ·{' '}
            {r.dryRun ? t('registry.import.kind.dry') : t(`registry.import.kind.${r.mode}`)} ·{' '}
            {t('registry.import.countsLine', { rows: count(r.rows), errors: count(r.errorCount) })}
          </div>
        </button>
      ))}
    </div>
  );
}

/**
 * 导入: a township's own 台账 sheet in, checked first (预检, nothing written), then imported
 * all-or-nothing or valid households only. The job runs on the server; this page polls it and
 * draws the progress, then the counts, the problems (row as Excel numbers it, column, what to
 * do) and the error report to fix and upload again.
 */
export function ImportPage() {
  const t = useT();
  const isPhone = useIsPhone();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [mode, setMode] = useState<Mode>('all');
  const [currentId, setCurrentId] = useState<number | null>(null);
  const [uploadPct, setUploadPct] = useState<number | null>(null);
  const [postError, setPostError] = useState<string | null>(null);
  // The dry run made for the file now chosen, to offer (or hold back) the real import.
  const [checked, setChecked] = useState<{ file: File; id: number } | null>(null);
  const current = useImport(currentId);
  const finished = useImportFinished();
  const lastStatus = useRef<string | null>(null);
  const resultRef = useRef<HTMLDivElement>(null);

  const upload = useMutation({
    mutationFn: (opts: ImportOptions & { file: File }) => uploadImport(opts.file, opts, setUploadPct),
    meta: { inlineErrors: true },
  });

  const r = current.data;
  useEffect(() => {
    if (!r) return;
    if (lastStatus.current !== r.status && !isImportRunning(r)) finished(r);
    lastStatus.current = r.status;
  }, [r, finished]);

  const start = (dryRun: boolean) => {
    if (!file) return;
    setPostError(null);
    setUploadPct(0);
    lastStatus.current = null;
    upload.mutate(
      { file, dryRun, mode },
      {
        onSuccess: (res) => {
          setUploadPct(null);
          finished(res);
          lastStatus.current = res.status;
          setCurrentId(res.id);
          if (dryRun) setChecked({ file, id: res.id });
        },
        onError: (e) => {
          setUploadPct(null);
          // Server trouble is already in a notification; a refusal (too big, busy…) goes here.
          if (!isServerTrouble(e)) setPostError(isApiError(e) ? e.message : t('error.page.desc'));
        },
      },
    );
  };

  const choose = (f: File): boolean => {
    setFileError(null);
    setPostError(null);
    if (!/\.xlsx$/i.test(f.name)) setFileError(t('registry.import.notXlsx'));
    else if (f.size > IMPORT_LIMIT_MB * 1024 * 1024)
      setFileError(t('registry.import.tooLarge', { mb: IMPORT_LIMIT_MB }));
    else if (f.size === 0) setFileError(t('registry.import.emptyFile'));
    else {
      setFile(f);
      setCurrentId(null);
      setChecked(null);
    }
    // Never let antd upload by itself: the page sends the file when a button is pressed.
    return false;
  };

  const running = upload.isPending || isImportRunning(r);
  const help = (
    <Card size="small" title={t('registry.import.help.title')}>
      <Help />
    </Card>
  );
  const dryRunOfThisFile = checked && checked.file === file && r?.id === checked.id ? r : undefined;
  const cleanDryRun = dryRunOfThisFile?.status === 'dry_run' && dryRunOfThisFile.errorCount === 0;
  const blockedAll =
    dryRunOfThisFile?.status === 'dry_run' && dryRunOfThisFile.errorCount > 0 && mode === 'all';

  return (
    <div data-testid="import-page">
      <PageHeader title={t('registry.import.title')} sub={t('registry.import.intro')} />
      <div className="zx-two-cols">
        <Card size="small" title={t('registry.import.step1')}>
          <Upload.Dragger
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            multiple={false}
            showUploadList={false}
            beforeUpload={choose}
            disabled={running}
            data-testid="import-upload"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('registry.import.drag')}</p>
            <p className="ant-upload-hint">{t('registry.import.dragHint', { mb: IMPORT_LIMIT_MB })}</p>
          </Upload.Dragger>
          {fileError ? (
            <Alert
              type="error"
              showIcon
              title={fileError}
              style={{ marginTop: 12 }}
              data-testid="import-file-error"
            />
          ) : null}
          {file ? (
            <div
              className="zx-card-row zx-history-row"
              style={{ marginTop: 12, alignItems: 'center' }}
              data-testid="import-file"
            >
              <span style={{ wordBreak: 'break-all' }}>
                {t('registry.import.chosen', { name: file.name, size: sizeText(file.size) })}
              </span>
              <Button
                size="small"
                type="text"
                icon={<DeleteOutlined />}
                aria-label={t('registry.import.remove')}
                disabled={running}
                onClick={() => {
                  setFile(null);
                  setChecked(null);
                }}
              />
            </div>
          ) : null}
        </Card>
        {/* On a phone the rules come after the buttons, not between the file and them. */}
        {isPhone ? null : help}
      </div>

      <Card size="small" title={t('registry.import.step2')} style={{ marginTop: 16 }}>
        <div style={{ marginBottom: 12 }}>
          <div className="zx-muted" style={{ marginBottom: 6 }}>
            {t('registry.import.mode')}
          </div>
          <Radio.Group
            value={mode}
            onChange={(e) => setMode(e.target.value as Mode)}
            disabled={running}
            data-testid="import-mode"
            options={[
              { value: 'all', label: t('registry.import.modeAll') },
              { value: 'valid', label: t('registry.import.modeValid') },
            ]}
            style={{ display: 'flex', flexDirection: 'column', gap: 6 }}
          />
        </div>
        <div className="zx-actions">
          <Button
            type={cleanDryRun ? 'default' : 'primary'}
            disabled={!file || running}
            loading={upload.isPending && upload.variables?.dryRun === true}
            onClick={() => start(true)}
            data-testid="import-dryrun"
          >
            {t('registry.import.dryRun')}
          </Button>
          <Button
            type={cleanDryRun ? 'primary' : 'default'}
            icon={cleanDryRun ? <CheckCircleOutlined /> : undefined}
            disabled={!file || running || blockedAll}
            loading={upload.isPending && upload.variables?.dryRun === false}
            onClick={() => start(false)}
            data-testid="import-commit"
          >
            {cleanDryRun ? t('registry.import.commitClean') : t('registry.import.commit')}
          </Button>
        </div>
        <div className="zx-muted" style={{ marginTop: 8 }}>
          {blockedAll
            ? t('registry.import.blockedAll')
            : cleanDryRun
              ? t('registry.import.readyToCommit')
              : t('registry.import.dryRunFirst')}
        </div>
        {uploadPct !== null ? (
          <div data-testid="import-progress" style={{ marginTop: 12 }}>
            <div style={{ marginBottom: 4 }}>{t('registry.import.uploading', { pct: uploadPct })}</div>
            <Progress percent={uploadPct} status="active" />
          </div>
        ) : null}
        {postError ? (
          <Alert
            type="error"
            showIcon
            title={postError}
            style={{ marginTop: 12 }}
            data-testid="import-post-error"
          />
        ) : null}
      </Card>

      {currentId !== null ? (
        <Card size="small" title={t('registry.import.step3')} style={{ marginTop: 16 }} ref={resultRef}>
          {r ? (
            <ImportOutcome r={r} />
          ) : current.isError ? (
            <LoadError error={current.error} onRetry={() => current.refetch()} />
          ) : (
            <Skeleton active paragraph={{ rows: 3 }} />
          )}
        </Card>
      ) : null}

      {isPhone ? <div style={{ marginTop: 16 }}>{help}</div> : null}

      <Card
        size="small"
        title={t('registry.import.recent')}
        style={{ marginTop: 16 }}
        styles={{ body: { padding: 8 } }}
      >
        <Recent
          onOpen={(x) => {
            lastStatus.current = x.status;
            setCurrentId(x.id);
            // The result card is above the list: bring it into view once it is drawn.
            requestAnimationFrame(() =>
              resultRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' }),
            );
          }}
        />
      </Card>
    </div>
  );
}
