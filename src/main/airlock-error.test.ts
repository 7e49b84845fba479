import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { AirlockError, toErrorView } from './airlock-error';

describe('toErrorView', () => {
  it('maps an AirlockError to its code and message', () => {
    expect(toErrorView(new AirlockError('NOT_FOUND', 'No session named x.'))).toEqual({
      code: 'NOT_FOUND',
      message: 'No session named x.',
    });
  });

  it('maps a thrown ZodError and a safeParse ZodError to VALIDATION, field by field', () => {
    const schema = z.object({ profile: z.string().min(1, 'is required') });
    let thrown: unknown;
    try {
      schema.parse({ profile: '' });
    } catch (error) {
      thrown = error;
    }
    const parsed = schema.safeParse({ profile: '' });
    for (const error of [thrown, parsed.error]) {
      expect(toErrorView(error)).toEqual({ code: 'VALIDATION', message: 'profile: is required' });
    }
  });

  it('never passes on the text of anything else, even an Error that calls itself ZodError', () => {
    const impostor = Object.assign(new Error('secret AKIA…'), { name: 'ZodError' });
    for (const error of [new Error('secret AKIA…'), impostor, 'secret', undefined]) {
      expect(toErrorView(error)).toEqual({
        code: 'INTERNAL',
        message: 'Airlock hit an unexpected error; see the log for details.',
      });
    }
  });
});
