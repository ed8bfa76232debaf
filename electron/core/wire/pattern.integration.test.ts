// Differential test: Patchbay's normalization against the real `transformPatternToRoute` of
// each installed Nest major (nest-wire §1), on random patterns.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizePattern } from '../../../shared/pattern-route';

const nestUtils = (major: number) => join(process.cwd(), `fixtures/nest/v${major}/node_modules/@nestjs/microservices/utils/transform-pattern.utils.js`);

async function nestTransform(major: number): Promise<(pattern: unknown) => unknown> {
  // Nest's modules expect the reflect-metadata polyfill to be loaded first, as an app does.
  createRequire(import.meta.url)(join(process.cwd(), `fixtures/nest/v${major}/node_modules/reflect-metadata/Reflect.js`));
  // 10 and 11 are CommonJS, 12 is ESM-only.
  const module = major === 12 ? await import(pathToFileURL(nestUtils(major)).href) : createRequire(import.meta.url)(nestUtils(major));
  return module.transformPatternToRoute;
}

const key = fc.string({ unit: 'binary', maxLength: 6 });
const leaf = fc.oneof(fc.string({ unit: 'binary', maxLength: 8 }), fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null));
const pattern = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(key, tie('node'), { maxKeys: 6 })),
})).node;
const objectPattern = fc.dictionary(key, pattern, { maxKeys: 8 });

describe('pattern normalization matches Nest', () => {
  it('is identical to Nest 12 on random nested patterns, escaping and limits included', async () => {
    const transform = await nestTransform(12);
    fc.assert(fc.property(objectPattern, (value) => {
        expect(normalizePattern(value)).toBe(String(transform(value)));
      }), { numRuns: 500 });
  });

  it.each([10, 11])('is identical to Nest %i where that major does not escape (no quotes or backslashes)', async (major) => {
    const transform = await nestTransform(major);
    const plain = (value: unknown) => !/["\\]/.test(JSON.stringify(value));
    const shallow = fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean()), { maxKeys: 8 });
    fc.assert(fc.property(shallow.filter(plain), (value) => {
        expect(normalizePattern(value)).toBe(String(transform(value)));
      }), { numRuns: 300 });
  });
});
