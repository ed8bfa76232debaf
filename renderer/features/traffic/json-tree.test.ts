import { describe, expect, it } from 'vitest';
import { readJsonPath } from '../../../shared/json-path';
import { copyableValue, flattenJsonTree, formatJsonPath, initiallyExpanded, pathsToReveal, previewValue } from './json-tree';

const body = { data: { items: [{ id: 7, sku: 'A-1' }, { id: 8, sku: 'B-2' }], total: 2 }, 'x.trace': 'abc' };

describe('JSON tree', () => {
  it('lists the root and its opened containers, each row with a path that reads back the value', () => {
    const rows = flattenJsonTree(body, new Set(['', 'data', 'data.items', 'data.items[0]']));
    expect(rows.map((row) => [row.path, row.label, row.depth])).toEqual([
      ['', undefined, 0],
      ['data', 'data', 1],
      ['data.items', 'items', 2],
      ['data.items[0]', '[0]', 3],
      ['data.items[0].id', 'id', 4],
      ['data.items[0].sku', 'sku', 4],
      ['data.items[1]', '[1]', 3],
      ['data.total', 'total', 2],
      ['["x.trace"]', 'x.trace', 1],
    ]);
    expect(readJsonPath(body, 'data.items[0].id')).toEqual({ found: true, value: 7 });
    expect(rows.find((row) => row.path === 'data.items[1]')).toMatchObject({ expandable: true, expanded: false });
  });

  it('opens the root and its containers at first', () => {
    expect([...initiallyExpanded(body)]).toEqual(['', 'data']);
    expect([...initiallyExpanded(42)]).toEqual(['']);
  });

  it('finds keys and scalar values case-insensitively and opens the way to them', () => {
    expect([...pathsToReveal(body, 'b-2')].sort()).toEqual(['', 'data', 'data.items', 'data.items[1]']);
    const rows = flattenJsonTree(body, pathsToReveal(body, 'b-2'), 'b-2');
    expect(rows.filter((row) => row.matched).map((row) => row.path)).toEqual(['data.items[1].sku']);
    expect(flattenJsonTree(body, new Set(['']), 'TRACE').filter((row) => row.matched).map((row) => row.path)).toEqual(['["x.trace"]']);
    expect([...pathsToReveal(body, '  ')]).toEqual([]);
  });

  it('spells paths the way mock rules and assertions read them', () => {
    expect(formatJsonPath(['data', 'items', 0, 'id'])).toBe('data.items[0].id');
    expect(formatJsonPath([2, 'x-tenant'])).toBe('[2].x-tenant');
    expect(formatJsonPath([])).toBe('');
  });

  it('previews containers by size and copies strings bare, the rest as JSON', () => {
    expect([previewValue([1]), previewValue([]), previewValue({ a: 1, b: 2 }), previewValue({}), previewValue('hi'), previewValue(null)]).toEqual(['[ 1 item ]', '[]', '{ 2 keys }', '{}', '"hi"', 'null']);
    expect(copyableValue('A-1')).toBe('A-1');
    expect(copyableValue({ id: 7 })).toBe('{\n  "id": 7\n}');
  });
});
