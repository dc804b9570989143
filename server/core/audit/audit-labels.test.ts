import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../../../web/app/i18n/en';
import { zhCN } from '../../../web/app/i18n/zh-CN';

const ROOT = path.resolve(__dirname, '../../..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(p));
    else if (p.endsWith('.ts') && !p.endsWith('.test.ts') && !p.endsWith('.testkit.ts')) out.push(p);
  }
  return out;
}

/**
 * Every entity and action the server writes to the audit trail, as literals in the calls of
 * `recordAudit(…)`; actions built from a value (`stock:${kind}`) are listed with their values.
 */
function auditedKinds(): { entities: Set<string>; actions: Set<string> } {
  const entities = new Set<string>();
  const actions = new Set<string>([
    ...['purchase', 'donation', 'loss', 'stocktake'].map((k) => `stock:${k}`),
    ...['birth', 'move_in', 'move_out', 'death', 'change_head', 'split', 'merge'].map((k) => `event:${k}`),
    'subsidy', // fund income: action is the kind
    'donation',
  ]);
  for (const file of sources(path.join(ROOT, 'server'))) {
    const text = fs.readFileSync(file, 'utf8');
    for (let at = text.indexOf('recordAudit('); at >= 0; at = text.indexOf('recordAudit(', at + 1)) {
      const call = text.slice(at, at + 900);
      const entity = /entity: '([^']+)'/.exec(call);
      const action = /action: '([^']+)'/.exec(call);
      if (entity) entities.add(entity[1]);
      if (action) actions.add(action[1]);
    }
  }
  return { entities, actions };
}

describe('the audit trail speaks the reader’s language', () => {
  const { entities, actions } = auditedKinds();

  it('finds what the server audits', () => {
    // A sanity check of the scan itself: kinds from several modules.
    for (const e of ['user', 'resident', 'redemption', 'fund-movement', 'pledge'])
      expect(entities).toContain(e);
    for (const a of ['login', 'redeem', 'approve1', 'sign']) expect(actions).toContain(a);
  });

  it.each([
    ['zh-CN', zhCN as Record<string, string>],
    ['en', en as Record<string, string>],
  ])('every audited entity and action has a label in %s', (_locale, messages) => {
    const missing = [
      ...[...entities].filter((e) => !messages[`audit.entity.${e}`]).map((e) => `audit.entity.${e}`),
      ...[...actions].filter((a) => !messages[`audit.action.${a}`]).map((a) => `audit.action.${a}`),
    ];
    expect(missing).toEqual([]);
  });
});
