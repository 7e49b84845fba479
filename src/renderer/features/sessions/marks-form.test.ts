import { describe, expect, it } from 'vitest';
import { marksPatch, marksValues, parseMarks } from './marks-form';

describe('marks form', () => {
  it('turns comma-separated tags, a colour and the pin into the contract’s marks', () => {
    expect(parseMarks({ pinned: true, color: 'teal', tags: ' prod, team a ,, eu ' })).toEqual({
      ok: true,
      marks: { pinned: true, color: 'teal', tags: ['prod', 'team a', 'eu'] },
    });
    expect(parseMarks({ pinned: false, color: '', tags: '' })).toEqual({
      ok: true,
      marks: { pinned: false, color: null, tags: [] },
    });
  });

  it('names the tag that does not fit', () => {
    const outcome = parseMarks({ pinned: false, color: '', tags: `ok, ${'x'.repeat(33)}` });
    expect(outcome).toEqual({
      ok: false,
      error: `Tags (“${'x'.repeat(33)}”) must be at most 32 characters`,
    });
    const many = parseMarks({ pinned: false, color: '', tags: Array(21).fill('t').join(',') });
    expect(many).toEqual({ ok: false, error: 'Tags may hold at most 20 tags' });
  });

  it('shows stored marks as form values and back, and an edit sends only what changed', () => {
    const stored = { pinned: true, color: 'red' as const, tags: ['prod', 'eu'] };
    const values = marksValues(stored);
    expect(values).toEqual({ pinned: true, color: 'red', tags: 'prod, eu' });
    const parsed = parseMarks(values);
    expect(parsed.ok && marksPatch(stored, parsed.marks)).toBeUndefined();
    expect(marksPatch(stored, { pinned: false, color: 'red', tags: ['prod', 'eu'] })).toEqual({
      pinned: false,
    });
    expect(marksPatch(undefined, { pinned: false, color: null, tags: ['x'] })).toEqual({
      tags: ['x'],
    });
    expect(marksPatch(stored, { pinned: true, color: null, tags: [] })).toEqual({
      color: null,
      tags: [],
    });
  });
});
