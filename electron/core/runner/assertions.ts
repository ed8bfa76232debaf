// Checks a request's outcome against the assertions of its file, and takes captures from it.
// Pure: the runner hands in what came back; every result carries a one-line label and, when it
// failed, what was expected and what came instead (values as JSON).
import type { Assertion, AssertionResult, Capture } from '../../../shared/collection';
import { jsonEquals, readJsonPath } from '../../../shared/json-path';
import type { Failure, Result } from '../../../shared/result';
import { fail, ok } from '../../../shared/result';

/** What a request came back with. A stream has several values; paths read the last. */
export type RequestOutcome = {
  values: unknown[];
  /** The remote error (an RpcException's payload), if the service answered with one. */
  error?: unknown;
  /** Why no answer came (timeout, connection lost), if so. */
  failure?: Failure;
  /** Time to the last reply part (or to the event written). */
  latencyMs: number;
};

const json = (value: unknown) => JSON.stringify(value) ?? 'undefined';

/** The error's message as text: a string error itself, an object's `message`, else its JSON. */
function errorText(outcome: RequestOutcome): string | undefined {
  if (outcome.failure) return outcome.failure.message;
  if (outcome.error === undefined) return undefined;
  if (typeof outcome.error === 'string') return outcome.error;
  const message = (outcome.error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : json(outcome.error);
}

/** What came instead of a value, in words: the error, the failure, or no value. */
function noValue(outcome: RequestOutcome): string {
  if (outcome.failure) return `a failure: ${outcome.failure.message}`;
  if (outcome.error !== undefined) return `the error ${json(outcome.error)}`;
  return 'no reply value';
}

/** `$` is the whole value; `$.name` and `$[0]` read like `name` and `[0]`. */
export function readOutcomePath(outcome: RequestOutcome, path: string): { found: true; value: unknown } | { found: false; why: string } {
  if (outcome.values.length === 0 || outcome.error !== undefined || outcome.failure) return { found: false, why: noValue(outcome) };
  const value = outcome.values[outcome.values.length - 1];
  const inner = path === '$' ? '' : path.replace(/^\$\.?/, '');
  if (inner === '') return { found: true, value };
  const found = readJsonPath(value, inner);
  return found.found ? found : { found: false, why: `nothing at "${path}" in ${json(value)}` };
}

function toRegExp(source: string): Result<RegExp> {
  try {
    return ok(new RegExp(source, 'u'));
  } catch (error) {
    return fail('invalid-regex', `"${source}" is not a regular expression: ${(error as Error).message}`);
  }
}

export function assertionLabel(assertion: Assertion): string {
  if (assertion.ok !== undefined) return assertion.ok ? 'ok' : 'not ok';
  if (assertion.error !== undefined) return `error matches /${assertion.error}/`;
  if (assertion.latencyBelowMs !== undefined) return `latency below ${assertion.latencyBelowMs} ms`;
  if (assertion.parts !== undefined) return `${assertion.parts} parts`;
  const path = `path ${assertion.path ?? '$'}`;
  if (assertion.equals !== undefined) return `${path} equals ${json(assertion.equals)}`;
  if (assertion.contains !== undefined) return `${path} contains ${json(assertion.contains)}`;
  if (assertion.matches !== undefined) return `${path} matches /${assertion.matches}/`;
  return assertion.exists === false ? `${path} does not exist` : `${path} exists`;
}

export function evaluateAssertions(assertions: Assertion[], outcome: RequestOutcome): AssertionResult[] {
  return assertions.map((assertion) => {
    const label = assertionLabel(assertion);
    const problem = failureOf(assertion, outcome);
    return problem === undefined ? { label, passed: true } : { label, passed: false, message: problem };
  });
}

/** Why the assertion does not hold, or undefined when it does. */
function failureOf(assertion: Assertion, outcome: RequestOutcome): string | undefined {
  const failed = outcome.error !== undefined || outcome.failure !== undefined;
  const reply = () => (outcome.values.length === 0 ? 'no reply value' : `the reply ${json(outcome.values[outcome.values.length - 1])}`);

  if (assertion.ok !== undefined) {
    if (assertion.ok && failed) return `expected a reply without error, got ${noValue(outcome)}`;
    if (!assertion.ok && !failed) return `expected an error, got ${reply()}`;
    return undefined;
  }
  if (assertion.error !== undefined) {
    const pattern = toRegExp(assertion.error);
    if (!pattern.ok) return pattern.error.message;
    const text = errorText(outcome);
    if (text === undefined) return `expected an error matching /${assertion.error}/, got ${reply()}`;
    return pattern.value.test(text) ? undefined : `expected an error matching /${assertion.error}/, got ${json(text)}`;
  }
  if (assertion.latencyBelowMs !== undefined) {
    const latencyMs = Math.round(outcome.latencyMs * 10) / 10;
    return outcome.latencyMs < assertion.latencyBelowMs ? undefined : `expected below ${assertion.latencyBelowMs} ms, got ${latencyMs} ms`;
  }
  if (assertion.parts !== undefined) {
    return outcome.values.length === assertion.parts ? undefined : `expected ${assertion.parts} parts, got ${outcome.values.length}`;
  }

  const path = assertion.path ?? '$';
  const found = readOutcomePath(outcome, path);
  if (assertion.exists !== undefined) {
    if (assertion.exists && !found.found) return `expected a value at "${path}", got ${found.why}`;
    if (!assertion.exists && found.found) return `expected nothing at "${path}", got ${json(found.value)}`;
    return undefined;
  }
  if (assertion.equals !== undefined) {
    if (!found.found) return `expected ${json(assertion.equals)}, got ${found.why}`;
    return jsonEquals(found.value, assertion.equals) ? undefined : `expected ${json(assertion.equals)}, got ${json(found.value)}`;
  }
  if (assertion.contains !== undefined) {
    const expected = `expected a string or array containing ${json(assertion.contains)}`;
    if (!found.found) return `${expected}, got ${found.why}`;
    const holds =
      typeof found.value === 'string'
        ? typeof assertion.contains === 'string' && found.value.includes(assertion.contains)
        : Array.isArray(found.value) && found.value.some((item) => jsonEquals(item, assertion.contains));
    return holds ? undefined : `${expected}, got ${json(found.value)}`;
  }
  if (assertion.matches !== undefined) {
    const pattern = toRegExp(assertion.matches);
    if (!pattern.ok) return pattern.error.message;
    if (!found.found) return `expected a value matching /${assertion.matches}/, got ${found.why}`;
    const text = typeof found.value === 'string' ? found.value : json(found.value);
    return pattern.value.test(text) ? undefined : `expected a value matching /${assertion.matches}/, got ${json(found.value)}`;
  }
  return undefined;
}

/** The captured variables, or why one could not be taken (the request then counts as errored). */
export function applyCaptures(captures: Capture[], outcome: RequestOutcome): Result<Record<string, unknown>> {
  const captured: Record<string, unknown> = {};
  for (const capture of captures) {
    const found = readOutcomePath(outcome, capture.path);
    if (!found.found) return fail('capture-missing', `Cannot capture "${capture.variable}" from "${capture.path}": got ${found.why}.`);
    captured[capture.variable] = found.value;
  }
  return ok(captured);
}
