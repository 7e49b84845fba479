// exec's own options after NAME: peeled off before the `--`, never run as the command.
import { describe, expect, it } from 'vitest';
import { splitExecArgs } from './credentials';
import { UsageError } from '../usage-error';

describe('exec arguments', () => {
  it('takes --mfa-code given after NAME and before --, in both spellings', () => {
    expect(splitExecArgs(undefined, ['--mfa-code', '123456', '--', 'aws', '--version'])).toEqual({
      mfaCode: '123456',
      command: ['aws', '--version'],
    });
    expect(splitExecArgs(undefined, ['--mfa-code=123456', '--', 'aws'])).toEqual({
      mfaCode: '123456',
      command: ['aws'],
    });
  });

  it('leaves the command alone otherwise, with or without --', () => {
    expect(splitExecArgs('654321', ['--', 'node', '--mfa-code', '1'])).toEqual({
      mfaCode: '654321',
      command: ['node', '--mfa-code', '1'],
    });
    expect(splitExecArgs(undefined, ['node', '-e', 'x'])).toEqual({
      mfaCode: undefined,
      command: ['node', '-e', 'x'],
    });
  });

  it('refuses a code given twice or without its value', () => {
    expect(() => splitExecArgs('111111', ['--mfa-code', '222222', '--', 'x'])).toThrow(UsageError);
    expect(() => splitExecArgs(undefined, ['--mfa-code'])).toThrow(UsageError);
  });
});

describe('exec arguments with --mfa-code-stdin', () => {
  it('takes --mfa-code-stdin given after NAME and before --', () => {
    expect(splitExecArgs(undefined, ['--mfa-code-stdin', '--', 'aws'])).toEqual({
      mfaCode: undefined,
      mfaCodeStdin: true,
      command: ['aws'],
    });
  });

  it('keeps both flags, wherever they were given, so the conflict is refused later', () => {
    expect(splitExecArgs('123456', ['--mfa-code-stdin', '--', 'aws'])).toMatchObject({
      mfaCode: '123456',
      mfaCodeStdin: true,
    });
    expect(splitExecArgs(undefined, ['--mfa-code', '1', '--mfa-code-stdin', 'x'], false)).toEqual({
      mfaCode: '1',
      mfaCodeStdin: true,
      command: ['x'],
    });
  });

  it('leaves a --mfa-code-stdin after -- to the command', () => {
    expect(splitExecArgs(undefined, ['--', 'tool', '--mfa-code-stdin'], true)).toEqual({
      mfaCode: undefined,
      mfaCodeStdin: true,
      command: ['tool', '--mfa-code-stdin'],
    });
  });
});

describe('exec arguments with --server', () => {
  it('takes --server given after NAME and before --, and leaves one after -- to the command', () => {
    expect(splitExecArgs(undefined, ['--server', '--', 'aws'])).toEqual({
      mfaCode: undefined,
      server: true,
      command: ['aws'],
    });
    expect(splitExecArgs(undefined, ['--', 'tool', '--server'])).toEqual({
      mfaCode: undefined,
      command: ['tool', '--server'],
    });
  });
});
