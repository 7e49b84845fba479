// A section's keys and values read off its classified lines, as botocore reads them, and the lines it owns.
import {
  isWhitespace,
  sectionLines,
  type IniDocument,
  type IniLine,
  type IniSection,
} from './ini-document';

/** The key of a key line, lower-cased as configparser's optionxform does. */
export function lineKey(doc: IniDocument, line: IniLine): string {
  let keyEnd = line.delimiter;
  while (keyEnd > line.contentStart && isWhitespace(doc.text.charCodeAt(keyEnd - 1))) keyEnd--;
  return doc.text.slice(line.contentStart, keyEnd).toLowerCase();
}

/** The value of a key line without its continuation lines, stripped as configparser strips it. */
export function lineValue(doc: IniDocument, line: IniLine): string {
  let valueStart = line.delimiter + 1;
  while (valueStart < line.contentEnd && isWhitespace(doc.text.charCodeAt(valueStart))) {
    valueStart++;
  }
  return doc.text.slice(valueStart, line.contentEnd);
}

export function lineContent(doc: IniDocument, line: IniLine): string {
  return doc.text.slice(line.contentStart, line.contentEnd);
}

/** One key of a section with the lines its value spans. */
export interface SectionEntry {
  key: string;
  /** The key line. */
  first: IniLine;
  /** The last continuation line, or the key line. */
  last: IniLine;
  /** The lines from `first` to `last`, comments and blank lines in between included. */
  lines: IniLine[];
  /** The value as botocore returns it: continuation lines joined with `\n`. */
  value: string;
}

export function sectionEntries(doc: IniDocument, section: IniSection): SectionEntry[] {
  const lines = sectionLines(doc, section);
  const entries: SectionEntry[] = [];
  let current:
    { index: number; lastIndex: number; parts: string[]; pendingBlanks: number } | undefined;
  const finish = (): void => {
    if (current === undefined) return;
    const first = lines[current.index]!;
    entries.push({
      key: lineKey(doc, first),
      first,
      last: lines[current.lastIndex]!,
      lines: lines.slice(current.index, current.lastIndex + 1),
      value: current.parts.join('\n'),
    });
    current = undefined;
  };
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.kind === 'key') {
      finish();
      current = { index: i, lastIndex: i, parts: [lineValue(doc, line)], pendingBlanks: 0 };
    } else if (line.kind === 'continuation' && current !== undefined) {
      // configparser keeps blank lines inside a multi-line value, and drops trailing ones.
      for (; current.pendingBlanks > 0; current.pendingBlanks--) current.parts.push('');
      current.parts.push(lineContent(doc, line));
      current.lastIndex = i;
    } else if (line.kind === 'blank' && current !== undefined) {
      current.pendingBlanks++;
    }
  }
  finish();
  return entries;
}

/** A profile's values being read, flattened; `nested` names the keys that came from nested blocks. */
export interface FlatValues {
  values: Map<string, string>;
  nested: Set<string>;
}

/**
 * Flattens an entry into string values. A value that starts with a line break is a nested block
 * (`s3 =` followed by indented `key = value` lines); botocore reads it as a dict, and we flatten it
 * to `s3.key` the way the JS SDK's parser does. Lines of a nested block without `=` are skipped.
 * A later entry with the same key replaces the earlier value whole, nested or not, as in botocore;
 * a key written with a dot (`s3.x = 1`) is a key of its own to botocore, and stays.
 */
export function entryValues(entry: SectionEntry, into: FlatValues): void {
  const { values, nested } = into;
  values.delete(entry.key);
  const nestedPrefix = `${entry.key}.`;
  for (const key of nested) {
    if (!key.startsWith(nestedPrefix)) continue;
    values.delete(key);
    nested.delete(key);
  }
  if (!entry.value.startsWith('\n')) {
    values.set(entry.key, entry.value);
    nested.delete(entry.key);
    return;
  }
  for (const raw of entry.value.split('\n')) {
    const line = raw.trim();
    const equals = line.indexOf('=');
    if (line === '' || equals === -1) continue;
    const key = `${nestedPrefix}${line.slice(0, equals).trim()}`;
    values.set(key, line.slice(equals + 1).trim());
    nested.add(key);
  }
}

/**
 * Offset just after the last line a section owns: its keys, the comments right after them, then
 * blank lines. A comment block that follows a blank line belongs to the next section.
 */
export function sectionRegionEnd(doc: IniDocument, section: IniSection): number {
  const lines = sectionLines(doc, section);
  let lastContent = 0;
  for (let i = lines.length - 1; i > 0; i--) {
    const kind = lines[i]!.kind;
    if (kind !== 'blank' && kind !== 'comment') {
      lastContent = i;
      break;
    }
  }
  let end = lastContent + 1;
  while (end < lines.length && lines[end]!.kind === 'comment') end++;
  while (end < lines.length && lines[end]!.kind === 'blank') end++;
  return end < lines.length ? lines[end]!.start : section.end;
}
