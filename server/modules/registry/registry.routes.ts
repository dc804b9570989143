import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  cursorPage,
  HouseholdCreate,
  HouseholdDetail,
  HouseholdEventInput,
  HouseholdListQuery,
  HouseholdPatch,
  HouseholdSummary,
  RelocationInput,
  ResidentDetail,
  ResidentListQuery,
  ResidentPatch,
  ResidentSummary,
  RevealBody,
  RevealResponse,
  TagEnd,
  TagInput,
  TagStats,
  TrainingInput,
} from '../../../common/registry/schemas';
import { attachmentHeader, XLSX_TYPE } from '../../core/excel/excel-writer';
import { requireActor, setNoStore } from '../../core/http/context';
import { exportResidents } from './export.service';
import {
  createHousehold,
  getHousehold,
  listHouseholds,
  recordEvent,
  revealHousehold,
  setRelocation,
  updateHousehold,
} from './household.service';
import {
  addTag,
  addTraining,
  endTag,
  getResident,
  listResidents,
  revealResident,
  tagStats,
  updateResident,
} from './resident.service';

const Id = z.object({ id: z.coerce.number().int().positive() });
const tags = ['registry'];

export async function registryRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const deps = () => app.deps;

  r.get(
    '/api/v1/registry/households',
    {
      schema: {
        tags,
        summary: '户列表（按村、组、状态、搬迁、姓名/拼音首字母/证件尾号筛选；游标分页）',
        querystring: HouseholdListQuery,
        response: { 200: cursorPage(HouseholdSummary) },
      },
    },
    async (req) => listHouseholds(deps(), requireActor(req), req.query),
  );
  r.post(
    '/api/v1/registry/households',
    {
      schema: { tags, summary: '立户（含户主）', body: HouseholdCreate, response: { 201: HouseholdDetail } },
    },
    async (req, reply) => reply.code(201).send(await createHousehold(deps(), requireActor(req), req.body)),
  );
  r.get(
    '/api/v1/registry/households/:id',
    {
      schema: { tags, summary: '户详情：成员、时间线、搬迁', params: Id, response: { 200: HouseholdDetail } },
    },
    async (req) => getHousehold(deps(), requireActor(req), req.params.id),
  );
  r.patch(
    '/api/v1/registry/households/:id',
    {
      schema: {
        tags,
        summary: '修改户的住址、类型或所属组',
        params: Id,
        body: HouseholdPatch,
        response: { 200: HouseholdDetail },
      },
    },
    async (req) => updateHousehold(deps(), requireActor(req), req.params.id, req.body),
  );
  r.post(
    '/api/v1/registry/households/:id/events',
    {
      schema: {
        tags,
        summary: '户的变动：出生、迁入、迁出、死亡、变更户主、分户、并户（与当前状态同一事务）',
        params: Id,
        body: HouseholdEventInput,
        response: { 201: HouseholdDetail },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await recordEvent(deps(), requireActor(req), req.params.id, req.body)),
  );
  r.put(
    '/api/v1/registry/households/:id/relocation',
    {
      schema: {
        tags,
        summary: '易地扶贫搬迁（计划、搬迁中、已完成）',
        params: Id,
        body: RelocationInput,
        response: { 200: HouseholdDetail },
      },
    },
    async (req) => setRelocation(deps(), requireActor(req), req.params.id, req.body),
  );
  r.post(
    '/api/v1/registry/households/:id/reveal',
    {
      schema: {
        tags,
        summary: '查看完整住址（需权限与原因，记入审计）',
        params: Id,
        body: RevealBody,
        response: { 200: RevealResponse },
      },
    },
    async (req, reply) => {
      setNoStore(reply);
      return revealHousehold(deps(), requireActor(req), req.params.id, req.body.reason);
    },
  );

  r.get(
    '/api/v1/registry/residents',
    {
      schema: {
        tags,
        summary: '人员列表（村、组、标签、年龄、就业、搬迁、姓名/拼音首字母/身份证或电话尾号；游标分页）',
        querystring: ResidentListQuery,
        response: { 200: cursorPage(ResidentSummary) },
      },
    },
    async (req) => listResidents(deps(), requireActor(req), req.query),
  );
  r.get(
    '/api/v1/registry/residents/:id',
    {
      schema: {
        tags,
        summary: '人员详情（证件号、电话已脱敏）',
        params: Id,
        response: { 200: ResidentDetail },
      },
    },
    async (req) => getResident(deps(), requireActor(req), req.params.id),
  );
  r.patch(
    '/api/v1/registry/residents/:id',
    {
      schema: {
        tags,
        summary: '修改人员信息（身份证号不可改）',
        params: Id,
        body: ResidentPatch,
        response: { 200: ResidentDetail },
      },
    },
    async (req) => updateResident(deps(), requireActor(req), req.params.id, req.body),
  );
  r.post(
    '/api/v1/registry/residents/:id/tags',
    {
      schema: {
        tags,
        summary: '新增标签（低保、特困、残疾等，带起始日期）',
        params: Id,
        body: TagInput,
        response: { 201: ResidentDetail },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await addTag(deps(), requireActor(req), req.params.id, req.body)),
  );
  r.post(
    '/api/v1/registry/residents/:id/tags/:tagId/end',
    {
      schema: {
        tags,
        summary: '结束标签',
        params: z.object({
          id: z.coerce.number().int().positive(),
          tagId: z.coerce.number().int().positive(),
        }),
        body: TagEnd,
        response: { 200: ResidentDetail },
      },
    },
    async (req) => endTag(deps(), requireActor(req), req.params.id, req.params.tagId, req.body.endDate),
  );
  r.post(
    '/api/v1/registry/residents/:id/trainings',
    {
      schema: {
        tags,
        summary: '登记培训与证书（职业农民）',
        params: Id,
        body: TrainingInput,
        response: { 201: ResidentDetail },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await addTraining(deps(), requireActor(req), req.params.id, req.body)),
  );
  r.post(
    '/api/v1/registry/residents/:id/reveal',
    {
      schema: {
        tags,
        summary: '查看完整身份证号与电话（需权限与原因，记入审计）',
        params: Id,
        body: RevealBody,
        response: { 200: RevealResponse },
      },
    },
    async (req, reply) => {
      setNoStore(reply);
      return revealResident(deps(), requireActor(req), req.params.id, req.body.reason);
    },
  );
  r.get(
    '/api/v1/registry/stats/tags',
    {
      schema: {
        tags,
        summary: '各村按标签统计的人数、户数与人口',
        querystring: z.object({
          village: z
            .string()
            .regex(/^\d{12}$/)
            .optional(),
        }),
        response: { 200: TagStats },
      },
    },
    async (req) => tagStats(deps(), requireActor(req), req.query.village),
  );

  r.get(
    '/api/v1/registry/export.xlsx',
    {
      schema: {
        tags,
        summary: '按当前筛选导出户籍人口台账（Excel；无查看权限时证件号等已脱敏）',
        querystring: ResidentListQuery,
      },
    },
    async (req, reply) => {
      const { stream, fileName } = await exportResidents(deps(), requireActor(req), req.query);
      setNoStore(reply);
      reply.header('content-type', XLSX_TYPE).header('content-disposition', attachmentHeader(fileName));
      return reply.send(stream);
    },
  );
}
