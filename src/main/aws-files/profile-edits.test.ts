import { describe, expect, it, vi } from 'vitest';
import type { AwsFileKind, ProfileEdit } from './aws-files';
import { AwsFilesError } from './aws-files-error';
import { KEEP_PARSED_MS, allLines, parseIniDocument } from './ini-document';
import { applyProfileEdits } from './profile-edits';
import { validateEdits } from './profile-edit-checks';
import {
  listProfileOwners,
  listProfileSnapshots,
  profileSections,
  snapshotProfile,
} from './profile-sections';

const PATH = '/home/u/.aws/credentials';
const MARKER = (id: string): string =>
  `# Managed by Airlock (session ${id}). Edits here are replaced on rotation.`;

function edit(text: string, kind: AwsFileKind, ...edits: ProfileEdit[]): string {
  validateEdits(kind, edits, PATH);
  return applyProfileEdits(text, kind, edits, PATH);
}

function read(text: string, kind: AwsFileKind, profile: string) {
  const doc = parseIniDocument(text);
  return snapshotProfile(doc, profile, profileSections(doc, kind, profile));
}

function thrown(run: () => unknown): AwsFilesError {
  try {
    run();
  } catch (error) {
    if (error instanceof AwsFilesError) return error;
    throw error;
  }
  throw new Error('expected an AwsFilesError');
}

describe('lossless model', () => {
  const odd = [
    '',
    '\n',
    '[a]',
    '[a]\nx=1',
    '# only a comment',
    '\ufeff[a]\r\nx = 1\r\n',
    '; semi\n# hash\n\n[a]\n  key   =   spaced value  \n\tother:colon\n',
    '[profile p]\ns3 =\n  max_concurrent_requests = 10\n  addressing_style = path\nregion = eu-west-1\n',
    '[a]\r\nx = 1\n[b]\ry=2\r\n',
    'stray = line\n[a]\nnot a key line\n=empty key\n',
    '[a]\nunknown_key = keep me\n\n\n',
  ];
  it.each(odd)('gives back the identical text when nothing is edited: %j', (text) => {
    expect(edit(text, 'credentials')).toBe(text);
    const doc = parseIniDocument(text);
    const rebuilt = allLines(doc)
      .map((line) => text.slice(line.start, line.next))
      .join('');
    expect((doc.bom ? '\ufeff' : '') + rebuilt).toBe(text);
  });

  it('reads values as botocore does: lower-cased keys, either delimiter, continuation lines', () => {
    const text = '[a]\nAWS_Access_Key_ID = AKIA\nregion: eu-west-1\nmulti = one\n  two\n';
    expect(read(text, 'credentials', 'a')?.values).toEqual({
      aws_access_key_id: 'AKIA',
      region: 'eu-west-1',
      multi: 'one\ntwo',
    });
  });

  it('flattens a nested block the way the JS SDK does', () => {
    const text = '[profile p]\ns3 =\n  max_concurrent_requests = 10\n  addressing_style = path\n';
    expect(read(text, 'config', 'p')?.values).toEqual({
      's3.max_concurrent_requests': '10',
      's3.addressing_style': 'path',
    });
  });

  it('lets a later key replace a nested block, but not a dotted key written as one, as botocore and the SDK read them', () => {
    const text = '[p]\ns3.lit = 2\ns3 = plain\n';
    expect(read(text, 'credentials', 'p')?.values).toEqual({ s3: 'plain', 's3.lit': '2' });
    const nested = '[p]\ns3 =\n  a = 1\ns3.lit = 2\ns3 = plain\n';
    expect(read(nested, 'credentials', 'p')?.values).toEqual({ s3: 'plain', 's3.lit': '2' });
  });

  it('keeps an inline "#" in a value, as the AWS CLI does', () => {
    expect(read('[a]\nx = 1 # note\n', 'credentials', 'a')?.values).toEqual({ x: '1 # note' });
  });

  it('treats an indented header after a key as a continuation, as configparser does', () => {
    const text = '[a]\nx = 1\n  [b]\n';
    expect(read(text, 'credentials', 'b')).toBeUndefined();
    expect(read(text, 'credentials', 'a')?.values).toEqual({ x: '1\n[b]' });
  });

  it('applies [DEFAULT] keys to every profile and never lists DEFAULT as a profile', () => {
    const text = '[DEFAULT]\nregion = d\n[a]\nx = 1\n';
    expect(read(text, 'credentials', 'a')?.values).toEqual({ region: 'd', x: '1' });
    expect(listProfileSnapshots(parseIniDocument(text), 'credentials').map((p) => p.name)).toEqual([
      'a',
    ]);
  });
});

