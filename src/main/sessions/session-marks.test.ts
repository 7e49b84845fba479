// Applying a patch of marks: pure.
import { describe, expect, it } from 'vitest';
import { sessionMarksSchema } from '../../shared/sessions';
import { applyMarks } from './session-marks';

describe('applyMarks', () => {
  it('sets and clears each mark on its own, leaving the others', () => {
    const marked = applyMarks(undefined, { pinned: true, color: 'red', tags: ['prod'] });
    expect(marked).toEqual({ pinned: true, color: 'red', tags: ['prod'] });
    expect(applyMarks(marked, { pinned: false })).toEqual({ color: 'red', tags: ['prod'] });
    expect(applyMarks(marked, { color: null })).toEqual({ pinned: true, tags: ['prod'] });
    expect(applyMarks(marked, { tags: [] })).toEqual({ pinned: true, color: 'red' });
    expect(applyMarks(marked, {})).toEqual(marked);
  });

  it('leaves no marks at all once nothing is set', () => {
    expect(applyMarks({ pinned: true }, { pinned: false })).toBeUndefined();
    expect(applyMarks(undefined, { pinned: false, color: null, tags: [] })).toBeUndefined();
  });

  it('keeps the first spelling of tags that differ only in case, in order', () => {
    expect(applyMarks(undefined, { tags: ['Prod', 'eu', 'prod', 'EU', 'team a'] })).toEqual({
      tags: ['Prod', 'eu', 'team a'],
    });
  });

  it('the schema trims tags and refuses commas, control characters, long tags and too many', () => {
    expect(sessionMarksSchema.parse({ tags: ['  prod  '] })).toEqual({ tags: ['prod'] });
    for (const tags of [['a,b'], ['a\nb'], [''], ['x'.repeat(33)], Array(21).fill('t')]) {
      expect(sessionMarksSchema.safeParse({ tags }).success, JSON.stringify(tags)).toBe(false);
    }
    expect(sessionMarksSchema.safeParse({ color: 'chartreuse' }).success).toBe(false);
    expect(sessionMarksSchema.parse({ color: null })).toEqual({ color: null });
  });
});
