// The MFA flags every STS-calling command shares: --mfa-code, or --mfa-code-stdin kept out of ps.
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mfaOptionsFrom, readStdinLine } from './cli-context';
import { UsageError } from './usage-error';

describe('mfaOptionsFrom', () => {
  it('takes the code from the first line of stdin', () => {
    expect(mfaOptionsFrom({ mfaCodeStdin: true }, () => '123456\r')).toEqual({ mfaCode: '123456' });
  });

  it('refuses --mfa-code together with --mfa-code-stdin, before reading stdin', () => {
    let read = false;
    const both = () =>
      mfaOptionsFrom({ mfaCode: '123456', mfaCodeStdin: true }, () => {
        read = true;
        return '123456';
      });
    expect(both).toThrow(new UsageError('Give --mfa-code or --mfa-code-stdin, not both.'));
    expect(read).toBe(false);
  });

  it.each(['', '12345', '1234567', 'abcdef'])('refuses %j on stdin as a usage error', (line) => {
    expect(() => mfaOptionsFrom({ mfaCodeStdin: true }, () => line)).toThrow(UsageError);
  });

  it('keeps --mfa-code as it was', () => {
    expect(mfaOptionsFrom({ mfaCode: '654321' })).toEqual({ mfaCode: '654321' });
    expect(mfaOptionsFrom({})).toEqual({});
  });
});

describe('readStdinLine', () => {
  it('reads the first line only, leaving the rest for a command that inherits stdin', () => {
    const dir = mkdtempSync(join(tmpdir(), 'airlock-stdin-'));
    try {
      writeFileSync(join(dir, 'in'), '123456\nfor the child\n');
      const fd = openSync(join(dir, 'in'), 'r');
      try {
        expect(readStdinLine(fd)).toBe('123456');
        const rest = Buffer.alloc(64);
        expect(rest.subarray(0, readSync(fd, rest)).toString()).toBe('for the child\n');
      } finally {
        closeSync(fd);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
