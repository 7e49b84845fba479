// Lossless line model of an AWS shared credentials/config file, classified the way botocore's configparser reads it.

/** How botocore's `RawConfigParser` (strict, no inline comments, `=` and `:` delimiters) sees one line. */
export type LineKind =
  | 'blank'
  | 'comment'
  | 'header'
  | 'key'
  /** An indented line that extends the previous key's value (nested `s3 =` blocks use these). */
  | 'continuation'
  /** A line no reader can place: no delimiter, an empty key, or content before the first header. */
  | 'invalid';

export interface IniLine {
  /** Offset of the line's first character in the document text. */
  start: number;
  /** Offset where the line ending (`\n` or `\r\n`) starts, or the text's end. */
  end: number;
  /** Offset of the next line's first character. */
  next: number;
  kind: LineKind;
  /** Offset of the first non-blank character (equals `end` for blank lines). */
  contentStart: number;
  /** Offset just after the last non-blank character. */
  contentEnd: number;
  /** For key lines: offset of the `=` or `:` delimiter. */
  delimiter: number;
}

export interface IniSection {
  /** The text between `[` and the last `]`, as configparser takes it (case and spacing kept). */
  name: string;
  /** Index of the header line in `IniDocument.lines`. */
  headerLine: number;
  /** Index after the section's last line (the next header, or the line count). */
  endLine: number;
}

export interface IniDocument {
  text: string;
  /** True when the text starts with U+FEFF; the parser skips it and every write keeps it. */
  bom: boolean;
  /** The line ending new lines get: the file's first line ending, `\n` for files without one. */
  eol: '\n' | '\r\n';
  lines: IniLine[];
  sections: IniSection[];
}

const SPACE = 32;
const TAB = 9;
const CR = 13;

function isWhitespace(code: number): boolean {
  // Python's str.strip() and JS trim() both drop these; the rarer Unicode spaces go through \s.
  if (code === SPACE || (code >= TAB && code <= CR)) return true;
  return code > 127 && /\s/.test(String.fromCharCode(code));
}

/** Parses without changing a byte: every line keeps its offsets into `text`. Never throws. */
export function parseIniDocument(text: string): IniDocument {
  const bom = text.charCodeAt(0) === 0xfeff;
  const firstLf = text.indexOf('\n');
  const eol = firstLf > 0 && text.charCodeAt(firstLf - 1) === CR ? '\r\n' : '\n';
  const lines: IniLine[] = [];
  const sections: IniSection[] = [];
  const length = text.length;

  // configparser state: an indented line continues the current key only when indented deeper.
  let inSection = false;
  let hasKey = false;
  let indentLevel = 0;
  let pos = bom ? 1 : 0;

  while (pos < length) {
    const lf = text.indexOf('\n', pos);
    const lineEnd = lf === -1 ? length : lf;
    const next = lf === -1 ? length : lf + 1;
    const end =
      lf !== -1 && lineEnd > pos && text.charCodeAt(lineEnd - 1) === CR ? lineEnd - 1 : lineEnd;

    let contentStart = pos;
    while (contentStart < end && isWhitespace(text.charCodeAt(contentStart))) contentStart++;
    let contentEnd = end;
    while (contentEnd > contentStart && isWhitespace(text.charCodeAt(contentEnd - 1))) contentEnd--;

    let kind: LineKind;
    let delimiter = -1;
    const first = text.charCodeAt(contentStart);
    if (contentStart === contentEnd) {
      kind = 'blank';
    } else if (first === 0x23 /* # */ || first === 0x3b /* ; */) {
      kind = 'comment';
    } else {
      const indent = contentStart - pos;
      if (inSection && hasKey && indent > indentLevel) {
        kind = 'continuation';
      } else {
        indentLevel = indent;
        const close = first === 0x5b /* [ */ ? text.lastIndexOf(']', contentEnd - 1) : -1;
        if (close > contentStart + 1) {
          kind = 'header';
          inSection = true;
          hasKey = false;
          if (sections.length > 0) sections[sections.length - 1]!.endLine = lines.length;
          sections.push({
            name: text.slice(contentStart + 1, close),
            headerLine: lines.length,
            endLine: lines.length + 1,
          });
        } else if (!inSection) {
          kind = 'invalid';
        } else {
          delimiter = findDelimiter(text, contentStart, contentEnd);
          if (delimiter > contentStart) {
            kind = 'key';
            hasKey = true;
          } else {
            kind = 'invalid';
          }
        }
      }
    }
    lines.push({ start: pos, end, next, kind, contentStart, contentEnd, delimiter });
    pos = next;
  }
  if (sections.length > 0) sections[sections.length - 1]!.endLine = lines.length;
  return { text, bom, eol, lines, sections };
}