describe('config file profile names', () => {
  it('maps [default] and [profile NAME], and ignores [NAME] without the prefix like the AWS CLI', () => {
    const text =
      '[default]\nregion = a\n[profile dev]\nregion = b\n[ops]\nregion = c\n[preview]\nx=1\n';
    const names = listProfileSnapshots(parseIniDocument(text), 'config').map((p) => p.name);
    expect(names).toEqual(['default', 'dev']);
  });

  it('splits the header like shlex: extra spaces and quotes name the same profile', () => {
    expect(read('[profile   "dev"]\nregion = x\n', 'config', 'dev')?.values).toEqual({
      region: 'x',
    });
    expect(read('[profile a b]\nregion = x\n', 'config', 'a')).toBeUndefined();
    expect(read('[profiledev]\nregion = x\n', 'config', 'dev')).toBeUndefined();
  });

  it('reads [profile NAME] in the credentials file as a profile called "profile NAME"', () => {
    expect(read('[profile dev]\nx = 1\n', 'credentials', 'profile dev')?.values).toEqual({
      x: '1',
    });
    expect(read('[profile dev]\nx = 1\n', 'credentials', 'dev')).toBeUndefined();
  });

  it('writes [profile NAME] for new config profiles and [default] for the default one', () => {
    const text = edit(
      '',
      'config',
      { profile: 'dev', action: 'set', set: { region: 'eu-west-1' } },
      { profile: 'default', action: 'set', set: { region: 'us-east-1' } },
    );
    expect(text).toBe('[profile dev]\nregion = eu-west-1\n[default]\nregion = us-east-1\n');
  });

  it('lets the later of [default] and [profile default] win whole, as botocore does', () => {
    const text = '[profile default]\nregion = a\noutput = json\n[default]\nregion = b\n';
    expect(read(text, 'config', 'default')?.values).toEqual({ region: 'b' });
  });
});

