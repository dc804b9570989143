// Seeds a points DB into a folder for profiling (not committed).
import path from 'node:path';
import { systemClock } from '../server/core/clock';
import { createDb } from '../server/core/db/database';
import { migrateToLatest } from '../server/core/db/migrate';
import { ensureAccounts, postBatch } from '../server/core/ledger/ledger';
import { seedDemo } from '../server/demo/seed';
import '../server/modules/points/index';
const dir = process.argv[2];
const db = createDb(`sqlite:${path.join(dir, 'zx.db')}`);
await migrateToLatest(db);
await seedDemo({ db, clock: systemClock, password: 'Bench-pass-2026' });
const households = (await db.q.selectFrom('households').select(['id', 'org_code', 'number']).execute()).map((h) => ({ id: Number(h.id), org: h.org_code, number: h.number }));
const shop = await db.q.selectFrom('shops').select('id').executeTakeFirstOrThrow();
await db.q.insertInto('shop_items').values({ shop_id: shop.id, name: 'x', unit: '个', category: 'b', price_points: 1, photo_file_id: null, stock: 50_000_000, status: 'active', created_at: '' }).execute();
await db.transaction(async (tx) => {
  const accs = await ensureAccounts(tx, [{ book: 'points' as const, code: 'issuing:610881111', kind: 'issuing', orgCode: '610881111', name: 'pool', noNegative: false }, ...households.map((h) => ({ book: 'points' as const, code: `household:${h.id}`, kind: 'household', orgCode: h.org, ownerId: h.id, name: h.number, noNegative: true }))], systemClock);
  const pool = accs.get('issuing:610881111')!.id;
  await postBatch(tx, households.map((h) => ({ book: 'points' as const, key: `g-${h.id}`, kind: 'award', orgCode: h.org, entries: [{ accountId: pool, amount: -10_000_000 }, { accountId: accs.get(`household:${h.id}`)!.id, amount: 10_000_000 }], effectiveDate: '2026-11-01', createdBy: 'b' })), systemClock);
});
await db.close();
