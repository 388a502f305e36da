import { describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit.js';

/** A writer that records each batch it was given and finishes when told to. */
function recordingWriter(fail: (items: readonly number[]) => boolean = () => false) {
  const batches: { tenantId: string; items: number[] }[] = [];
  const writer = async (tenantId: string, items: readonly number[]) => {
    batches.push({ tenantId, items: [...items] });
    await new Promise((r) => setTimeout(r, 5));
    if (fail(items)) throw new Error(`batch ${items.join(',')} failed`);
    return items.map((n) => n * 10);
  };
  return { batches, writer };
}

describe('GroupCommit', () => {
  it('writes a lone item at once, and the items arriving meanwhile together in the next batch', async () => {
    const { batches, writer } = recordingWriter();
    const group = new GroupCommit(100, writer);
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => group.submit('a', n)));
    expect(results).toEqual([10, 20, 30, 40, 50]);
    expect(batches.map((b) => b.items)).toEqual([[1], [2, 3, 4, 5]]);
  });

  it('never puts more than the largest batch in one write', async () => {
    const { batches, writer } = recordingWriter();
    const group = new GroupCommit(2, writer);
    await Promise.all([1, 2, 3, 4, 5, 6].map((n) => group.submit('a', n)));
    expect(batches.map((b) => b.items)).toEqual([[1], [2, 3], [4, 5], [6]]);
  });

  it('keeps tenants apart: each tenant’s items go in batches of their own', async () => {
    const { batches, writer } = recordingWriter();
    const group = new GroupCommit(100, writer);
    await Promise.all([group.submit('a', 1), group.submit('b', 2), group.submit('a', 3), group.submit('b', 4)]);
    for (const b of batches) expect(b.items.every((n) => (b.tenantId === 'a' ? n % 2 === 1 : n % 2 === 0))).toBe(true);
    expect(batches.flatMap((b) => b.items).sort()).toEqual([1, 2, 3, 4]);
  });

  it('writes a failed batch again one item at a time, failing only the item that cannot be written', async () => {
    const { batches, writer } = recordingWriter((items) => items.includes(3));
    const group = new GroupCommit(100, writer);
    const settled = await Promise.allSettled([1, 2, 3, 4].map((n) => group.submit('a', n)));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : null))).toEqual([10, 20, null, 40]);
    expect(batches.map((b) => b.items)).toEqual([[1], [2, 3, 4], [2], [3], [4]]);
  });

  it('takes new items after a batch has finished (nothing is left waiting)', async () => {
    const { writer } = recordingWriter();
    const group = new GroupCommit(100, writer);
    await group.submit('a', 1);
    expect(await group.submit('a', 2)).toBe(20);
  });
});
