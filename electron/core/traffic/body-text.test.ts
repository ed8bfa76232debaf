import { describe, expect, it } from 'vitest';
import { bodyText } from './body-text';

describe('body text', () => {
  it('writes values as JSON and nothing as empty', () => {
    expect(bodyText({ id: 1, tags: ['a'] })).toBe('{"id":1,"tags":["a"]}');
    expect(bodyText('hello')).toBe('"hello"');
    expect(bodyText(undefined)).toBe('');
  });

  it('keeps raw text and hex as they are', () => {
    expect(bodyText('plain words', 'text')).toBe('plain words');
    expect(bodyText('cafe01', 'hex')).toBe('cafe01');
  });
});
