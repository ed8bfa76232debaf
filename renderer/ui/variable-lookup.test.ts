import { describe, expect, it } from 'vitest';
import { findVariables } from './variable-highlight';
import { createVariableLookup, describeDynamicValue } from './variable-lookup';

describe('findVariables', () => {
  it('finds every placeholder with its offsets, spaces inside the braces allowed', () => {
    expect(findVariables('{"id": "{{userId}}", "at": "{{ $now }}", "n": "{{$randomInt 1 9}}"}')).toEqual([
      { from: 8, to: 18, name: 'userId' },
      { from: 28, to: 38, name: '$now' },
      { from: 47, to: 65, name: '$randomInt 1 9' },
    ]);
  });

  it('finds none in text without a closed pair of braces', () => {
    expect(findVariables('{{open and {single} and {{}}')).toEqual([]);
  });
});

describe('variable lookup', () => {
  const lookup = createVariableLookup(
    {
      host: { source: 'environment', value: '127.0.0.1' },
      tcpPort: { source: 'environment', value: 3001 },
      userId: { source: 'captured', value: 42 },
      apiToken: { source: 'secret', missing: false },
      dbPassword: { source: 'secret', missing: true },
      big: { source: 'environment', value: 'x'.repeat(300) },
    },
    'local',
  );

  it('shows a value as JSON with where it comes from', () => {
    expect(lookup('host')).toEqual({ tone: 'resolved', text: 'host = "127.0.0.1" · environment' });
    expect(lookup('tcpPort')).toEqual({ tone: 'resolved', text: 'tcpPort = 3001 · environment' });
    expect(lookup('userId')).toEqual({ tone: 'resolved', text: 'userId = 42 · captured' });
  });

  it('cuts a long value to 200 characters', () => {
    const { text } = lookup('big');
    expect(text).toBe(`big = "${'x'.repeat(198)}… · environment`);
  });

  it('says only whether a secret is set, never its value', () => {
    expect(lookup('apiToken')).toEqual({ tone: 'secret', text: 'apiToken · secret · set' });
    expect(lookup('dbPassword')).toEqual({ tone: 'missing', text: 'dbPassword · secret · missing' });
  });

  it('names the environment a missing variable is not defined in', () => {
    expect(lookup('tenant')).toEqual({ tone: 'missing', text: 'tenant · not defined in local' });
    expect(createVariableLookup({}, undefined)('tenant')).toEqual({ tone: 'missing', text: 'tenant · not defined: choose an environment that defines it' });
  });

  it('describes dynamic values, and flags an unknown one', () => {
    expect(lookup('$uuid')).toEqual({ tone: 'dynamic', text: '$uuid = a new UUID for each send · dynamic' });
    expect(lookup('$randomInt 9 1')).toEqual({ tone: 'dynamic', text: '$randomInt 9 1 = a random whole number from 1 to 9 · dynamic' });
    expect(describeDynamicValue('$randomInt')).toBe('a random whole number from 0 to 1000');
    expect(describeDynamicValue('$timestamp')).toBe('the time of the send, epoch ms');
    expect(lookup('$guid')).toEqual({ tone: 'missing', text: '$guid · unknown dynamic value: use $uuid, $now, $timestamp, $randomInt or $randomInt MIN MAX' });
  });
});
