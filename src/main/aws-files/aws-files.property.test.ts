import { externalDataInterceptor, loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AwsFileKind, ProfileEdit } from './aws-files';
import { AwsFilesError } from './aws-files-error';
import { allLines, classifyLines, parseIniDocument, type IniLine } from './ini-document';
import { sectionRegionEnd } from './section-entries';
import { applyProfileEdits } from './profile-edits';
import { validateEdits } from './profile-edit-checks';
import { listProfileSnapshots, profileSections, snapshotProfile } from './profile-sections';

// Runs per property; four properties make 14,000 generated files per run.
const RUNS = 3_500;
const PATH = '/virtual/.aws/file';

const PROFILE_NAMES = [
  'default',
  'dev',
  'prod',
  'a',
  'b.c',
  'x-1',
  'ops@corp',
  'team/one',
  's3:p',
  'Dev',
];
const KEYS = [
  'aws_access_key_id',
  'aws_secret_access_key',
  'aws_session_token',
  'region',
  'output',
  'k_1',
];

const eol = fc.constantFrom('\n', '\r\n');
const space = fc.constantFrom('', ' ', '  ', '\t');
const value = fc.stringMatching(/^[A-Za-z0-9/+=._:-]{1,12}( [A-Za-z0-9]{1,5})?$/);
const commentText = fc.stringMatching(/^[ A-Za-z0-9=:#;[\]]{0,15}$/);

/** Grammar both the AWS CLI and the JS SDK read the same way (see docs/aws-files.md). */
interface GrammarOptions {
  /** Adds what only some readers accept, or read differently: the lossless properties need it. */
  wild: boolean;
}

type Lines = string[];

function keyLine({ wild }: GrammarOptions): fc.Arbitrary<Lines> {
  const key = wild
    ? fc.constantFrom(...KEYS, 'Region', 'AWS_ACCESS_KEY_ID')
    : fc.constantFrom(...KEYS);
  const delimiter = wild ? fc.constantFrom('=', ':') : fc.constant('=');
  const indent = wild ? fc.constantFrom('', '', ' ', '\t') : fc.constant('');
  const inline = wild ? fc.constantFrom('', '', ' # inline', ' ;x') : fc.constant('');
  return fc
    .tuple(indent, key, space, delimiter, space, value, inline, fc.constantFrom('', ' ', '\t'))
    .map((parts) => [parts.join('')]);
}

function commentLine(): fc.Arbitrary<Lines> {
  return fc
    .tuple(fc.constantFrom('', ' ', '\t'), fc.constantFrom('#', ';'), commentText)
    .map((parts) => [parts.join('')]);
}

const blankLine: fc.Arbitrary<Lines> = fc.constantFrom<Lines>([''], [' '], ['\t ']);

/** A nested block (`s3 =` then indented children); its parent name is filled in per file. */
const nestedBlock: fc.Arbitrary<Lines> = fc
  .array(
    fc.tuple(
      fc.constantFrom('  ', '    ', '\t'),
      fc.constantFrom('max_concurrent_requests', 'Sig_V'),
      value,
    ),
    { minLength: 1, maxLength: 3 },
  )
  .map((children) => ['@NEST =', ...children.map(([indent, key, v]) => `${indent}${key} = ${v}`)]);

function wildLine(): fc.Arbitrary<Lines> {
  return fc.oneof(
    fc.constantFrom<Lines>(
      ['no delimiter here'],
      ['  continued text'],
      ['=starts with delimiter'],
      ['key ='],
      ['  [dev]'],
      ['\t[profile prod]'],
    ),
    fc.tuple(value, value).map(([a, b]) => [`lone${a}\r${b} = x`]),
  );
}

function body(options: GrammarOptions): fc.Arbitrary<Lines> {
  const items = [
    { weight: 6, arbitrary: keyLine(options) },
    { weight: 2, arbitrary: commentLine() },
    { weight: 2, arbitrary: blankLine },
    { weight: 1, arbitrary: nestedBlock },
  ];
  if (options.wild) items.push({ weight: 1, arbitrary: wildLine() });
  return fc.array(fc.oneof(...items), { maxLength: 6 }).map((groups) => groups.flat());
}

function header(kind: AwsFileKind, { wild }: GrammarOptions): fc.Arbitrary<string> {
  const name = fc.constantFrom(...PROFILE_NAMES);
  const trailing = fc.constantFrom('', '', ' # note', ' ; note');
  const forKind =
    kind === 'credentials'
      ? name.map((n) => `[${n}]`)
      : fc.oneof(
          {
            weight: 6,
            arbitrary: name.map((n) => (n === 'default' ? '[default]' : `[profile ${n}]`)),
          },
          { weight: 1, arbitrary: fc.constantFrom('[preview]', '[plugins]', '[sso-session corp]') },
          ...(wild
            ? [
                { weight: 1, arbitrary: name.map((n) => `[profile  ${n}]`) },
                { weight: 1, arbitrary: fc.constant('[profile default]') },
              ]
            : []),
        );
  return fc.tuple(forKind, trailing).map(([h, t]) => h + t);
}

function iniFile(kind: AwsFileKind, options: GrammarOptions): fc.Arbitrary<string> {
  const preamble = fc
    .array(
      fc.oneof(commentLine(), blankLine, ...(options.wild ? [fc.constant(['orphan = line'])] : [])),
      {
        maxLength: 2,
      },
    )
    .map((groups) => groups.flat());
  const section = fc.tuple(header(kind, options), body(options)).map(([h, lines]) => [h, ...lines]);
  return fc
    .record({
      bom: fc.boolean(),
      preamble,
      sections: fc.array(section, { maxLength: 6 }),
      // All LF, all CRLF, or a mix; hand-edited files often end without a final newline.
      endings: fc.oneof(
        fc.constant(['\n']),
        fc.constant(['\r\n']),
        fc.array(eol, { minLength: 2, maxLength: 4 }),
      ),
      finalNewline: fc.boolean(),
    })
    .map(({ bom, preamble: pre, sections, endings, finalNewline }) => {
      let nest = 0;
      const lines = [...pre, ...sections.flat()].map((line) =>
        line.startsWith('@NEST') ? line.replace('@NEST', `nest_${nest++}`) : line,
      );
      // One ending style per file, or a mix when the generator drew several.
      const text = lines
        .map(
          (line, i) =>
            line + (i < lines.length - 1 || finalNewline ? endings[i % endings.length]! : ''),
        )
        .join('');
      return (bom ? '\ufeff' : '') + text;
    });
}

const kindArb = fc.constantFrom<AwsFileKind>('credentials', 'config');
const anyFile = kindArb.chain((kind) => fc.tuple(fc.constant(kind), iniFile(kind, { wild: true })));

function isParseRefusal(error: unknown): boolean {
  return error instanceof AwsFilesError && error.code === 'FILE_PARSE';
}

/**
 * The text with `profile`'s sections cut out, each either by its full extent (header up to the next
 * header) or by its region (header to the last owned line): removing a section keeps the comment
 * block that leads the next section, while editing keys can detach a comment, and one edit can do
 * both to two same-named sections (a duplicate folded away, the last key of the other unset). Every
 * mix of the two, one string each.
 */
function cutProfileVariants(text: string, kind: AwsFileKind, profile: string): string[] {
  const doc = parseIniDocument(text);
  const sections = profileSections(doc, kind, profile);
  // Beyond a few sections, only the two uniform cuts (a generated file rarely has more).
  const masks =
    sections.length <= 6
      ? Array.from({ length: 2 ** sections.length }, (_, mask) => mask)
      : [0, 2 ** sections.length - 1];
  return masks.map((mask) => {
    let kept = '';
    let cursor = 0;
    sections.forEach((section, i) => {
      kept += text.slice(cursor, section.start);
      cursor = mask & (1 << i) ? sectionRegionEnd(doc, section) : section.end;
    });
    return kept + text.slice(cursor);
  });
}

/** The other sections' header lines, found without our parser: column-0 lines starting with "[". */
function otherHeaders(text: string, kind: AwsFileKind, profile: string): string[] {
  return text
    .replace(/^\ufeff/, '')
    .split(/\r?\n/)
    .filter((line) => /^\[.+\]/.test(line))
    .filter((line) => {
      const name = /^\[(.+)\]/.exec(line)![1]!;
      const mapped =
        kind === 'credentials'
          ? name
          : name === 'default'
            ? 'default'
            : /^profile\s+(\S+)$/.exec(name)?.[1];
      return mapped !== profile;
    });
}

describe('property: lossless round trip', () => {
  it('gives back identical bytes for edits that change nothing, and for restoring a profile’s own text', () => {
    fc.assert(
      fc.property(anyFile, ([kind, text]) => {
        const doc = parseIniDocument(text);
        const lines = allLines(doc);
        const rebuilt = lines.map((line) => text.slice(line.start, line.next)).join('');
        expect((doc.bom ? '\ufeff' : '') + rebuilt).toBe(text);
        // Finding headers first and classifying section by section reads every line as one pass does.
        const summary = (list: IniLine[]) => list.map((line) => `${line.start}:${line.kind}`);
        expect(summary(lines)).toEqual(summary(classifyLines(text)));
        const noOps: ProfileEdit[] = [
          { profile: 'absent', action: 'remove' },
          { profile: 'absent', action: 'set', set: {}, dropIfEmpty: true },
        ];
        for (const snapshot of listProfileSnapshots(doc, kind)) {
          if (profileSections(doc, kind, snapshot.name).length === 1) {
            noOps.push({ profile: snapshot.name, action: 'restore', raw: snapshot.raw });
          }
        }
        try {
          expect(applyProfileEdits(text, kind, noOps, PATH)).toBe(text);
        } catch (error) {
          if (!isParseRefusal(error)) throw error;
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe('property: edits stay inside their profile', () => {
  const editArb = fc.oneof(
    fc.record({
      action: fc.constant('set' as const),
      set: fc
        .dictionary(fc.constantFrom(...KEYS, 'nest_0', 'Region'), value, { maxKeys: 3 })
        .filter(
          (set) =>
            new Set(Object.keys(set).map((key) => key.toLowerCase())).size ===
            Object.keys(set).length,
        ),
      unset: fc.subarray([...KEYS, 'nest_1']),
      owner: fc.option(fc.constantFrom('sess-1', 'sess-2'), { nil: undefined }),
      dropIfEmpty: fc.boolean(),
    }),
    fc.record({ action: fc.constant('remove' as const) }),
  );

  it('leaves every byte outside the edited profile’s sections unchanged', () => {
    fc.assert(
      fc.property(
        anyFile,
        fc.constantFrom(...PROFILE_NAMES),
        editArb,
        ([kind, text], profile, drawn) => {
          const edit: ProfileEdit =
            drawn.action === 'remove'
              ? { profile, action: 'remove' }
              : {
                  profile,
                  action: 'set',
                  set: drawn.set,
                  unset: drawn.unset.filter((key) => !(key.toLowerCase() in lowerKeys(drawn.set))),
                  owner: drawn.owner,
                  dropIfEmpty: drawn.dropIfEmpty,
                };
          validateEdits(kind, [edit], PATH);
          let after: string;
          try {
            after = applyProfileEdits(text, kind, [edit], PATH);
          } catch (error) {
            if (isParseRefusal(error)) return;
            throw error;
          }
          const firstEol = /\r?\n/.exec(text)?.[0] ?? '\n';
          const noFinalNewline = !/\n$/.test(text) && text.replace(/^\ufeff/, '') !== '';
          const outsides = cutProfileVariants(after, kind, profile);
          const unchangedOutside = cutProfileVariants(text, kind, profile).some((before) =>
            outsides.some(
              (outside) =>
                outside === before ||
                // In a file without a final newline, the line break before its last section comes
                // with that section: appended with a new one, removed with the last one.
                (noFinalNewline &&
                  (outside === before + firstEol ||
                    (before.startsWith(outside) && /^\r?\n$/.test(before.slice(outside.length))))),
            ),
          );
          if (noFinalNewline && after.endsWith('\n')) {
            // Only an empty line, which a removed section leaves, may end such a file with a break.
            expect(after.replace(/^\ufeff/, '')).toMatch(/(^|\n)\r?\n$/);
          }
          expect(unchangedOutside).toBe(true);
          expect(otherHeaders(after, kind, profile)).toEqual(otherHeaders(text, kind, profile));
          expect(after.startsWith('\ufeff')).toBe(text.startsWith('\ufeff'));

          const doc = parseIniDocument(after);
          const snapshot = snapshotProfile(doc, profile, profileSections(doc, kind, profile));
          const beforeDoc = parseIniDocument(text);
          const previous = snapshotProfile(
            beforeDoc,
            profile,
            profileSections(beforeDoc, kind, profile),
          );
          if (edit.action === 'set' && snapshot !== undefined && previous !== undefined) {
            // Keys the edit did not name read exactly as before, duplicates folded or not.
            const named = [...Object.keys(edit.set), ...(edit.unset ?? [])].map((key) =>
              key.toLowerCase(),
            );
            for (const [key, v] of Object.entries(previous.values)) {
              if (named.some((name) => key === name || key.startsWith(`${name}.`))) continue;
              expect(snapshot.values[key]).toBe(v);
            }
          }
          if (edit.action === 'remove') {
            expect(snapshot).toBeUndefined();
          } else if (snapshot !== undefined) {
            for (const [key, v] of Object.entries(edit.set))
              expect(snapshot.values[key.toLowerCase()]).toBe(v);
            for (const key of edit.unset ?? [])
              expect(snapshot.values).not.toHaveProperty(key.toLowerCase());
            if (edit.owner !== undefined && profileSections(doc, kind, profile).length === 1) {
              expect(snapshot.owner).toBe(edit.owner);
            }
          } else {
            expect(edit.dropIfEmpty && Object.keys(edit.set).length === 0).toBe(true);
          }
        },
      ),
      {
        numRuns: RUNS,
        examples: [
          // Found by a CI run: a duplicate folded away keeps the comment that leads the other
          // section, whose last key goes and leaves its own comment detached (CRLF, no final
          // newline). Each section needs its own extent in the cut.
          [
            ['credentials', '[dev]\r\n\r\n#\r\n[dev]\r\n\r\n#\r\naws_access_key_id=:'],
            'dev',
            {
              action: 'set',
              set: {},
              unset: ['aws_access_key_id'],
              owner: undefined,
              dropIfEmpty: false,
            },
          ],
        ],
      },
    );
  });
});

describe('property: a start then a stop gives back identical bytes', () => {
  // A session's profile, absent from every generated file (PROFILE_NAMES never holds it).
  const SESSION_PROFILE = 'airlock-session';

  it('after setting, rotating and removing a session’s profile', () => {
    fc.assert(
      fc.property(anyFile, fc.boolean(), ([kind, text], rotate) => {
        const start: ProfileEdit = {
          profile: SESSION_PROFILE,
          action: 'set',
          set: { aws_access_key_id: 'ASIA1', region: 'eu-west-1' },
          owner: 'sess-1',
        };
        let started: string;
        try {
          started = applyProfileEdits(text, kind, [start], PATH);
        } catch (error) {
          if (isParseRefusal(error)) return;
          throw error;
        }
        if (rotate) {
          started = applyProfileEdits(
            started,
            kind,
            [{ ...start, set: { aws_access_key_id: 'ASIA2', aws_session_token: 't' } }],
            PATH,
          );
        }
        const stopped = applyProfileEdits(
          started,
          kind,
          [{ profile: SESSION_PROFILE, action: 'remove' }],
          PATH,
        );
        expect(JSON.stringify(stopped)).toBe(JSON.stringify(text));
      }),
      { numRuns: RUNS },
    );
  });
});

function lowerKeys(record: Record<string, string>): Record<string, true> {
  return Object.fromEntries(Object.keys(record).map((key) => [key.toLowerCase(), true]));
}

describe('property: agrees with the JS SDK’s parser', () => {
  const credentialsPath = '/virtual/airlock-property/credentials';
  const configPath = '/virtual/airlock-property/config';

  async function sdkRead(
    kind: AwsFileKind,
    text: string,
  ): Promise<Record<string, Record<string, string>>> {
    externalDataInterceptor.interceptFile(credentialsPath, kind === 'credentials' ? text : '');
    externalDataInterceptor.interceptFile(configPath, kind === 'config' ? text : '');
    const files = await loadSharedConfigFiles({
      filepath: credentialsPath,
      configFilepath: configPath,
      ignoreCache: true,
    });
    const parsed = kind === 'credentials' ? files.credentialsFile : files.configFile;
    const profiles: Record<string, Record<string, string>> = {};
    for (const [name, values] of Object.entries(parsed)) {
      // Not profiles: the config file's sso-session and services sections.
      if (kind === 'config' && /^(sso-session|services)\./.test(name)) continue;
      profiles[name] = Object.fromEntries(
        Object.entries(values).filter(
          (entry): entry is [string, string] => typeof entry[1] === 'string',
        ),
      );
    }
    return profiles;
  }

  it('reads the same profiles and values from every file in the shared grammar', async () => {
    await fc.assert(
      fc.asyncProperty(
        kindArb.chain((kind) => fc.tuple(fc.constant(kind), iniFile(kind, { wild: false }))),
        async ([kind, text]) => {
          const ours = listProfileSnapshots(parseIniDocument(text), kind);
          const sdk = await sdkRead(kind, text);
          const oursByName = Object.fromEntries(
            ours.map((profile) => [profile.name, profile.values]),
          );
          for (const [name, values] of Object.entries(oursByName)) {
            // The SDK keeps no entry for a section without keys.
            expect(sdk[name] ?? {}).toEqual(values);
          }
          for (const name of Object.keys(sdk)) expect(oursByName).toHaveProperty([name]);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
