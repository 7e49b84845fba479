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
  readonly start: number;
  /** Offset where the line ending (`\n` or `\r\n`) starts, or the text's end. */
  readonly end: number;
  /** Offset of the next line's first character. */
  readonly next: number;
  readonly kind: LineKind;
  /** Offset of the first non-blank character (equals `end` for blank lines). */
  readonly contentStart: number;
  /** Offset just after the last non-blank character. */
  readonly contentEnd: number;
  /** For key lines: offset of the `=` or `:` delimiter. */
  readonly delimiter: number;
}

export interface IniSection {
  /** The text between `[` and the last `]`, as configparser takes it (case and spacing kept). */
  readonly name: string;
  /** Offset of the header line. */
  readonly start: number;
  /** Offset of the next header line, or the text's end. */
  readonly end: number;
}

/**
 * Only the section headers are found up front: a file of 10,000 profiles is scanned for them in a
 * fraction of the time a full line model takes. Lines are classified per section, on demand.
 */
export interface IniDocument {
  readonly text: string;
  /** True when the text starts with U+FEFF; the parser skips it and every write keeps it. */
  readonly bom: boolean;
  /** The line ending new lines get: the file's first line ending, `\n` for files without one. */
  readonly eol: '\n' | '\r\n';
  readonly sections: readonly IniSection[];
  /** Some line starts with blanks then `[`: a header or a continuation, depending on what precedes it. */
  readonly indentedBrackets: boolean;
}

const SPACE = 32;
const TAB = 9;
const CR = 13;
const OPEN_BRACKET = 0x5b;

export function isWhitespace(code: number): boolean {
  // Python's str.strip() and JS trim() both drop these; the rarer Unicode spaces go through \s.
  if (code === SPACE || (code >= TAB && code <= CR)) return true;
  return code > 127 && /\s/.test(String.fromCharCode(code));
}