describe('set', () => {
  const base =
    '# creds\n[a]\nx = 1\n\n[dev]\naws_access_key_id   =   OLD\nregion=eu-west-1\n\n[z]\nq = 1\n';

  it('updates a key in place, keeping its spacing, and touches nothing else', () => {
    const after = edit(base, 'credentials', {
      profile: 'dev',
      action: 'set',
      set: { aws_access_key_id: 'NEW' },
    });
    expect(after).toBe(base.replace('OLD', 'NEW'));
  });

  it('with handWritten refuse, refuses a hand-written section and writes over an Airlock one', () => {
    const guarded = (owner: string): ProfileEdit => ({
      profile: 'dev',
      action: 'set',
      owner,
      handWritten: 'refuse',
      set: { aws_access_key_id: 'NEW' },
    });
    const error = thrown(() => edit(base, 'credentials', guarded('s1')));
    expect(error.code).toBe('PROFILE_CONFLICT');
    expect(error.message).toBe(
      `Profile dev in ${PATH} was written by hand, so Airlock will not overwrite it. Use another profile, or rename that section.`,
    );
    const ours = `[dev]\n${MARKER('s0')}\naws_access_key_id = OLD\n`;
    expect(edit(ours, 'credentials', guarded('s1'))).toBe(
      `[dev]\n${MARKER('s1')}\naws_access_key_id = NEW\n`,
    );
    expect(edit('', 'credentials', guarded('s1'))).toBe(
      `[dev]\n${MARKER('s1')}\naws_access_key_id = NEW\n`,
    );
  });

  it('with handWritten skip, leaves a hand-written section byte-identical and sets an Airlock one', () => {
    const skip: ProfileEdit = {
      profile: 'dev',
      action: 'set',
      owner: 's1',
      handWritten: 'skip',
      set: { region: 'us-east-2' },
    };
    expect(edit(base, 'credentials', skip)).toBe(base);
    expect(edit(`[dev]\n${MARKER('s1')}\nregion = eu-west-1\n`, 'credentials', skip)).toBe(
      `[dev]\n${MARKER('s1')}\nregion = us-east-2\n`,
    );
  });

  it('matches keys case-insensitively and keeps the file’s spelling of the key', () => {
    const after = edit('[dev]\nAWS_ACCESS_KEY_ID = OLD\n', 'credentials', {
      profile: 'dev',
      action: 'set',
      set: { aws_access_key_id: 'NEW' },
    });
    expect(after).toBe('[dev]\nAWS_ACCESS_KEY_ID = NEW\n');
  });

  it('appends new keys after the section’s last key line, before the blank line', () => {
    const after = edit(base, 'credentials', { profile: 'dev', action: 'set', set: { token: 'T' } });
    expect(after).toBe(base.replace('region=eu-west-1\n', 'region=eu-west-1\ntoken = T\n'));
  });

  it('removes unset keys with their continuation lines', () => {
    const text = '[dev]\ns3 =\n  max = 1\nkeep = 1\nold = 2\n';
    const after = edit(text, 'credentials', {
      profile: 'dev',
      action: 'set',
      set: {},
      unset: ['s3', 'OLD'],
    });
    expect(after).toBe('[dev]\nkeep = 1\n');
  });

  it('drops the section when dropIfEmpty leaves no key', () => {
    const after = edit(base, 'credentials', {
      profile: 'dev',
      action: 'set',
      set: {},
      unset: ['aws_access_key_id', 'region'],
      dropIfEmpty: true,
    });
    expect(after).toBe('# creds\n[a]\nx = 1\n\n[z]\nq = 1\n');
  });

  it('appends a new section after a line break when the file lacks a final newline, and the file still lacks one', () => {
    const after = edit('[a]\nx = 1', 'credentials', {
      profile: 'b',
      action: 'set',
      set: { y: '2' },
    });
    expect(after).toBe('[a]\nx = 1\n[b]\ny = 2');
  });

  it('unsetting the last key of a file without a final newline adds none', () => {
    const after = edit('[a]\r\nx = 1\r\ny = 2', 'credentials', {
      profile: 'a',
      action: 'set',
      set: {},
      unset: ['y'],
    });
    expect(after).toBe('[a]\r\nx = 1');
  });

  it('writes CRLF into a CRLF file', () => {
    const text = '[a]\r\nx = 1\r\n';
    const after = edit(
      text,
      'credentials',
      { profile: 'a', action: 'set', set: { y: '2' } },
      { profile: 'b', action: 'set', set: { z: '3' }, owner: 's' },
    );
    expect(after).toBe(`[a]\r\nx = 1\r\ny = 2\r\n[b]\r\n${MARKER('s')}\r\nz = 3\r\n`);
  });

  it('keeps a BOM and a missing final newline', () => {
    const after = edit('\ufeff[a]\nx = 1', 'credentials', {
      profile: 'a',
      action: 'set',
      set: { x: '2', y: '3' },
    });
    expect(after).toBe('\ufeff[a]\nx = 2\ny = 3');
  });

  it('writes the owner marker as the first line and reads it back', () => {
    const after = edit('[dev]\nx = 1\n', 'credentials', {
      profile: 'dev',
      action: 'set',
      set: {},
      owner: 'sess-42',
    });
    expect(after).toBe(`[dev]\n${MARKER('sess-42')}\nx = 1\n`);
    expect(read(after, 'credentials', 'dev')?.owner).toBe('sess-42');
    const rotated = edit(after, 'credentials', {
      profile: 'dev',
      action: 'set',
      set: { x: '2' },
      owner: 'sess-43',
    });
    expect(rotated).toBe(`[dev]\n${MARKER('sess-43')}\nx = 2\n`);
  });

  it('keeps the marker when a set names no owner, and reports no owner for hand-written sections', () => {
    const owned = `[dev]\n${MARKER('s1')}\nx = 1\n`;
    const after = edit(owned, 'credentials', { profile: 'dev', action: 'set', set: { x: '2' } });
    expect(read(after, 'credentials', 'dev')?.owner).toBe('s1');
    expect(
      read('[dev]\n# Managed by someone\nx = 1\n', 'credentials', 'dev')?.owner,
    ).toBeUndefined();
  });
});

