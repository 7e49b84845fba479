import { describe, expect, it } from 'vitest';
import { expiryText, formatRemaining } from './format-time';

describe('format-time', () => {
  it('shows the two largest units', () => {
    expect(formatRemaining(3_840_000)).toBe('1h 04m');
    expect(formatRemaining(249_000)).toBe('4m 09s');
    expect(formatRemaining(12_400)).toBe('12s');
    expect(formatRemaining(-5)).toBe('0s');
  });

  it('says expired once the deadline passed and nothing without one', () => {
    const now = Date.parse('2030-01-01T00:00:00Z');
    expect(expiryText('2030-01-01T00:10:00Z', now)).toBe('expires in 10m 00s');
    expect(expiryText('2029-12-31T23:59:59Z', now)).toBe('expired');
    expect(expiryText(undefined, now)).toBeUndefined();
  });
});
