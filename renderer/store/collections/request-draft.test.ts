import { describe, expect, it } from 'vitest';
import type { RequestFile } from '../../../shared/collection';
import { draftFromRequest, emptyRetryFields, patternFromText, patternToText, requestFromDraft, type RequestDraft } from './request-draft';

const base: RequestFile = { connection: 'tcp', kind: 'send', pattern: 'users.find', data: null, capture: [], assert: [] };

describe('request draft', () => {
  it('reads back the same value from the text of patterns text cannot confuse', () => {
    for (const pattern of ['users.find', { cmd: 'sum', v: 2 }, '42', '{not json', ' padded ', '"quoted"'] as const) {
      const text = patternToText(pattern);
      expect(patternFromText(text)).toEqual({ ok: true, value: pattern });
    }
    expect(patternToText('{not json')).toBe('"{not json"');
    // A number pattern has no text of its own: unchanged, it stays a number; retyped, it is a string.
    expect(patternFromText('42', 42)).toEqual({ ok: true, value: 42 });
    expect(patternFromText('42')).toEqual({ ok: true, value: '42' });
  });

  it('shows a saved retry policy without its defaults, and gives back the very same policy untouched', () => {
    const retry = { count: 2, backoffMs: 100, factor: 1, jitter: 0.15 };
    const draft = draftFromRequest({ ...base, retry });
    expect(draft.retry).toEqual({ count: '2', backoffMs: '100', factor: '', jitterPercent: '15', maxBackoffMs: '' });
    const check = requestFromDraft(draft, { ...base, retry });
    expect(check.ok && check.request.retry).toBe(retry);
  });

  it('reads edited retry fields into a policy with its defaults, none when they are empty, and says what to fix', () => {
    const edited = (retry: Partial<typeof emptyRetryFields>) => requestFromDraft({ ...draftFromRequest(base), retry: { ...emptyRetryFields, ...retry } }, base);
    expect(edited({ count: '3', factor: '2', jitterPercent: '20%', maxBackoffMs: '1000' })).toEqual({ ok: true, request: { ...base, retry: { count: 3, backoffMs: 0, factor: 2, jitter: 0.2, maxBackoffMs: 1000 } } });
    expect(edited({})).toEqual({ ok: true, request: base });
    expect(edited({ backoffMs: '100' })).toEqual({ ok: false, errors: { retry: 'Retries is a whole number from 0 to 100, such as 2; clear the retry fields to send once' }, message: 'Retries is a whole number from 0 to 100, such as 2; clear the retry fields to send once' });
    expect(edited({ count: '1', jitterPercent: '150' })).toMatchObject({ ok: false, errors: { retry: 'Jitter is a percent from 0 to 100, such as 20 for ±20 %' } });
  });

  it('keeps an empty headers map and an empty description as saved', () => {
    const saved: RequestFile = { ...base, headers: {}, description: '' };
    expect(requestFromDraft(draftFromRequest(saved), saved)).toEqual({ ok: true, request: saved });
    expect(requestFromDraft(draftFromRequest(saved))).toEqual({ ok: true, request: base });
  });

  it('leaves out blank rows and fills a capture\'s empty path with $', () => {
    const draft: RequestDraft = { ...draftFromRequest(base), headers: [{ name: '', value: '' }, { name: 'x-id', value: '{{id}}' }], captures: [{ variable: 'all', path: '' }, { variable: '', path: '' }] };
    expect(requestFromDraft(draft)).toEqual({ ok: true, request: { ...base, headers: { 'x-id': '{{id}}' }, capture: [{ variable: 'all', path: '$' }] } });
  });

  it('names every field that needs a fix, row by row', () => {
    const draft: RequestDraft = {
      ...draftFromRequest(base),
      connection: '',
      patternText: '{"cmd":',
      payloadText: '{"id": }',
      headers: [{ name: '', value: 'orphan' }],
      timeoutText: '1.5',
      captures: [{ variable: 'ok', path: 'id' }, { variable: '9lives', path: '' }],
      assertions: [
        { kind: 'equals', path: '', value: 'Ada' },
        { kind: 'matches', path: 'email', value: '(' },
        { kind: 'parts', path: '', value: 'two' },
        { kind: 'ok', path: '', value: 'true' },
      ],
    };
    expect(requestFromDraft(draft)).toEqual({
      ok: false,
      message: "Choose one of the collection's connections",
      errors: {
        connection: "Choose one of the collection's connections",
        pattern: 'Pattern is not a valid JSON object — fix the JSON, or drop the leading { for a string pattern',
        // The wording after "JSON" is the JavaScript engine's.
        payload: expect.stringMatching(/^Payload is not valid JSON \(.+\) — fix it$/),
        headers: 'Header 1 has a value but no name — name it, or remove the row',
        timeout: "Timeout is a whole number of milliseconds above 0, such as 5000; leave it empty for the connection's",
        captures: [undefined, 'A variable name starts with a letter or _ and holds letters, digits, _, . or -'],
        assertions: [
          'Give the path to check, such as name or items[0].id ($ for the whole reply)',
          'Not a valid regular expression: /(/: Unterminated group',
          'Parts is a whole number: how many values the reply streams, such as 1',
          undefined,
        ],
      },
    });
  });
});
