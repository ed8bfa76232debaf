import { describe, expect, it } from 'vitest';
import { diffJson, formatPath, JSON_DIFF_LIMIT } from './json-diff';

describe('diffJson', () => {
  it('finds equal values equal, whatever the key order', () => {
    expect(diffJson({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toEqual({ equal: true, differences: [] });
    expect(diffJson(null, null)).toEqual({ equal: true, differences: [] });
    expect(diffJson('text', 'text')).toEqual({ equal: true, differences: [] });
  });

  it('reports a changed scalar at its path in nested objects', () => {
    expect(diffJson({ data: { total: 40, currency: 'EUR' } }, { data: { total: 45, currency: 'EUR' } })).toEqual({
      equal: false,
      differences: [{ path: 'data.total', kind: 'changed', recorded: 40, actual: 45 }],
    });
  });

  it('reports keys only the actual value has as added, and keys it lost as removed', () => {
    expect(diffJson({ id: 1, old: 'x' }, { id: 1, fresh: true })).toEqual({
      equal: false,
      differences: [
        { path: 'old', kind: 'removed', recorded: 'x' },
        { path: 'fresh', kind: 'added', actual: true },
      ],
    });
  });

  it('compares arrays index by index, with extra and missing items as added and removed', () => {
    expect(diffJson([1, 2, 3], [1, 5])).toEqual({
      equal: false,
      differences: [
        { path: '[1]', kind: 'changed', recorded: 2, actual: 5 },
        { path: '[2]', kind: 'removed', recorded: 3 },
      ],
    });
    expect(diffJson({ items: [{ sku: 'a' }] }, { items: [{ sku: 'b' }, { sku: 'c' }] })).toEqual({
      equal: false,
      differences: [
        { path: 'items[0].sku', kind: 'changed', recorded: 'a', actual: 'b' },
        { path: 'items[1]', kind: 'added', actual: { sku: 'c' } },
      ],
    });
  });

  it('reports a type change once, at its path, not for everything below it', () => {
    expect(diffJson({ total: '40' }, { total: 40 })).toEqual({ equal: false, differences: [{ path: 'total', kind: 'changed', recorded: '40', actual: 40 }] });
    expect(diffJson({ items: { a: 1 } }, { items: [1] })).toEqual({ equal: false, differences: [{ path: 'items', kind: 'changed', recorded: { a: 1 }, actual: [1] }] });
    expect(diffJson({ user: null }, { user: { id: 1 } })).toEqual({ equal: false, differences: [{ path: 'user', kind: 'changed', recorded: null, actual: { id: 1 } }] });
    expect(diffJson([1], { 0: 1 })).toEqual({ equal: false, differences: [{ path: '', kind: 'changed', recorded: [1], actual: { 0: 1 } }] });
  });

  it('reports a changed root value at the empty path', () => {
    expect(diffJson(40, 45)).toEqual({ equal: false, differences: [{ path: '', kind: 'changed', recorded: 40, actual: 45 }] });
  });

  it('ignores a key at any depth, with everything under it', () => {
    const recorded = { id: 'a1', order: { id: 'o1', meta: { at: 1 } }, items: [{ id: 'i1', qty: 1 }] };
    const actual = { id: 'b2', order: { id: 'o2', meta: { at: 2, extra: true } }, items: [{ id: 'i2', qty: 2 }] };
    expect(diffJson(recorded, actual, { ignore: ['id', 'meta'] })).toEqual({ equal: false, differences: [{ path: 'items[0].qty', kind: 'changed', recorded: 1, actual: 2 }] });
  });

  it('ignores a dotted path wherever it sits, and only that path', () => {
    const recorded = { data: { createdAt: 1, total: 3 }, createdAt: 5 };
    const actual = { data: { createdAt: 2, total: 3 }, createdAt: 6 };
    expect(diffJson(recorded, actual, { ignore: ['data.createdAt'] })).toEqual({ equal: false, differences: [{ path: 'createdAt', kind: 'changed', recorded: 5, actual: 6 }] });
    expect(diffJson([recorded], [actual], { ignore: ['data.createdAt', 'createdAt'] })).toEqual({ equal: true, differences: [] });
  });

  it('ignores added and removed keys on an ignored path, and wildcards match any key or index', () => {
    expect(diffJson({ a: 1 }, { a: 1, traceId: 'x' }, { ignore: ['traceId'] })).toEqual({ equal: true, differences: [] });
    expect(diffJson({ a: 1, traceId: 'x' }, { a: 1 }, { ignore: ['traceId'] })).toEqual({ equal: true, differences: [] });
    const recorded = { items: [{ at: 1, sku: 'a' }, { at: 2, sku: 'b' }], at: 0 };
    const actual = { items: [{ at: 3, sku: 'a' }, { at: 4, sku: 'c' }], at: 9 };
    expect(diffJson(recorded, actual, { ignore: ['items[*].at'] })).toEqual({
      equal: false,
      differences: [
        { path: 'items[1].sku', kind: 'changed', recorded: 'b', actual: 'c' },
        { path: 'at', kind: 'changed', recorded: 0, actual: 9 },
      ],
    });
    expect(diffJson({ a: { x: 1 }, b: { x: 2 } }, { a: { x: 3 }, b: { x: 4 } }, { ignore: ['*.x'] })).toEqual({ equal: true, differences: [] });
    expect(diffJson({ items: [1, 2] }, { items: [1, 3] }, { ignore: ['items[1]'] })).toEqual({ equal: true, differences: [] });
  });

  it('skips blank ignore entries instead of ignoring everything', () => {
    expect(diffJson({ a: 1 }, { a: 2 }, { ignore: ['', '  '] })).toEqual({ equal: false, differences: [{ path: 'a', kind: 'changed', recorded: 1, actual: 2 }] });
  });

  it('lists at most the limit and counts the rest as omitted', () => {
    const recorded = Array.from({ length: JSON_DIFF_LIMIT + 5 }, (_, index) => index);
    const actual = recorded.map((value) => value + 1);
    const diff = diffJson(recorded, actual);
    expect(diff.equal).toBe(false);
    expect(diff.differences).toHaveLength(JSON_DIFF_LIMIT);
    expect(diff.differences[0]).toEqual({ path: '[0]', kind: 'changed', recorded: 0, actual: 1 });
    expect(diff.omitted).toBe(5);
    expect(diffJson([1, 2, 3], [4, 5, 6], { limit: 1 })).toEqual({ equal: false, differences: [{ path: '[0]', kind: 'changed', recorded: 1, actual: 4 }], omitted: 2 });
  });
});

describe('formatPath', () => {
  it('writes keys with dots and indexes in brackets, quoting keys the path syntax cannot hold', () => {
    expect(formatPath([])).toBe('');
    expect(formatPath(['data', 'items', 0, 'sku'])).toBe('data.items[0].sku');
    expect(formatPath([0, 'id'])).toBe('[0].id');
    expect(formatPath(['a.b', ''])).toBe('["a.b"][""]');
  });
});
