// Marks and recency in the store file: an old store reads as unpinned with no colour or tags, marks
// survive a round trip through the file, and junk in them is dropped without calling the store corrupt.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STORE_VERSION, SessionStore } from './session-store';
import { readStoredMarks } from './stored-marks';

const config = { kind: 'iam-user', name: 'dev', profile: 'dev' };

function storeWith(session: Record<string, unknown>): SessionStore {
  const dir = mkdtempSync(join(tmpdir(), 'airlock-marks-'));
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify({
      sessions: { abc: { id: 'abc', config, state: { status: 'inactive' }, ...session } },
      settings: {},
      __internal__: { migrations: { version: STORE_VERSION } },
    }),
  );
  return new SessionStore(dir);
}

describe('stored marks', () => {
  it('reads a store from before marks as unpinned, with no colour and no tags, and writes none back', async () => {
    const store = storeWith({});
    expect(store.warnings).toEqual([]);
    expect(store.read().sessions.abc?.marks).toBeUndefined();
    await store.update((d) => void (d.settings.rotationWindowSeconds = 900));
    expect(JSON.parse(readFileSync(store.path, 'utf8')).sessions.abc).not.toHaveProperty('marks');
  });

  it('keeps pin, colour and tags through the file', async () => {
    const store = storeWith({});
    await store.update((d) => {
      d.sessions.abc!.marks = { pinned: true, color: 'teal', tags: ['prod', 'team a'] };
    });
    const again = new SessionStore(store.dir);
    expect(again.read().sessions.abc?.marks).toEqual({
      pinned: true,
      color: 'teal',
      tags: ['prod', 'team a'],
    });
  });

  it('drops what does not fit (an unknown colour, a bad tag, a non-true pin) and keeps the rest', () => {
    const store = storeWith({
      marks: {
        pinned: 'yes',
        color: 'chartreuse',
        tags: ['ok', '', 'a,b', 7, 'x'.repeat(40), 'fine'],
      },
    });
    expect(store.warnings).toEqual([]);
    expect(store.read().sessions.abc?.marks).toEqual({ tags: ['ok', 'fine'] });
    expect(readStoredMarks({ pinned: false, tags: [] })).toBeUndefined();
    expect(readStoredMarks('pinned')).toBeUndefined();
    expect(readStoredMarks([true])).toBeUndefined();
  });

  it('keeps when a session was last used, and drops a usedAt that is not a time', () => {
    expect(storeWith({ usedAt: '2026-12-01T12:00:00.000Z' }).read().sessions.abc?.usedAt).toBe(
      '2026-12-01T12:00:00.000Z',
    );
    expect(storeWith({ usedAt: 'yesterday' }).read().sessions.abc).not.toHaveProperty('usedAt');
    expect(storeWith({ usedAt: 7 }).read().sessions.abc).not.toHaveProperty('usedAt');
  });
});