describe('a start then a stop on a file without a final newline', () => {
  // A start adds the session's section (and rotation rewrites it); a stop removes it again.
  const cases: { name: string; kind: AwsFileKind; text: string; profile: string }[] = [
    { name: 'LF credentials', kind: 'credentials', text: '[a]\nx = 1', profile: 'dev' },
    { name: 'CRLF credentials', kind: 'credentials', text: '[a]\r\nx = 1', profile: 'dev' },
    { name: 'LF config', kind: 'config', text: '[default]\nregion = eu-west-1', profile: 'dev' },
    {
      name: 'CRLF config with a comment last',
      kind: 'config',
      text: '[default]\r\nregion = eu-west-1\r\n# note',
      profile: 'dev',
    },
    {
      name: 'a BOM and a blank last line',
      kind: 'credentials',
      text: '\ufeff[a]\nx = 1\n  ',
      profile: 'b',
    },
    { name: 'comments only', kind: 'config', text: '# hand-written', profile: 'default' },
  ];

  for (const { name, kind, text, profile } of cases) {
    it(`gives back identical bytes: ${name}`, () => {
      const started = edit(text, kind, {
        profile,
        action: 'set',
        set: { aws_access_key_id: 'AKIA1', region: 'us-east-1' },
        owner: 'sess-1',
      });
      expect(started.endsWith('\n')).toBe(false);
      const rotated = edit(started, kind, {
        profile,
        action: 'set',
        set: { aws_access_key_id: 'AKIA2', aws_session_token: 'tok' },
        owner: 'sess-1',
      });
      expect(read(rotated, kind, profile)?.values).toMatchObject({ aws_session_token: 'tok' });
      expect(edit(rotated, kind, { profile, action: 'remove' })).toBe(text);
      expect(edit(started, kind, { profile, action: 'remove' })).toBe(text);
    });
  }

  it('removes and restores the last section of such a file byte for byte', () => {
    for (const text of ['[a]\nx = 1\n[b]\ny = 2', '[a]\r\nx = 1\r\n\r\n[b]\r\ny = 2']) {
      const raw = read(text, 'credentials', 'b')!.raw;
      const removed = edit(text, 'credentials', { profile: 'b', action: 'remove' });
      expect(edit(removed, 'credentials', { profile: 'b', action: 'restore', raw })).toBe(text);
    }
  });
});

describe('remove and restore', () => {
  const text = '# top\n[a]\nx = 1\n\n# about dev\n[dev]\ny = 2\n# dev note\n\n[z]\nq = 1\n';

  it('removes only the section, leaving the next section’s leading comment', () => {
    expect(edit(text, 'credentials', { profile: 'dev', action: 'remove' })).toBe(
      '# top\n[a]\nx = 1\n\n# about dev\n[z]\nq = 1\n',
    );
    expect(edit(text, 'credentials', { profile: 'a', action: 'remove' })).toBe(
      '# top\n# about dev\n[dev]\ny = 2\n# dev note\n\n[z]\nq = 1\n',
    );
  });

  it('restores the exact raw text in place', () => {
    const snapshot = read(text, 'credentials', 'dev');
    expect(snapshot?.raw).toBe('[dev]\ny = 2\n# dev note\n\n');
    const changed = edit(text, 'credentials', { profile: 'dev', action: 'set', set: { y: '9' } });
    expect(
      edit(changed, 'credentials', { profile: 'dev', action: 'restore', raw: snapshot!.raw }),
    ).toBe(text);
  });

  it('appends a restored section that is missing; a file without a final newline still lacks one', () => {
    const restore: ProfileEdit = { profile: 'b', action: 'restore', raw: '[b]\ny = 2\n' };
    expect(edit('[a]\nx = 1\n', 'credentials', restore)).toBe('[a]\nx = 1\n[b]\ny = 2\n');
    expect(edit('[a]\nx = 1', 'credentials', restore)).toBe('[a]\nx = 1\n[b]\ny = 2');
  });

  it('refuses raw text that names another profile', () => {
    expect(
      thrown(() =>
        edit('', 'credentials', { profile: 'b', action: 'restore', raw: '[c]\ny = 2\n' }),
      ).code,
    ).toBe('VALIDATION');
  });
});

