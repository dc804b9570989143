import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/harness';

interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: object }> }>;
}

describe('the sanitation API in the OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp('sqlite');
  });
  afterAll(() => t.dispose());

  it('describes what every JSON route answers (the .xlsx downloads are files)', async () => {
    const res = await t.app.inject('/api/v1/openapi.json');
    expect(res.statusCode).toBe(200);
    const paths = res.json().paths as Record<string, Record<string, Operation>>;
    const routes = Object.entries(paths)
      .filter(([path]) => path.startsWith('/api/v1/sanitation/') && !path.endsWith('.xlsx'))
      .flatMap(([path, ops]) =>
        Object.entries(ops).map(([method, op]) => ({ route: `${method} ${path}`, op })),
      );
    expect(routes.length).toBeGreaterThanOrEqual(25);
    const undescribed = routes
      .filter(({ op }) => {
        const ok = op.responses?.['200'] ?? op.responses?.['201'];
        return !ok?.content?.['application/json']?.schema;
      })
      .map(({ route }) => route);
    expect(undescribed).toEqual([]);
  });
});
