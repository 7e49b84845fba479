// zod-jitless.ts sets zod's global config without importing zod: prove zod's own config() sees it.
import { describe, expect, it } from 'vitest';
import './zod-jitless';

describe('zod-jitless', () => {
  it('turns on jitless in the zod that the lazily loaded chunks import afterwards', async () => {
    const { config } = await import('zod/v4/core');
    expect(config().jitless).toBe(true);
    const { z } = await import('zod');
    expect(z.object({ a: z.string() }).safeParse({ a: 'x' }).success).toBe(true);
  });
});
