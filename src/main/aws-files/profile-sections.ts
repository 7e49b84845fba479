// Which sections of a parsed file make up a profile, and the profile as the AWS CLI reads it.
import type { AwsFileKind, ProfileSnapshot } from './aws-files';
import { sectionLines, type IniDocument, type IniLine, type IniSection } from './ini-document';
import {
  entryValues,
  lineContent,
  sectionEntries,
  sectionRegionEnd,
  type FlatValues,
} from './section-entries';

const MARKER_PATTERN =
  /^# Managed by Airlock \(session (.+)\)\. Edits here are replaced on rotation\.$/;

/** What every marker line holds: a section without it anywhere has no owner, no need to read it. */
const MARKER_PREFIX = '# Managed by Airlock (session ';

export function ownerMarker(sessionId: string): string {
  return `# Managed by Airlock (session ${sessionId}). Edits here are replaced on rotation.`;
}

const PLAIN_PROFILE_HEADER = /^profile[ \t]+([^\s'"\\]+)[ \t]*$/;

/** configparser's defaults section: its keys apply to every section, and it is never a profile. */
const DEFAULTS_SECTION = 'DEFAULT';

/**
 * The profile a section header names, as botocore maps it: in the credentials file the section
 * name itself; in the config file `default`, or `profile NAME` split the way Python's shlex does.
 * `[NAME]` without the prefix in the config file is not a profile for the AWS CLI, so not for us.
 */
export function sectionProfileName(kind: AwsFileKind, sectionName: string): string | undefined {
  if (sectionName === DEFAULTS_SECTION) return undefined;
  if (kind === 'credentials') return sectionName;
  if (sectionName === 'default') return 'default';
  if (!sectionName.startsWith('profile')) return undefined;
  // The common case without quotes or escapes needs no tokenizer: files can hold 10,000 of these.
  const plain = PLAIN_PROFILE_HEADER.exec(sectionName);
  if (plain !== null) return plain[1];
  const parts = shlexSplit(sectionName);
  return parts?.length === 2 ? parts[1] : undefined;
}

/** The header Airlock writes for a new profile section. */
export function profileHeader(kind: AwsFileKind, profile: string): string {
  return kind === 'config' && profile !== 'default' ? `[profile ${profile}]` : `[${profile}]`;
}

/** Python's shlex.split in POSIX mode without comments; undefined where shlex raises. */
export function shlexSplit(input: string): string[] | undefined {
  const tokens: string[] = [];
  let token: string | undefined;
  let i = 0;
  while (i < input.length) {
    const ch = input[i]!;
    if (/\s/.test(ch)) {
      if (token !== undefined) tokens.push(token);
      token = undefined;
      i++;
    } else if (ch === "'") {
      const close = input.indexOf("'", i + 1);
      if (close === -1) return undefined;
      token = (token ?? '') + input.slice(i + 1, close);
      i = close + 1;
    } else if (ch === '"') {
      let value = '';
      let j = i + 1;
      for (; j < input.length && input[j] !== '"'; j++) {
        if (input[j] === '\\' && (input[j + 1] === '"' || input[j + 1] === '\\')) j++;
        value += input[j];
      }
      if (j >= input.length) return undefined;
      token = (token ?? '') + value;
      i = j + 1;
    } else if (ch === '\\') {
      if (i + 1 >= input.length) return undefined;
      token = (token ?? '') + input[i + 1];
      i += 2;
    } else {
      token = (token ?? '') + ch;
      i++;
    }
  }
  if (token !== undefined) tokens.push(token);
  return tokens;
}

/** Every section of the profile, in file order. */
export function profileSections(
  doc: IniDocument,
  kind: AwsFileKind,
  profile: string,
): IniSection[] {
  return doc.sections.filter((section) => sectionProfileName(kind, section.name) === profile);
}

/**
 * The sections whose keys the AWS CLI reads for this profile. Sections with the same header are
 * merged in file order, later keys winning (configparser without strict mode, and the JS SDK; the
 * strict CLI refuses such a file). Among differently spelled headers of one profile (`[default]`
 * and `[profile default]`), the header first seen last wins whole, as botocore's dict update does.
 */
export function winningSections(sections: IniSection[]): IniSection[] {
  const firstSeen = new Map<string, number>();
  sections.forEach((section, index) => {
    if (!firstSeen.has(section.name)) firstSeen.set(section.name, index);
  });
  let winner: string | undefined;
  let latest = -1;
  for (const [name, index] of firstSeen) {
    if (index > latest) {
      latest = index;
      winner = name;
    }
  }
  return sections.filter((section) => section.name === winner);
}

/** The marker comment among the comments and blank lines before the section's first key. */
export function markerLine(doc: IniDocument, section: IniSection): IniLine | undefined {
  const lines = sectionLines(doc, section);
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.kind === 'comment') {
      if (MARKER_PATTERN.test(lineContent(doc, line))) return line;
    } else if (line.kind !== 'blank') {
      return undefined;
    }
  }
  return undefined;
}

