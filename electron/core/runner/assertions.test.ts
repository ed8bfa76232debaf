import { describe, expect, it } from 'vitest';
import type { Assertion } from '../../../shared/collection';
import type { RequestOutcome } from './assertions';
import { applyCaptures, evaluateAssertions } from './assertions';

const reply = (...values: unknown[]): RequestOutcome => ({ values, latencyMs: 12.34 });
const remoteError: RequestOutcome = { values: [], error: { status: 404, message: 'User 9 not found' }, latencyMs: 3 };
const timeout: RequestOutcome = { values: [], failure: { code: 'timeout', message: 'Timed out after 300 ms' }, latencyMs: 300 };

const check = (assertion: Assertion, outcome: RequestOutcome) => evaluateAssertions([assertion], outcome)[0];

describe('evaluateAssertions', () => {
  it('ok: true holds for a reply and fails on an error or a failure', () => {
    expect(check({ ok: true }, reply(6))).toEqual({ label: 'ok', passed: true });
    expect(check({ ok: true }, remoteError)).toEqual({ label: 'ok', passed: false, message: 'expected a reply without error, got the error {"status":404,"message":"User 9 not found"}' });
    expect(check({ ok: true }, timeout)).toEqual({ label: 'ok', passed: false, message: 'expected a reply without error, got a failure: Timed out after 300 ms' });
  });

  it('ok: false holds for an error and fails on a reply', () => {
    expect(check({ ok: false }, remoteError)).toEqual({ label: 'not ok', passed: true });
    expect(check({ ok: false }, reply(6))).toEqual({ label: 'not ok', passed: false, message: 'expected an error, got the reply 6' });
  });

  it('error matches the error message', () => {
    expect(check({ error: 'not found$' }, remoteError)).toEqual({ label: 'error matches /not found$/', passed: true });
    expect(check({ error: 'bad thing' }, { values: [], error: 'bad thing', latencyMs: 1 })).toEqual({ label: 'error matches /bad thing/', passed: true });
    expect(check({ error: 'forbidden' }, remoteError)).toEqual({ label: 'error matches /forbidden/', passed: false, message: 'expected an error matching /forbidden/, got "User 9 not found"' });
    expect(check({ error: 'x' }, reply({ id: 1 }))).toEqual({ label: 'error matches /x/', passed: false, message: 'expected an error matching /x/, got the reply {"id":1}' });
    expect(check({ error: '(' }, remoteError)).toEqual({ label: 'error matches /(/', passed: false, message: '"(" is not a regular expression: Invalid regular expression: /(/u: Unterminated group' });
  });

  it('path equals compares JSON, $ being the whole (last) value', () => {
    expect(check({ path: '$', equals: 3 }, reply(1, 2, 3))).toEqual({ label: 'path $ equals 3', passed: true });
    expect(check({ path: 'user', equals: { b: 2, a: 1 } }, reply({ user: { a: 1, b: 2 } }))).toEqual({ label: 'path user equals {"b":2,"a":1}', passed: true });
    expect(check({ path: '$', equals: 7 }, reply(6))).toEqual({ label: 'path $ equals 7', passed: false, message: 'expected 7, got 6' });
    expect(check({ path: 'name', equals: 'Ada' }, reply({ id: 1 }))).toEqual({ label: 'path name equals "Ada"', passed: false, message: 'expected "Ada", got nothing at "name" in {"id":1}' });
    expect(check({ path: 'id', equals: 1 }, remoteError)).toEqual({ label: 'path id equals 1', passed: false, message: 'expected 1, got the error {"status":404,"message":"User 9 not found"}' });
    expect(check({ path: '$.items[1]', equals: 'b' }, reply({ items: ['a', 'b'] }))).toEqual({ label: 'path $.items[1] equals "b"', passed: true });
  });

  it('path contains a substring or an equal array item', () => {
    expect(check({ path: 'name', contains: 'da' }, reply({ name: 'Ada' }))).toEqual({ label: 'path name contains "da"', passed: true });
    expect(check({ path: 'tags', contains: { id: 2 } }, reply({ tags: [{ id: 1 }, { id: 2 }] }))).toEqual({ label: 'path tags contains {"id":2}', passed: true });
    expect(check({ path: 'tags', contains: 3 }, reply({ tags: [1, 2] }))).toEqual({ label: 'path tags contains 3', passed: false, message: 'expected a string or array containing 3, got [1,2]' });
    expect(check({ path: 'name', contains: 'Bo' }, reply({ name: 'Ada' }))).toEqual({ label: 'path name contains "Bo"', passed: false, message: 'expected a string or array containing "Bo", got "Ada"' });
  });

  it('path matches a regex against the value as text', () => {
    expect(check({ path: 'email', matches: '^ada@' }, reply({ email: 'ada@example.com' }))).toEqual({ label: 'path email matches /^ada@/', passed: true });
    expect(check({ path: 'id', matches: '^\\d+$' }, reply({ id: 42 }))).toEqual({ label: 'path id matches /^\\d+$/', passed: true });
    expect(check({ path: 'email', matches: '^bob' }, reply({ email: 'ada@example.com' }))).toEqual({ label: 'path email matches /^bob/', passed: false, message: 'expected a value matching /^bob/, got "ada@example.com"' });
  });

  it('path exists, or does not', () => {
    expect(check({ path: 'id', exists: true }, reply({ id: null }))).toEqual({ label: 'path id exists', passed: true });
    expect(check({ path: 'id', exists: true }, reply({}))).toEqual({ label: 'path id exists', passed: false, message: 'expected a value at "id", got nothing at "id" in {}' });
    expect(check({ path: 'deletedAt', exists: false }, reply({}))).toEqual({ label: 'path deletedAt does not exist', passed: true });
    expect(check({ path: 'id', exists: false }, reply({ id: 1 }))).toEqual({ label: 'path id does not exist', passed: false, message: 'expected nothing at "id", got 1' });
  });

  it('latencyBelowMs compares the time to the last part', () => {
    expect(check({ latencyBelowMs: 20 }, reply(1))).toEqual({ label: 'latency below 20 ms', passed: true });
    expect(check({ latencyBelowMs: 10 }, reply(1))).toEqual({ label: 'latency below 10 ms', passed: false, message: 'expected below 10 ms, got 12.3 ms' });
  });

  it('parts counts the reply values', () => {
    expect(check({ parts: 3 }, reply(1, 2, 3))).toEqual({ label: '3 parts', passed: true });
    expect(check({ parts: 3 }, reply(1))).toEqual({ label: '3 parts', passed: false, message: 'expected 3 parts, got 1' });
  });
});

describe('applyCaptures', () => {
  it('takes paths of the last value into variables', () => {
    expect(applyCaptures([{ variable: 'total', path: '$' }, { variable: 'firstId', path: 'items[0].id' }], reply({ items: [{ id: 'a' }] }))).toEqual({
      ok: true,
      value: { total: { items: [{ id: 'a' }] }, firstId: 'a' },
    });
  });

  it('fails naming the variable and the missing path', () => {
    expect(applyCaptures([{ variable: 'userId', path: 'id' }], reply(6))).toEqual({
      ok: false,
      error: { code: 'capture-missing', message: 'Cannot capture "userId" from "id": got nothing at "id" in 6.' },
    });
    expect(applyCaptures([{ variable: 'userId', path: 'id' }], remoteError)).toEqual({
      ok: false,
      error: { code: 'capture-missing', message: 'Cannot capture "userId" from "id": got the error {"status":404,"message":"User 9 not found"}.' },
    });
  });
});
