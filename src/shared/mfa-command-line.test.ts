// The mfa-process tokenizer: what a user types becomes the argv that runs, with no shell in between.
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from './mfa-command-line';

const argv = (line: string) => {
  const parsed = parseCommandLine(line);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.argv;
};

describe('mfa-process command line', () => {
  it('splits words on any run of whitespace', () => {
    expect(argv('  ykman oath   accounts code\t--single  aws ')).toEqual([
      'ykman',
      'oath',
      'accounts',
      'code',
      '--single',
      'aws',
    ]);
  });

  it('keeps quoted spaces, joins adjacent quoted parts, and keeps an empty quoted word', () => {
    expect(argv(`ykman oath accounts code --single 'AWS: my user'`)).toEqual([
      'ykman',
      'oath',
      'accounts',
      'code',
      '--single',
      'AWS: my user',
    ]);
    expect(argv(`op item get "AWS prod" --otp`)).toEqual([
      'op',
      'item',
      'get',
      'AWS prod',
      '--otp',
    ]);
    expect(argv(`a"b c"'d'e`)).toEqual(['ab cde']);
    expect(argv(`cmd '' ""`)).toEqual(['cmd', '', '']);
  });

  it('takes backslash escapes outside single quotes only', () => {
    expect(argv(String.raw`a\ b "c\"d" 'e\f' "g\h"`)).toEqual([
      'a b',
      'c"d',
      String.raw`e\f`,
      String.raw`g\h`,
    ]);
  });

  it('leaves shell syntax as plain words: no variables, pipes or redirections', () => {
    expect(argv('echo $HOME | tee >out; rm -rf ~')).toEqual([
      'echo',
      '$HOME',
      '|',
      'tee',
      '>out;',
      'rm',
      '-rf',
      '~',
    ]);
  });

  it('refuses an unclosed quote, a trailing backslash and an empty line', () => {
    expect(parseCommandLine(`ykman 'oath`)).toEqual({
      ok: false,
      reason: "has an unclosed ' quote",
    });
    expect(parseCommandLine(`ykman "oath`)).toEqual({
      ok: false,
      reason: 'has an unclosed " quote',
    });
    expect(parseCommandLine('ykman \\')).toEqual({
      ok: false,
      reason: 'ends with a lone backslash',
    });
    expect(parseCommandLine('   ')).toEqual({ ok: false, reason: 'names no command' });
  });
});
