// A session's marks (pin, colour, tags) as read from the store: lenient, since stores from before
// marks have none and a hand-edited one may hold junk. What does not fit is dropped, never fatal.
import { SESSION_COLORS, MAX_TAGS, tagSchema, type SessionMarks } from '../../shared/sessions';

const COLORS: ReadonlySet<string> = new Set(SESSION_COLORS);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Absent (an old store), or nothing left after dropping what is invalid: undefined. */
export function readStoredMarks(raw: unknown): SessionMarks | undefined {
  if (!isObject(raw)) return undefined;
  const marks: SessionMarks = {};
  if (raw.pinned === true) marks.pinned = true;
  if (typeof raw.color === 'string' && COLORS.has(raw.color)) {
    marks.color = raw.color as SessionMarks['color'];
  }
  if (Array.isArray(raw.tags)) {
    const tags = raw.tags.flatMap((tag) => {
      const parsed = tagSchema.safeParse(tag);
      return parsed.success ? [parsed.data] : [];
    });
    if (tags.length) marks.tags = tags.slice(0, MAX_TAGS);
  }
  return Object.keys(marks).length ? marks : undefined;
}
