// Session ids: never all digits (object key order), never one already taken.
import { describe, expect, it } from 'vitest';
import { newSessionId } from './session-id';

const candidates = (...ids: string[]) => {
  const queue = [...ids];
  return () => `${queue.shift()!}-0000-4000-8000-000000000000`;
};

describe('newSessionId', () => {
  it('is 8 hex digits', () => {
    expect(newSessionId({})).toMatch(/^[0-9a-f]{8}$/);
  });

  it('skips an all-digit candidate: such a key would be listed before every other session', () => {
    expect(newSessionId({}, candidates('12345678', '1234567a'))).toBe('1234567a');
    // What the skip prevents: an integer-like key jumps ahead of those added before it.
    const sessions: Record<string, number> = { ab12cd34: 1 };
    sessions['12345678'] = 2;
    expect(Object.keys(sessions)).toEqual(['12345678', 'ab12cd34']);
  });

  it('skips an id the store holds already, so no session is overwritten', () => {
    expect(newSessionId({ ab12cd34: {} }, candidates('ab12cd34', 'ef56ab78'))).toBe('ef56ab78');
  });
});
