// An mfa-process command line split into argv without a shell: words, '…' and "…" quotes, \ escapes.

export type CommandLineParse = { ok: true; argv: string[] } | { ok: false; reason: string };

/**
 * POSIX-like word splitting and nothing more: no variables, globs, pipes or redirections, since
 * the command runs without a shell. Inside "…" a backslash escapes only " and \.
 */
export function parseCommandLine(line: string): CommandLineParse {
  const argv: string[] = [];
  // undefined between words; '' once a word has begun, even as an empty quoted one.
  let word: string | undefined;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word = `${word ?? ''}${c}`;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && (line[i + 1] === '"' || line[i + 1] === '\\'))
        word = `${word ?? ''}${line[++i]!}`;
      else word = `${word ?? ''}${c}`;
    } else if (c === "'" || c === '"') {
      quote = c;
      word ??= '';
    } else if (c === '\\') {
      if (i + 1 >= line.length) return { ok: false, reason: 'ends with a lone backslash' };
      word = (word ?? '') + line[++i];
    } else if (/\s/.test(c)) {
      if (word !== undefined) argv.push(word);
      word = undefined;
    } else {
      word = (word ?? '') + c;
    }
  }
  if (quote) return { ok: false, reason: `has an unclosed ${quote} quote` };
  if (word !== undefined) argv.push(word);
  if (argv.length === 0) return { ok: false, reason: 'names no command' };
  return { ok: true, argv };
}
