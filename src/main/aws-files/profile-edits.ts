// Pure text edits of one profile's sections: every byte outside those sections stays as it was.
import { createHash } from 'node:crypto';
import type { AwsFileKind, ProfileEdit } from './aws-files';
import { AwsFilesError } from './aws-files-error';
import {
  lacksFinalNewline,
  lineNumberAt,
  parseIniDocument,
  preambleLines,
  sectionLines,
  type IniDocument,
  type IniLine,
  type IniSection,
} from './ini-document';
import { sectionEntries, sectionRegionEnd, type SectionEntry } from './section-entries';
import {
  markerLine,
  ownerMarker,
  profileHeader,
  profileSections,
  snapshotProfile,
  sectionProfileName,
  winningSections,
} from './profile-sections';

/** Applies the edits in order to `text` and returns the new text (the same string when nothing changed). */
export function applyProfileEdits(
  text: string,
  kind: AwsFileKind,
  edits: ProfileEdit[],
  path: string,
): string {
  let current = text;
  for (const edit of edits) {
    const doc = parseIniDocument(current);
    assertEditable(doc, path);
    const sections = profileSections(doc, kind, edit.profile);
    switch (edit.action) {
      case 'remove':
        current = replaceSections(doc, sections, '');
        break;
      case 'restore':
        current =
          sections.length === 0
            ? insertText(doc, edit.raw, edit.at)
            : replaceSections(doc, sections, edit.raw);
        break;
      case 'set':
        if (edit.handWritten && sections.length > 0) {
          const snapshot = snapshotProfile(doc, edit.profile, sections);
          if (snapshot?.owner === undefined && edit.handWritten === 'skip') break;
          if (snapshot?.owner === undefined) {
            throw new AwsFilesError(
              'PROFILE_CONFLICT',
              `Profile ${edit.profile} in ${path} was written by hand, so Airlock will not overwrite it. Use another profile, or rename that section.`,
              path,
            );
          }
        }
        current = setKeys(doc, kind, sections, edit, path);
        break;
    }
    current = keepMissingFinalNewline(doc.text, current);
    // Only restored text can bring an indented bracket into a file without one.
    if (doc.indentedBrackets || edit.action === 'restore') {
      assertOthersReadTheSame(doc, parseIniDocument(current), kind, edit.profile, path);
    }
  }
  return current;
}

/**
 * An indented `[x]` line is a header or part of the previous key's value depending on the lines
 * above it, so adding or removing lines next to one can change another profile. Such edits are refused.
 */
function assertOthersReadTheSame(
  before: IniDocument,
  after: IniDocument,
  kind: AwsFileKind,
  profile: string,
  path: string,
): void {
  const reading = (doc: IniDocument): string =>
    doc.sections
      .filter((section) => sectionProfileName(kind, section.name) !== profile)
      .map((section) =>
        [section.name, ...sectionEntries(doc, section).map((e) => `${e.key}=${e.value}`)].join(
          '\0',
        ),
      )
      .join('\n');
  if (reading(before) !== reading(after)) {
    throw new AwsFilesError(
      'FILE_PARSE',
      `${path} has an indented [section] header, and editing profile ${profile} would change how the lines around it read. Remove the indentation before that header, then retry.`,
      path,
    );
  }
}

/** Content before the first header makes the CLI reject the whole file; we will not guess whose it is. */
function assertEditable(doc: IniDocument, path: string): void {
  const stray = preambleLines(doc).find((line) => line.kind === 'invalid');
  if (stray !== undefined) {
    throw new AwsFilesError(
      'FILE_PARSE',
      `${path} line ${lineNumberAt(doc.text, stray.start)} comes before any [section] header, so the AWS CLI cannot read this file. Move that line under a section header or delete it, then retry.`,
      path,
    );
  }
}

function assertSectionsParse(doc: IniDocument, sections: IniSection[], path: string): void {
  for (const section of sections) {
    const invalid = sectionLines(doc, section).find((line) => line.kind === 'invalid');
    if (invalid !== undefined) {
      throw new AwsFilesError(
        'FILE_PARSE',
        `${path} line ${lineNumberAt(doc.text, invalid.start)}, in section [${section.name}], is neither "key = value" nor a comment, so Airlock will not guess how to edit that profile. Fix or delete the line, then retry.`,
        path,
      );
    }
  }
}