describe('duplicate sections and keys', () => {
  const dup = '[dev]\nx = 1\ny = 1\n[other]\no = 1\n[dev]\nx = 2\nx = 3\n';

  it('reads duplicates merged in file order, later keys winning (the JS SDK’s reading)', () => {
    expect(read(dup, 'credentials', 'dev')?.values).toEqual({ x: '3', y: '1' });
  });

  it('remove drops every duplicate', () => {
    expect(edit(dup, 'credentials', { profile: 'dev', action: 'remove' })).toBe('[other]\no = 1\n');
  });

  it('set folds same-named duplicates into the last one, keeping the keys that win, so the CLI reads it', () => {
    expect(edit(dup, 'credentials', { profile: 'dev', action: 'set', set: { z: '9' } })).toBe(
      '[other]\no = 1\n[dev]\nx = 3\ny = 1\nz = 9\n',
    );
    expect(edit(dup, 'credentials', { profile: 'dev', action: 'set', set: { x: '9' } })).toBe(
      '[other]\no = 1\n[dev]\nx = 9\ny = 1\n',
    );
  });

  it('set keeps a dotted key that a folded key of the same stem now follows', () => {
    const text = '[p]\nlone = a\n[p]\n# own\nlone.x = b\n';
    const after = edit(text, 'credentials', { profile: 'p', action: 'set', set: {} });
    expect(after).toBe('[p]\n# own\nlone.x = b\nlone = a\n');
    expect(read(after, 'credentials', 'p')?.values).toEqual({ lone: 'a', 'lone.x': 'b' });
  });

  it('set leaves differently spelled headers of the profile, dropping only the keys it sets', () => {
    const text = '[default]\nregion = a\noutput = json\n[profile default]\nregion = b\n';
    expect(edit(text, 'config', { profile: 'default', action: 'set', set: { region: 'c' } })).toBe(
      '[default]\noutput = json\n[profile default]\nregion = c\n',
    );
  });

  it('reports an owner only when every duplicate carries the same marker', () => {
    const mixed = `[dev]\n${MARKER('s')}\nx = 1\n[dev]\nx = 2\n`;
    expect(read(mixed, 'credentials', 'dev')?.owner).toBeUndefined();
    const both = `[dev]\n${MARKER('s')}\nx = 1\n[dev]\n${MARKER('s')}\nx = 2\n`;
    expect(read(both, 'credentials', 'dev')?.owner).toBe('s');
  });

  it('listProfileOwners agrees with the snapshots on every profile and owner', () => {
    const text = `[a]\nx = 1\n[dev]\n${MARKER('s')}\nx = 1\n[dev]\nx = 2\n[mine]\n${MARKER('m')}\ny = 1\n`;
    const doc = parseIniDocument(text);
    expect(listProfileOwners(doc, 'credentials')).toEqual(
      listProfileSnapshots(doc, 'credentials').map(({ name, owner }) =>
        owner === undefined ? { name } : { name, owner },
      ),
    );
    expect(listProfileOwners(doc, 'credentials')).toEqual([
      { name: 'a' },
      { name: 'dev' },
      { name: 'mine', owner: 'm' },
    ]);
  });

  it('listProfileOwners reads the marker only where configparser would: not in values, not after keys', () => {
    // The marker's text where it makes no owner (after a key, in a value, in the preamble, in a
    // continuation), around sections it does own, the last of them at the end of the file.
    const text = [
      MARKER('pre'),
      '[a]',
      'x = 1',
      MARKER('late'),
      '[b]',
      `note = ${MARKER('value')}`,
      '[c]',
      MARKER('c'),
      'x = 1',
      '[d]',
      'x = 1',
      `  ${MARKER('continued')}`,
      ...Array.from({ length: 50 }, (_, i) => `[hand-${i}]\nx = ${i}`),
      '[e]',
      '',
      MARKER('e'),
    ].join('\n');
    const doc = parseIniDocument(text);
    const owners = listProfileOwners(doc, 'credentials');
    expect(owners).toEqual(
      listProfileSnapshots(doc, 'credentials').map(({ name, owner }) =>
        owner === undefined ? { name } : { name, owner },
      ),
    );
    expect(owners.filter((o) => o.owner !== undefined)).toEqual([
      { name: 'c', owner: 'c' },
      { name: 'e', owner: 'e' },
    ]);
  });
});

