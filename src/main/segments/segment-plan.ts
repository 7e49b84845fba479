// Pure: a save, rename or removal of a saved filter applied to the stored list, or the reason not.
import { AirlockError } from '../airlock-error';
import { MAX_SEGMENTS, sameSegmentName, type SegmentView } from '../../shared/segments';

function indexOf(segments: readonly SegmentView[], name: string): number {
  return segments.findIndex((s) => sameSegmentName(s.name, name));
}

function missing(name: string): AirlockError {
  return new AirlockError(
    'NOT_FOUND',
    `There is no saved filter named ${name}. Reload the list; another window may have removed it.`,
  );
}

/** A new segment goes last; a name already taken (in any case) is refused unless `replace`. */
export function planSave(
  segments: readonly SegmentView[],
  segment: SegmentView,
  replace: boolean,
): SegmentView[] {
  const at = indexOf(segments, segment.name);
  if (at >= 0 && !replace) {
    throw new AirlockError(
      'ALREADY_EXISTS',
      `A saved filter named ${segments[at]?.name ?? segment.name} already exists. Pick another name.`,
    );
  }
  if (at >= 0) return segments.map((s, i) => (i === at ? segment : s));
  if (segments.length >= MAX_SEGMENTS) {
    throw new AirlockError(
      'VALIDATION',
      `Airlock keeps at most ${MAX_SEGMENTS} saved filters. Remove one first.`,
    );
  }
  return [...segments, segment];
}

/** Keeps the segment's place, filter and grouping; the new name may differ from the old by case only. */
export function planRename(
  segments: readonly SegmentView[],
  name: string,
  newName: string,
): SegmentView[] {
  const at = indexOf(segments, name);
  if (at < 0) throw missing(name);
  const taken = indexOf(segments, newName);
  if (taken >= 0 && taken !== at) {
    throw new AirlockError(
      'ALREADY_EXISTS',
      `A saved filter named ${segments[taken]?.name ?? newName} already exists. Pick another name.`,
    );
  }
  return segments.map((s, i) => (i === at ? { ...s, name: newName } : s));
}

export function planRemove(segments: readonly SegmentView[], name: string): SegmentView[] {
  if (indexOf(segments, name) < 0) throw missing(name);
  return segments.filter((s) => !sameSegmentName(s.name, name));
}