function findDelimiter(text: string, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x3d /* = */ || code === 0x3a /* : */) return i;
  }
  return -1;
}

/** The key of a key line, lower-cased as configparser's optionxform does. */
export function lineKey(doc: IniDocument, line: IniLine): string {
  let keyEnd = line.delimiter;
  while (keyEnd > line.contentStart && isWhitespace(doc.text.charCodeAt(keyEnd - 1))) keyEnd--;
  return doc.text.slice(line.contentStart, keyEnd).toLowerCase();
}

/** The value of a key line without its continuation lines, stripped as configparser strips it. */
export function lineValue(doc: IniDocument, line: IniLine): string {
  let valueStart = line.delimiter + 1;
  while (valueStart < line.contentEnd && isWhitespace(doc.text.charCodeAt(valueStart)))
    valueStart++;
  return doc.text.slice(valueStart, line.contentEnd);
}

export function lineContent(doc: IniDocument, line: IniLine): string {
  return doc.text.slice(line.contentStart, line.contentEnd);
}

/** One key of a section with the lines its value spans. */
export interface SectionEntry {
  key: string;
  firstLine: number;
  /** Index of the last continuation line, or `firstLine`. */
  lastLine: number;
  /** The value as botocore returns it: continuation lines joined with `\n`. */
  value: string;
}

export function sectionEntries(doc: IniDocument, section: IniSection): SectionEntry[] {
  const entries: SectionEntry[] = [];
  let current: { entry: SectionEntry; parts: string[]; pendingBlanks: number } | undefined;
  const finish = (): void => {
    if (current === undefined) return;
    current.entry.value = current.parts.join('\n');
    entries.push(current.entry);
    current = undefined;
  };
  for (let i = section.headerLine + 1; i < section.endLine; i++) {
    const line = doc.lines[i]!;
    if (line.kind === 'key') {
      finish();
      const entry: SectionEntry = { key: lineKey(doc, line), firstLine: i, lastLine: i, value: '' };
      current = { entry, parts: [lineValue(doc, line)], pendingBlanks: 0 };
    } else if (line.kind === 'continuation' && current !== undefined) {
      // configparser keeps blank lines inside a multi-line value, and drops trailing ones.
      for (; current.pendingBlanks > 0; current.pendingBlanks--) current.parts.push('');
      current.parts.push(lineContent(doc, line));
      current.entry.lastLine = i;
    } else if (line.kind === 'blank' && current !== undefined) {
      current.pendingBlanks++;
    }
  }
  finish();
  return entries;
}

/**
 * Flattens an entry into string values. A value that starts with a line break is a nested block
 * (`s3 =` followed by indented `key = value` lines); botocore reads it as a dict, and we flatten it
 * to `s3.key` the way the JS SDK's parser does. Lines of a nested block without `=` are skipped.
 * A later entry with the same key replaces the earlier value whole, nested or not, as in botocore.
 */
export function entryValues(entry: SectionEntry, into: Map<string, string>): void {
  into.delete(entry.key);
  const nestedPrefix = `${entry.key}.`;
  for (const key of into.keys()) if (key.startsWith(nestedPrefix)) into.delete(key);
  if (!entry.value.startsWith('\n')) {
    into.set(entry.key, entry.value);
    return;
  }
  for (const raw of entry.value.split('\n')) {
    const line = raw.trim();
    const equals = line.indexOf('=');
    if (line === '' || equals === -1) continue;
    into.set(`${nestedPrefix}${line.slice(0, equals).trim()}`, line.slice(equals + 1).trim());
  }
}

/** The text of lines `[from, to)`, with their line endings. */
export function linesText(doc: IniDocument, from: number, to: number): string {
  if (from >= to) return '';
  return doc.text.slice(doc.lines[from]!.start, doc.lines[to - 1]!.next);
}

/** Index after the last line a section owns: its keys, the comments right after them, then blank lines. A comment block that follows a blank line belongs to the next section. */
export function sectionRegionEnd(doc: IniDocument, section: IniSection): number {
  let lastContent = section.headerLine;
  for (let i = section.endLine - 1; i > section.headerLine; i--) {
    const kind = doc.lines[i]!.kind;
    if (kind !== 'blank' && kind !== 'comment') {
      lastContent = i;
      break;
    }
  }
  let end = lastContent + 1;
  while (end < section.endLine && doc.lines[end]!.kind === 'comment') end++;
  while (end < section.endLine && doc.lines[end]!.kind === 'blank') end++;
  return end;
}

/** Whether the text after `doc`'s last line break is non-empty (the file lacks a final newline). */
export function lacksFinalNewline(text: string): boolean {
  return text.length > 0 && !text.endsWith('\n') && text !== '\ufeff';
}