/** Removes every section's region and puts `replacement` where the first one was. */
function replaceSections(doc: IniDocument, sections: IniSection[], replacement: string): string {
  if (sections.length === 0) return doc.text;
  const pieces: string[] = [];
  let cursor = 0;
  sections.forEach((section, index) => {
    const start = section.start;
    const end = sectionRegionEnd(doc, section);
    pieces.push(doc.text.slice(cursor, start));
    if (index === 0 && replacement !== '') {
      const followed = end < doc.text.length || sections.length > 1;
      pieces.push(followed && !replacement.endsWith('\n') ? replacement + doc.eol : replacement);
    }
    cursor = end;
  });
  pieces.push(doc.text.slice(cursor));
  return pieces.join('');
}

/**
 * A file that ends without a line break keeps ending without one. Appending a section puts the
 * break before it, and removing the last section takes that break away again, so a start and a
 * stop give back the file's bytes. A break that ends an empty line stays: removing the section
 * after it must leave that line for a restore to put the section back behind.
 */
function keepMissingFinalNewline(before: string, after: string): string {
  if (after === before || !lacksFinalNewline(before)) return after;
  const lineBreak = after.endsWith('\r\n') ? '\r\n' : after.endsWith('\n') ? '\n' : '';
  if (lineBreak === '') return after;
  const kept = after.slice(0, after.length - lineBreak.length);
  return kept === '' || kept === '\ufeff' || kept.endsWith('\n') ? after : kept;
}

/** Puts a section back where it stood, when the text before that place is still what it was. */
function insertText(
  doc: IniDocument,
  addition: string,
  at: { offset: number; prefixHash: string } | undefined,
): string {
  const fits =
    at !== undefined &&
    addition !== '' &&
    at.offset <= doc.text.length &&
    textHash(doc.text.slice(0, at.offset)) === at.prefixHash;
  if (!fits) return appendText(doc, addition);
  return doc.text.slice(0, at.offset) + addition + doc.text.slice(at.offset);
}

/** What `at.prefixHash` of a restore edit is computed with. */
export function textHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function appendText(doc: IniDocument, addition: string): string {
  if (addition === '') return doc.text;
  return doc.text + (lacksFinalNewline(doc.text) ? doc.eol : '') + addition;
}

function setKeys(
  doc: IniDocument,
  kind: AwsFileKind,
  sections: IniSection[],
  edit: Extract<ProfileEdit, { action: 'set' }>,
  path: string,
): string {
  const wanted = new Map<string, { key: string; value: string }>();
  for (const [key, value] of Object.entries(edit.set))
    wanted.set(key.toLowerCase(), { key, value });
  const unset = new Set((edit.unset ?? []).map((key) => key.toLowerCase()));

  if (sections.length === 0) {
    if (wanted.size === 0 && edit.dropIfEmpty === true) return doc.text;
    const lines = [profileHeader(kind, edit.profile)];
    if (edit.owner !== undefined) lines.push(ownerMarker(edit.owner));
    for (const { key, value } of wanted.values()) lines.push(`${key} = ${value}`);
    return appendText(doc, lines.map((line) => line + doc.eol).join(''));
  }

  assertSectionsParse(doc, sections, path);
  const winners = winningSections(sections);
  const target = winners[winners.length - 1]!;
  // The occurrence of each key that readers use: the last one across the same-named sections.
  const winning = new Map<string, SectionEntry>();
  for (const section of winners) {
    for (const entry of sectionEntries(doc, section)) winning.set(entry.key, entry);
  }
  const isWinning = (entry: SectionEntry): boolean =>
    winning.get(entry.key)?.first.start === entry.first.start;
  const editor = new LineEditor(doc);
  const updated = new Set<string>();
  const moved: string[] = [];
  let keysLeft = 0;
  let lastKeyLine: IniLine | undefined;

  for (const section of sections) {
    const entries = sectionEntries(doc, section);
    if (section !== target && section.name === target.name) {
      // Same-named duplicates make the AWS CLI reject the whole file: fold them into the target,
      // keeping the keys that win in the merged reading.
      const regionEnd = sectionRegionEnd(doc, section);
      editor.remove(sectionLines(doc, section).filter((line) => line.start < regionEnd));
      for (const entry of entries) {
        if (!isWinning(entry) || wanted.has(entry.key) || unset.has(entry.key)) continue;
        moved.push(...entryLines(doc, entry));
        keysLeft++;
      }
      continue;
    }
    for (const entry of entries) {
      const next = wanted.get(entry.key);
      if (section === target) lastKeyLine = entry.last;
      if (section === target && next !== undefined && !updated.has(entry.key)) {
        // Updated in place: its continuation lines (an old nested block) go with the old value.
        editor.replace(entry.first, updatedKeyLine(doc, entry.first, next.value));
        editor.remove(entry.lines.slice(1));
        updated.add(entry.key);
        keysLeft++;
      } else if (
        next !== undefined ||
        unset.has(entry.key) ||
        (section === target && !isWinning(entry))
      ) {
        // Every other copy of a key goes, so no reader can pick a stale one and the CLI accepts the file.
        editor.remove(entry.lines);
      } else {
        keysLeft++;
      }
    }
  }
  const added = [...wanted]
    .filter(([lower]) => !updated.has(lower))
    .map(([, { key, value }]) => `${key} = ${value}`);
  keysLeft += added.length;
  if (keysLeft === 0 && edit.dropIfEmpty === true) return replaceSections(doc, sections, '');

  const header = sectionLines(doc, target)[0]!;
  const marker = markerLine(doc, target);
  if (edit.owner !== undefined) {
    const text = ownerMarker(edit.owner);
    if (marker === undefined) editor.insertAfter(header, [text]);
    else editor.replace(marker, text);
  }
  editor.insertAfter(lastKeyLine ?? marker ?? header, [...moved, ...added]);
  return editor.render();
}

