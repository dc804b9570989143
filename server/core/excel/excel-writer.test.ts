import { describe, expect, it } from 'vitest';
import { attachmentHeader } from './excel-writer';

describe('attachmentHeader', () => {
  it('keeps the Chinese name for browsers and cannot be ended early by a quote in it', () => {
    const name = '马镇"台账\\.xlsx';
    const h = attachmentHeader(name);
    // One quoted value only: the quote and backslash in the name became _.
    expect(h).toBe(`attachment; filename="______.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`);
  });
});
