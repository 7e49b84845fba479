// The mfa-process runner with real child processes: no shell, one code from stdout, 30 s bound, errors name the command.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeFromOutput, runMfaProcess } from './mfa-process-runner';

const dir = mkdtempSync(join(tmpdir(), 'airlock-mfa-process-'));
const node = JSON.stringify(process.execPath);
function script(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, body);
  return `${node} ${JSON.stringify(path)}`;
}

describe('code from output', () => {
  it('takes the one 6-digit number of the first non-empty line', () => {
    expect(codeFromOutput('123456\n')).toBe('123456');
    expect(codeFromOutput('\n  AWS:me  654321 \r\n')).toBe('654321');
  });

  it('refuses no code, two codes, or a longer number', () => {
    expect(codeFromOutput('')).toBeUndefined();
    expect(codeFromOutput('12345\n')).toBeUndefined();
    expect(codeFromOutput('123456 654321\n')).toBeUndefined();
    expect(codeFromOutput('1234567\n')).toBeUndefined();
  });
});

describe('mfa-process runner', () => {
  it('runs the command with its arguments and no shell', async () => {
    const echo = script('echo-arg.cjs', 'process.stdout.write(process.argv[2] + "\\n");');
    expect(await runMfaProcess(`${echo} 246810`, 'dev')).toBe('246810');
    // A shell would expand $HOME and run the second command; here they are the argument.
    const shelly = script(
      'argv.cjs',
      'process.stdout.write(process.argv.slice(2).length === 3 ? "135790" : "no");',
    );
    expect(await runMfaProcess(`${shelly} '$HOME' ';' 'echo 111111'`, 'dev')).toBe('135790');
  });

  it('says which session and command failed, and never repeats the output', async () => {
    const bad = script('bad.cjs', 'process.stdout.write("987654 987655"); ');
    const error = await runMfaProcess(bad, 'dev').catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'MFA_REQUIRED',
      message: expect.stringContaining('session dev'),
    });
    expect((error as Error).message).toContain('bad.cjs');
    expect((error as Error).message).toContain('did not print one 6-digit code');
    expect((error as Error).message).not.toContain('987654');

    const exit3 = script('exit3.cjs', 'process.stdout.write("123456"); process.exit(3);');
    await expect(runMfaProcess(exit3, 'dev')).rejects.toThrow(/exited with code 3/);
    await expect(runMfaProcess('/no/such/ykman oath', 'dev')).rejects.toThrow(
      /could not be run \(ENOENT\)/,
    );
    await expect(runMfaProcess(`ykman 'oath`, 'dev')).rejects.toThrow(/unclosed ' quote/);
  });

  it('kills a command that prints nothing in time', async () => {
    const hang = script('hang.cjs', 'setTimeout(() => process.stdout.write("123456"), 10_000);');
    const started = Date.now();
    await expect(runMfaProcess(hang, 'dev', 300)).rejects.toThrow(/printed no code within 0.3 s/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