/** An entry's lines for moving: the key line loses its indentation so it cannot read as a continuation. */
function entryLines(doc: IniDocument, entry: SectionEntry): string[] {
  return entry.lines.map((line) =>
    doc.text.slice(line === entry.first ? line.contentStart : line.start, line.end),
  );
}

/** Keeps the line's indentation, key spelling and spacing around the delimiter; drops trailing blanks. */
function updatedKeyLine(doc: IniDocument, line: IniLine, value: string): string {
  const text = doc.text;
  let valueStart = line.delimiter + 1;
  while (valueStart < line.contentEnd && (text[valueStart] === ' ' || text[valueStart] === '\t')) {
    valueStart++;
  }
  let prefix = text.slice(line.start, valueStart);
  if (valueStart === line.delimiter + 1 && /[ \t]/.test(text[line.delimiter - 1] ?? ''))
    prefix += ' ';
  return prefix + value;
}

/** Line-level patches rendered in one pass, so a large file is copied once, in slices. */
class LineEditor {
  private readonly touched = new Map<number, IniLine>();
  private readonly replaced = new Map<number, string>();
  private readonly removed = new Set<number>();
  private readonly inserted = new Map<number, string[]>();

  constructor(private readonly doc: IniDocument) {}

  replace(line: IniLine, text: string): void {
    this.touched.set(line.start, line);
    this.replaced.set(line.start, text);
  }

  remove(lines: IniLine[]): void {
    for (const line of lines) {
      this.touched.set(line.start, line);
      this.removed.add(line.start);
    }
  }

  insertAfter(line: IniLine, texts: string[]): void {
    if (texts.length === 0) return;
    this.touched.set(line.start, line);
    const list = this.inserted.get(line.start);
    if (list === undefined) this.inserted.set(line.start, [...texts]);
    else list.push(...texts);
  }

  render(): string {
    const { doc } = this;
    const lines = [...this.touched.values()].sort((a, b) => a.start - b.start);
    const pieces: string[] = [];
    let cursor = 0;
    for (const line of lines) {
      pieces.push(doc.text.slice(cursor, line.start));
      const lineEnding = doc.text.slice(line.end, line.next);
      const removed = this.removed.has(line.start);
      if (!removed) {
        pieces.push(
          this.replaced.get(line.start) ?? doc.text.slice(line.start, line.end),
          lineEnding,
        );
      }
      const after = this.inserted.get(line.start);
      if (after !== undefined) {
        // After a last line without a line break, the break goes first and the file still ends without one.
        if (lineEnding === '' && !removed) pieces.push(doc.eol + after.join(doc.eol));
        else pieces.push(after.map((text) => text + doc.eol).join(''));
      }
      cursor = line.next;
    }
    pieces.push(doc.text.slice(cursor));
    return pieces.join('');
  }
}