describe('parsed documents', () => {
  it('hands out one frozen document per text, so repeated reads of an unchanged file share it', () => {
    const text = `[a]\n${MARKER('s')}\nx = 1\n`;
    const doc = parseIniDocument(text);
    expect(parseIniDocument(`${text}`)).toBe(doc);
    expect(Object.isFrozen(doc)).toBe(true);
    expect(Object.isFrozen(doc.sections)).toBe(true);
    expect(Object.isFrozen(doc.sections[0])).toBe(true);
    expect(() => {
      (doc.sections[0] as { start: number }).start = 3;
    }).toThrow(TypeError);
    // Another text is parsed afresh; two texts are kept (the credentials and config files).
    const other = parseIniDocument('[b]\n');
    expect(other).not.toBe(doc);
    expect(parseIniDocument(text)).toBe(doc);
    parseIniDocument('[c]\n');
    parseIniDocument('[d]\n');
    expect(parseIniDocument(text)).not.toBe(doc);
    expect(parseIniDocument(text)).toEqual(doc);
  });

  it('lets the documents go a second after their last use: a credentials file holds secrets', () => {
    vi.useFakeTimers();
    try {
      const text = `[a]\naws_secret_access_key = s\n`;
      const doc = parseIniDocument(text);
      vi.advanceTimersByTime(KEEP_PARSED_MS - 1);
      // Each use keeps it a second longer.
      expect(parseIniDocument(text)).toBe(doc);
      vi.advanceTimersByTime(KEEP_PARSED_MS - 1);
      expect(parseIniDocument(text)).toBe(doc);
      vi.advanceTimersByTime(KEEP_PARSED_MS);
      expect(parseIniDocument(text)).not.toBe(doc);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('refusals', () => {
  it('refuses to edit a file with a key line before any header, naming the line, not its text', () => {
    const error = thrown(() =>
      edit('aws_secret_access_key = SECRET\n[a]\n', 'credentials', {
        profile: 'a',
        action: 'set',
        set: { x: '1' },
      }),
    );
    expect(error.code).toBe('FILE_PARSE');
    expect(error.message).toContain(`${PATH} line 1`);
    expect(error.message).not.toContain('SECRET');
  });

  it('refuses to edit a profile holding a line that is neither a key nor a comment', () => {
    const text = '[a]\nx = 1\n[dev]\nSECRETGARBAGE\n';
    const error = thrown(() =>
      edit(text, 'credentials', { profile: 'dev', action: 'set', set: { x: '1' } }),
    );
    expect(error.code).toBe('FILE_PARSE');
    expect(error.message).toContain('line 4');
    expect(error.message).not.toContain('SECRETGARBAGE');
    // Other profiles of the same file stay editable.
    expect(edit(text, 'credentials', { profile: 'a', action: 'set', set: { x: '2' } })).toBe(
      '[a]\nx = 2\n[dev]\nSECRETGARBAGE\n',
    );
  });

  it('refuses an edit that would turn an indented header into part of a value', () => {
    const text = '[a]\n[c]\n  [b]\ny = 1\n';
    expect(read(text, 'credentials', 'b')?.values).toEqual({ y: '1' });
    const error = thrown(() =>
      edit(text, 'credentials', { profile: 'c', action: 'set', set: { k: 'v' } }),
    );
    expect(error.code).toBe('FILE_PARSE');
    expect(edit(text, 'credentials', { profile: 'c', action: 'remove' })).toBe(
      '[a]\n  [b]\ny = 1\n',
    );
  });

  it('refuses values spanning lines without echoing them, and unreadable names', () => {
    const error = thrown(() =>
      edit('', 'credentials', { profile: 'a', action: 'set', set: { x: 'SEC\nRET' } }),
    );
    expect(error.code).toBe('VALIDATION');
    expect(error.message).not.toContain('SEC');
    for (const profile of ['a b', 'x]', '', 'DEFAULT', '__proto__']) {
      expect(thrown(() => edit('', 'credentials', { profile, action: 'remove' })).code).toBe(
        'VALIDATION',
      );
    }
  });
});
