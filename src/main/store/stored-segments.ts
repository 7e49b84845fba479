// Saved filters as read from the store: lenient, like marks. A store from before segments has
// none; an entry that does not parse (a hand edit) is dropped, and a duplicate name keeps the first.
import {
  MAX_SEGMENTS,
  sameSegmentName,
  segmentInputSchema,
  type SegmentView,
} from '../../shared/segments';

export function readStoredSegments(raw: unknown): SegmentView[] {
  if (!Array.isArray(raw)) return [];
  const segments: SegmentView[] = [];
  for (const entry of raw) {
    const parsed = segmentInputSchema.safeParse(entry);
    if (!parsed.success) continue;
    const { name, filter, grouping = 'none' } = parsed.data;
    if (segments.some((s) => sameSegmentName(s.name, name))) continue;
    segments.push({ name, filter, grouping });
    if (segments.length === MAX_SEGMENTS) break;
  }
  return segments;
}
