import { describe, expect, it } from 'vitest';
import { errnoCode } from './errno';

describe('errnoCode', () => {
  it('reads the code of a Node system error', async () => {
    const { readFile } = await import('node:fs/promises');
    const error = await readFile('/nonexistent/airlock-errno').catch((e: unknown) => e);
    expect(errnoCode(error)).toBe('ENOENT');
  });

  it('is undefined for values without a string code', () => {
    for (const value of [undefined, null, 'ENOENT', new Error('x'), { code: 2 }]) {
      expect(errnoCode(value)).toBeUndefined();
    }
  });
});
