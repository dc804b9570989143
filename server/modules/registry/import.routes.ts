import fs from 'node:fs';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ImportQuery, ImportResult } from '../../../common/registry/schemas';
import { AppError } from '../../core/errors';
import { attachmentHeader, XLSX_TYPE } from '../../core/excel/excel-writer';
import { requireActor, setNoStore } from '../../core/http/context';
import { getImport, importFile, listImports, saveUpload, startImport } from './import.service';
import { assertRegistry } from './registry.policy';

const Id = z.object({ id: z.coerce.number().int().positive() });
const tags = ['registry'];

export async function importRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/registry/imports',
    {
      schema: {
        tags,
        summary:
          '导入户籍台账 Excel（multipart 字段 file）。dryRun=true 只预检；mode=all 全部或不导入，mode=valid 只导入没有问题的户；async=true 立即返回，之后查询进度',
        querystring: ImportQuery,
        consumes: ['multipart/form-data'],
        response: { 200: ImportResult, 202: ImportResult },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      assertRegistry(actor, 'registry.import');
      if (!req.isMultipart()) throw new AppError('IMPORT_FILE_REQUIRED');
      const part = await req.file();
      if (part?.fieldname !== 'file') throw new AppError('IMPORT_FILE_REQUIRED');
      const saved = await saveUpload(app.deps.config, part.file);
      const opts = { dryRun: req.query.dryRun === 'true', mode: req.query.mode, town: undefined };
      let job: Awaited<ReturnType<typeof startImport>>;
      try {
        job = await startImport(
          app.deps,
          actor,
          { file: saved.file, sha256: saved.sha256, fileName: part.filename || 'upload.xlsx' },
          opts,
        );
      } catch (e) {
        fs.rmSync(saved.file, { force: true });
        throw e;
      }
      setNoStore(reply);
      if (req.query.async === 'true') {
        job.done.catch((err) => req.log.error({ err }, 'import failed'));
        return reply.code(202).send(await getImport(app.deps, actor, job.id));
      }
      return reply.code(200).send(await job.done);
    },
  );

  r.get(
    '/api/v1/registry/imports',
    {
      schema: {
        tags,
        summary: '最近的导入记录',
        response: { 200: z.object({ items: z.array(ImportResult) }) },
      },
    },
    async (req) => ({ items: await listImports(app.deps, requireActor(req)) }),
  );

  r.get(
    '/api/v1/registry/imports/:id',
    { schema: { tags, summary: '一次导入的状态、进度与结果', params: Id, response: { 200: ImportResult } } },
    async (req, reply) => {
      setNoStore(reply);
      return getImport(app.deps, requireActor(req), req.params.id);
    },
  );

  r.get(
    '/api/v1/registry/imports/:id/report.xlsx',
    {
      schema: {
        tags,
        summary: '错误报告：原表每一行加“错误说明”列，出错单元格标红，改好后可直接重新导入',
        params: Id,
      },
    },
    async (req, reply) =>
      sendImportFile(reply, await importFile(app.deps, requireActor(req), req.params.id, 'report')),
  );

  r.get(
    '/api/v1/registry/imports/:id/file',
    { schema: { tags, summary: '导入时上传的原始文件（下载记入审计；保存 90 天）', params: Id } },
    async (req, reply) =>
      sendImportFile(reply, await importFile(app.deps, requireActor(req), req.params.id, 'file')),
  );
}

function sendImportFile(reply: FastifyReply, f: { path: string; name: string }) {
  setNoStore(reply);
  reply.header('content-type', XLSX_TYPE).header('content-disposition', attachmentHeader(f.name));
  return reply.send(fs.createReadStream(f.path));
}
