import { describe, expect, it } from 'vitest';
import { jsonEquals, parseJsonPath, readJsonPath } from './json-path';

describe('parseJsonPath', () => {
  it('splits keys and indexes', () => {
    expect(parseJsonPath('data.items[0].sku')).toEqual({ ok: true, value: ['data', 'items', 0, 'sku'] });
    expect(parseJsonPath('headers.x-tenant')).toEqual({ ok: true, value: ['headers', 'x-tenant'] });
    expect(parseJsonPath('[2][10]')).toEqual({ ok: true, value: [2, 10] });
    expect(parseJsonPath('data')).toEqual({ ok: true, value: ['data'] });
  });

  it('says where a path is malformed', () => {
    expect(parseJsonPath('')).toEqual({ ok: false, error: { code: 'invalid-path', message: 'Invalid path "" at character 1: the path is empty. Write it like data.items[0].id' } });
    expect(parseJsonPath('data..id')).toEqual({
      ok: false,
      error: { code: 'invalid-path', message: 'Invalid path "data..id" at character 5: a dot must sit between two keys. Write it like data.items[0].id' },
    });
    expect(parseJsonPath('data.items[x]')).toEqual({
      ok: false,
      error: { code: 'invalid-path', message: 'Invalid path "data.items[x]" at character 11: an index is a whole number in brackets, like [0]. Write it like data.items[0].id' },
    });
    expect(parseJsonPath('items[0]id').ok).toBe(false);
    expect(parseJsonPath('.data').ok).toBe(false);
    expect(parseJsonPath('data.').ok).toBe(false);
    expect(parseJsonPath('data]').ok).toBe(false);
  });
});

describe('readJsonPath', () => {
  const root = { data: { user: { id: 7, tags: ['a', 'b'] }, items: [{ sku: 'A1' }], nothing: null, flag: false }, headers: { 'x-tenant': 'acme' } };

  it('reads nested keys and array items', () => {
    expect(readJsonPath(root, 'data.user.id')).toEqual({ found: true, value: 7 });
    expect(readJsonPath(root, 'data.user.tags[1]')).toEqual({ found: true, value: 'b' });
    expect(readJsonPath(root, 'data.items[0].sku')).toEqual({ found: true, value: 'A1' });
    expect(readJsonPath(root, 'headers.x-tenant')).toEqual({ found: true, value: 'acme' });
    expect(readJsonPath(root, 'data.user')).toEqual({ found: true, value: { id: 7, tags: ['a', 'b'] } });
    expect(readJsonPath([1, [2, 3]], '[1][0]')).toEqual({ found: true, value: 2 });
  });

  it('finds null and false values', () => {
    expect(readJsonPath(root, 'data.nothing')).toEqual({ found: true, value: null });
    expect(readJsonPath(root, 'data.flag')).toEqual({ found: true, value: false });
  });

  it('reports missing steps as not found', () => {
    expect(readJsonPath(root, 'data.user.name')).toEqual({ found: false });
    expect(readJsonPath(root, 'data.user.tags[2]')).toEqual({ found: false });
    expect(readJsonPath(root, 'data.user.id.x')).toEqual({ found: false });
    expect(readJsonPath(root, 'data.user[0]')).toEqual({ found: false });
    expect(readJsonPath(root, 'data.items.sku')).toEqual({ found: false });
    expect(readJsonPath(root, 'data.nothing.x')).toEqual({ found: false });
    expect(readJsonPath(root, 'data..x')).toEqual({ found: false });
    expect(readJsonPath({}, 'toString')).toEqual({ found: false });
  });

  it('takes parsed segments too', () => {
    expect(readJsonPath(root, ['data', 'items', 0, 'sku'])).toEqual({ found: true, value: 'A1' });
  });
});

describe('jsonEquals', () => {
  it('compares JSON values whatever the key order', () => {
    expect(jsonEquals({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(jsonEquals(1, '1')).toBe(false);
    expect(jsonEquals([1, 2], [2, 1])).toBe(false);
    expect(jsonEquals({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(jsonEquals([], {})).toBe(false);
    expect(jsonEquals(null, {})).toBe(false);
    expect(jsonEquals(null, null)).toBe(true);
  });
});
