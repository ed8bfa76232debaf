import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizePattern } from './pattern-route';

describe('normalizePattern', () => {
  it.each([
    ['users.create', 'users.create'],
    [42, '42'],
    [{ cmd: 'get_user' }, '{"cmd":"get_user"}'],
    [{ b: 1, a: 'x' }, '{"a":"x","b":1}'],
    [{ cmd: 'x', nested: { z: 1, y: 'q' } }, '{"cmd":"x","nested":{"y":"q","z":1}}'],
    [{ a: [1, 2] }, '{"a":{"0":1,"1":2}}'],
    [{ t: true, f: false, n: null }, '{"f":false,"n":null,"t":true}'],
  ])('renders %j as %s (nest-wire §1)', (pattern, route) => {
    expect(normalizePattern(pattern)).toBe(route);
  });

  it('sorts keys with localeCompare, not code-unit order', () => {
    const pattern = { b: 1, B: 1, a: 1, A: 1, _x: 1, '1': 1, ä: 1, z: 1 };
    expect(normalizePattern(pattern)).toBe('{"_x":1,"1":1,"a":1,"A":1,"ä":1,"b":1,"B":1,"z":1}');
  });

  it('escapes quotes and backslashes as Nest 11.1.15+ does', () => {
    expect(normalizePattern({ 'k"': 'a\\b' })).toBe('{"k\\"":"a\\\\b"}');
  });

  it('applies the depth and key-count limits', () => {
    expect(normalizePattern({ a: { b: { c: { d: { e: { f: { g: 1 } } } } } } })).toBe('{"a":{"b":{"c":{"d":{"e":{"f":[MAX_DEPTH_REACHED]}}}}}}');
    const many = Object.fromEntries(Array.from({ length: 21 }, (_, index) => [`k${index}`, index]));
    expect(normalizePattern(many)).toBe('[TOO_MANY_KEYS]');
  });

  it('keeps the given order of keys that collate as equal, as Nest\'s stable sort does', () => {
    // localeCompare ignores control characters, so "\u0000" and "\u0001" compare equal.
    expect(normalizePattern({ '\u0001': 0, '\u0000': false })).toBe('{"\u0001":0,"\u0000":false}');
    expect(normalizePattern({ '\u0000': false, '\u0001': 0 })).toBe('{"\u0000":false,"\u0001":0}');
  });

  it('gives the same route whatever the key order, for keys that collate apart', () => {
    const collateApart = (keys: string[]) => keys.every((a, i) => keys.every((b, j) => i === j || a.localeCompare(b) !== 0));
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: 'binary' }), fc.oneof(fc.string(), fc.integer(), fc.boolean()), { maxKeys: 12 }).filter((record) => collateApart(Object.keys(record))), fc.nat(), (record, seed) => {
        const keys = Object.keys(record);
        const shuffled = keys.map((key, index) => ({ key, rank: (index * 7919 + seed) % (keys.length + 13) })).sort((x, y) => x.rank - y.rank);
        const reordered = Object.fromEntries(shuffled.map(({ key }) => [key, record[key]]));
        expect(normalizePattern(reordered)).toBe(normalizePattern(record));
      }),
      { numRuns: 300 },
    );
  });
});
