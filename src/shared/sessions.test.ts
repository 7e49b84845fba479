// The shared session schemas' own rules, where they are not the SDK's or AWS's.
import { describe, expect, it } from 'vitest';
import { absolutePathSchema } from './sessions';

describe('absolutePathSchema', () => {
  it.each(['/var/run/token', 'C:\\tokens\\ci.jwt', 'c:/tokens/ci.jwt', '\\\\server\\share\\t'])(
    'accepts the absolute path %s',
    (path) => {
      expect(absolutePathSchema.safeParse(path).success).toBe(true);
    },
  );

  it.each(['token', './token', '../token', '~/token', 'C:token', ''])(
    'refuses %j, which the app and the CLI would resolve against different folders',
    (path) => {
      expect(absolutePathSchema.safeParse(path).success).toBe(false);
    },
  );
});
