// What a `{{name}}` shows on hover, from the variables the engine resolved for one environment
// (`collection.variables`): "name = value · source". Secrets say only whether they are set.
import type { ResolvedVariable } from '../../shared/collection';
import type { VariableLookup } from './variable-highlight';

/** Values longer than this are cut in the hover card. */
export const HOVER_VALUE_MAX_CHARS = 200;

const RANDOM_INT = /^\$randomInt(?:\s+(-?\d+)\s+(-?\d+))?$/;

/** The dynamic values of shared/placeholders.ts, in words; `undefined` for an unknown one. */
export function describeDynamicValue(expression: string): string | undefined {
  if (expression === '$uuid') return 'a new UUID for each send';
  if (expression === '$now') return 'the time of the send, ISO 8601';
  if (expression === '$timestamp') return 'the time of the send, epoch ms';
  const random = RANDOM_INT.exec(expression);
  if (!random) return undefined;
  const [low, high] = random[1] === undefined ? [0, 1_000] : [Number(random[1]), Number(random[2])];
  return `a random whole number from ${Math.min(low, high)} to ${Math.max(low, high)}`;
}

export function shortJson(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  return text.length > HOVER_VALUE_MAX_CHARS ? `${text.slice(0, HOVER_VALUE_MAX_CHARS - 1)}…` : text;
}

export function createVariableLookup(values: Record<string, ResolvedVariable>, environment: string | undefined): VariableLookup {
  return (name) => {
    if (name.startsWith('$')) {
      const dynamic = describeDynamicValue(name);
      return dynamic
        ? { tone: 'dynamic', text: `${name} = ${dynamic} · dynamic` }
        : { tone: 'missing', text: `${name} · unknown dynamic value: use $uuid, $now, $timestamp, $randomInt or $randomInt MIN MAX` };
    }
    const found = Object.hasOwn(values, name) ? values[name] : undefined;
    if (!found) return { tone: 'missing', text: `${name} · ${environment ? `not defined in ${environment}` : 'not defined: choose an environment that defines it'}` };
    if (found.source === 'secret') return found.missing ? { tone: 'missing', text: `${name} · secret · missing` } : { tone: 'secret', text: `${name} · secret · set` };
    return { tone: 'resolved', text: `${name} = ${shortJson(found.value)} · ${found.source}` };
  };
}