/** Offsets of every occurrence of the marker's fixed part, in order. */
function markerOffsets(text: string): number[] {
  const offsets: number[] = [];
  for (let at = text.indexOf(MARKER_PREFIX); at !== -1; at = text.indexOf(MARKER_PREFIX, at + 1)) {
    offsets.push(at);
  }
  return offsets;
}

function sectionOwner(doc: IniDocument, section: IniSection): string | undefined {
  const line = markerLine(doc, section);
  return line === undefined ? undefined : MARKER_PATTERN.exec(lineContent(doc, line))?.[1];
}

function readValues(doc: IniDocument, sections: IniSection[]): Record<string, string> {
  const flat: FlatValues = { values: new Map(), nested: new Set() };
  for (const defaults of doc.sections) {
    if (defaults.name !== DEFAULTS_SECTION) continue;
    for (const entry of sectionEntries(doc, defaults)) entryValues(entry, flat);
  }
  for (const section of sections) {
    for (const entry of sectionEntries(doc, section)) entryValues(entry, flat);
  }
  return Object.fromEntries(flat.values);
}

/** Builds the snapshot of a profile's sections; undefined when the file has none. */
export function snapshotProfile(
  doc: IniDocument,
  profile: string,
  sections: IniSection[],
): ProfileSnapshot | undefined {
  if (sections.length === 0) return undefined;
  // Only a profile whose every section carries the same marker is Airlock's: a hand-written
  // duplicate must keep the core from overwriting it.
  const owners = new Set(sections.map((section) => sectionOwner(doc, section)));
  const [owner] = owners;
  const raw = sections
    .map((section) => doc.text.slice(section.start, sectionRegionEnd(doc, section)))
    .join('');
  const snapshot: ProfileSnapshot = {
    name: profile,
    values: readValues(doc, winningSections(sections)),
    raw,
  };
  if (owners.size === 1 && owner !== undefined) snapshot.owner = owner;
  return snapshot;
}

/** Every profile in file order of first appearance. */
/** Every profile's name and owner, without reading values: what a reconcile needs, cheaply. */
export function listProfileOwners(
  doc: IniDocument,
  kind: AwsFileKind,
): { name: string; owner?: string }[] {
  const owners = new Map<string, Set<string | undefined>>();
  // One scan of the text for the marker, instead of classifying every section's lines: in a file
  // of 1,000 hand-written profiles, only Airlock's few sections are read line by line.
  const markers = markerOffsets(doc.text);
  let next = 0;
  for (const section of doc.sections) {
    const name = sectionProfileName(kind, section.name);
    if (name === undefined) continue;
    let set = owners.get(name);
    if (set === undefined) owners.set(name, (set = new Set()));
    while (next < markers.length && markers[next]! < section.start) next++;
    const mayBeOwned = next < markers.length && markers[next]! < section.end;
    set.add(mayBeOwned ? sectionOwner(doc, section) : undefined);
  }
  // As in snapshotProfile: a profile is Airlock's only when every section carries the same marker.
  return [...owners].map(([name, set]) => {
    const [owner] = set;
    return set.size === 1 && owner !== undefined ? { name, owner } : { name };
  });
}

export function listProfileSnapshots(doc: IniDocument, kind: AwsFileKind): ProfileSnapshot[] {
  const byProfile = new Map<string, IniSection[]>();
  for (const section of doc.sections) {
    const name = sectionProfileName(kind, section.name);
    if (name === undefined) continue;
    const list = byProfile.get(name);
    if (list === undefined) byProfile.set(name, [section]);
    else list.push(section);
  }
  const snapshots: ProfileSnapshot[] = [];
  for (const [name, sections] of byProfile) {
    const snapshot = snapshotProfile(doc, name, sections);
    if (snapshot !== undefined) snapshots.push(snapshot);
  }
  return snapshots;
}