/** An indented `[` line is a header or a continuation depending on the lines before it. */
const INDENTED_BRACKET = /(?:^|\n)[^\S\n]+\[/;

/**
 * The documents parsed last, one per text: a start reads both AWS files several times (the STS
 * settings, the sweep, the owners, the edit) and each read of an unchanged file gets the same
 * frozen document, with the lines its sections have classified already. In file mode the
 * credentials file's text holds secrets, so the documents are let go a second after their last
 * use (issue 13: nothing is cached longer than its credentials live).
 */
const recentDocuments: IniDocument[] = [];
const RECENT_DOCUMENTS = 2;
export const KEEP_PARSED_MS = 1_000;
let forgetTimer: ReturnType<typeof setTimeout> | undefined;

function keepBriefly(): void {
  clearTimeout(forgetTimer);
  forgetTimer = setTimeout(() => {
    recentDocuments.length = 0;
  }, KEEP_PARSED_MS);
  // A CLI process exits when its work is done, not a second later.
  forgetTimer.unref?.();
}

/** Parses without changing a byte: sections keep their offsets into `text`. Never throws. */
export function parseIniDocument(text: string): IniDocument {
  keepBriefly();
  const index = recentDocuments.findIndex((doc) => doc.text === text);
  if (index !== -1) {
    const [doc] = recentDocuments.splice(index, 1);
    recentDocuments.unshift(doc!);
    return doc!;
  }
  const doc = parseFresh(text);
  recentDocuments.unshift(doc);
  recentDocuments.length = Math.min(recentDocuments.length, RECENT_DOCUMENTS);
  return doc;
}

function parseFresh(text: string): IniDocument {
  const bom = text.charCodeAt(0) === 0xfeff;
  const firstLf = text.indexOf('\n');
  const eol = firstLf > 0 && text.charCodeAt(firstLf - 1) === CR ? '\r\n' : '\n';
  const bodyStart = bom ? 1 : 0;
  const indentedBrackets = INDENTED_BRACKET.test(text);
  const sections = indentedBrackets
    ? sectionsFromLines(text, parseLines(text, bodyStart, text.length, false))
    : columnZeroHeaders(text, bodyStart);
  for (const section of sections) Object.freeze(section);
  return Object.freeze({ text, bom, eol, sections: Object.freeze(sections), indentedBrackets });
}

/** Headers when no line starts with blanks then `[`: a `[` in column 0 can never be a continuation. */
function columnZeroHeaders(text: string, bodyStart: number): IniSection[] {
  const sections: { name: string; start: number; end: number }[] = [];
  let pos =
    text.charCodeAt(bodyStart) === OPEN_BRACKET ? bodyStart : nextBracketLine(text, bodyStart);
  while (pos !== -1) {
    const name = headerName(text, pos);
    const next = nextBracketLine(text, pos);
    if (name !== undefined) {
      const previous = sections[sections.length - 1];
      if (previous !== undefined) previous.end = pos;
      sections.push({ name, start: pos, end: text.length });
    }
    pos = next;
  }
  return sections;
}

function nextBracketLine(text: string, from: number): number {
  const lf = text.indexOf('\n[', from);
  return lf === -1 ? -1 : lf + 1;
}

/** configparser's `\[(?P<header>.+)\]`: from the first `[` to the last `]`, at least one character. */
function headerName(text: string, lineStart: number): string | undefined {
  let contentStart = lineStart;
  while (isWhitespace(text.charCodeAt(contentStart))) contentStart++;
  const lf = text.indexOf('\n', contentStart);
  let contentEnd = lf === -1 ? text.length : lf;
  while (contentEnd > contentStart && isWhitespace(text.charCodeAt(contentEnd - 1))) contentEnd--;
  const close = text.lastIndexOf(']', contentEnd - 1);
  return close > contentStart + 1 ? text.slice(contentStart + 1, close) : undefined;
}

function sectionsFromLines(text: string, lines: IniLine[]): IniSection[] {
  const headers = lines.filter((line) => line.kind === 'header');
  return headers.map((line, index) => ({
    name: headerName(text, line.start) ?? '',
    start: line.start,
    end: headers[index + 1]?.start ?? text.length,
  }));
}

/**
 * Classifies the lines of `[from, to)` with configparser's state machine. A header resets the
 * state, so a section parses the same alone as within the whole file.
 */
function parseLines(text: string, from: number, to: number, startsInSection: boolean): IniLine[] {
  const lines: IniLine[] = [];
  // configparser state: an indented line continues the current key only when indented deeper.
  let inSection = startsInSection;
  let hasKey = false;
  let indentLevel = 0;
  let pos = from;

  while (pos < to) {
    const lf = text.indexOf('\n', pos);
    const lineEnd = lf === -1 || lf >= to ? to : lf;
    const next = lineEnd === to ? to : lf + 1;
    const end =
      next > lineEnd && lineEnd > pos && text.charCodeAt(lineEnd - 1) === CR
        ? lineEnd - 1
        : lineEnd;

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
        const close = first === OPEN_BRACKET ? text.lastIndexOf(']', contentEnd - 1) : -1;
        if (close > contentStart + 1) {
          kind = 'header';
          inSection = true;
          hasKey = false;
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
  return lines;
}

function findDelimiter(text: string, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x3d /* = */ || code === 0x3a /* : */) return i;
  }
  return -1;
}

const linesCache = new WeakMap<IniSection, readonly IniLine[]>();

/** The section's lines, header first: classified once per section, and shared (frozen). */
export function sectionLines(doc: IniDocument, section: IniSection): readonly IniLine[] {
  let lines = linesCache.get(section);
  if (lines === undefined) {
    lines = Object.freeze(parseLines(doc.text, section.start, section.end, true));
    linesCache.set(section, lines);
  }
  return lines;
}

/** The lines before the first header (all of them in a file without headers). */
export function preambleLines(doc: IniDocument): IniLine[] {
  return parseLines(doc.text, doc.bom ? 1 : 0, doc.sections[0]?.start ?? doc.text.length, false);
}

/** Every line of the document in order, section by section; for tests and tools, not for the write path. */
export function allLines(doc: IniDocument): IniLine[] {
  return [preambleLines(doc), ...doc.sections.map((section) => sectionLines(doc, section))].flat();
}

/** Every line classified in one pass over the whole text, the way configparser reads it. */
export function classifyLines(text: string): IniLine[] {
  return parseLines(text, text.charCodeAt(0) === 0xfeff ? 1 : 0, text.length, false);
}

/** The 1-based line number of an offset, for messages. */
export function lineNumberAt(text: string, offset: number): number {
  let count = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/** Whether the text lacks a final newline (a BOM alone counts as empty). */
export function lacksFinalNewline(text: string): boolean {
  return text.length > 0 && !text.endsWith('\n') && text !== '\ufeff';
}
