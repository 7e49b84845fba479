import { describe, expect, it } from 'vitest';
import { planRemove, planRename, planSave } from './segment-plan';
import { MAX_SEGMENTS, type SegmentView } from '../../shared/segments';

const seg = (name: string, text = name): SegmentView => ({
  name,
  filter: { text },
  grouping: 'none',
});

describe('segment plans', () => {
  it('adds last, refuses a taken name in any case, replaces in place when asked', () => {
    const list = [seg('A'), seg('B')];
    expect(planSave(list, seg('C'), false).map((s) => s.name)).toEqual(['A', 'B', 'C']);
    expect(() => planSave(list, seg('a'), false)).toThrow(/named A already exists/);
    expect(planSave(list, seg('a', 'new'), true)).toEqual([seg('a', 'new'), seg('B')]);
    expect(list).toEqual([seg('A'), seg('B')]);
  });

  it('refuses more than the limit', () => {
    const full = Array.from({ length: MAX_SEGMENTS }, (_, i) => seg(`s${i}`));
    expect(() => planSave(full, seg('one more'), false)).toThrow(/at most 100/);
  });

  it('renames in place, allows a change of case, refuses a taken or missing name', () => {
    const list = [seg('A'), seg('B')];
    expect(planRename(list, 'a', 'Z')).toEqual([{ ...seg('A'), name: 'Z' }, seg('B')]);
    expect(planRename(list, 'A', 'a')[0]?.name).toBe('a');
    expect(() => planRename(list, 'A', 'b')).toThrow(/named B already exists/);
    expect(() => planRename(list, 'C', 'D')).toThrow(/no saved filter named C/);
  });

  it('removes by name in any case, refuses a missing one', () => {
    expect(planRemove([seg('A'), seg('B')], 'b')).toEqual([seg('A')]);
    expect(() => planRemove([seg('A')], 'B')).toThrow(/no saved filter named B/);
  });
});
