import { describe, expect, it } from 'vitest';
import { bodyEncoding, bodyForDetail, detailRows } from './message-text';

describe('message text', () => {
  it('shows JSON pretty, and raw text and hex as they came', () => {
    expect(bodyForDetail({ bodyPreview: '{"a":1}', bodyTruncated: false })).toBe('{\n  "a": 1\n}');
    expect(bodyForDetail({ bodyPreview: '{"a":', bodyTruncated: true })).toBe('{"a":');
    expect(bodyForDetail({ bodyPreview: '{"a":1}', bodyTruncated: false, encoding: 'text' })).toBe('{"a":1}');
    expect(bodyForDetail({ bodyPreview: 'ff0041', bodyTruncated: false, encoding: 'hex' })).toBe('ff 00 41');
    expect([bodyEncoding({}), bodyEncoding({ encoding: 'text' }), bodyEncoding({ encoding: 'hex' })]).toEqual(['JSON', 'text', 'hex']);
  });

  it('lists details as name and value', () => {
    expect(detailRows({ topic: 'sum', partition: 0, key: null, properties: { replyTo: 'amq.rabbitmq.reply-to' } })).toEqual([
      ['topic', 'sum'],
      ['partition', '0'],
      ['key', 'null'],
      ['properties', '{"replyTo":"amq.rabbitmq.reply-to"}'],
    ]);
    expect(detailRows(undefined)).toEqual([]);
  });
});
