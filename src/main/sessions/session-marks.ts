// A patch of marks (pin, colour, tags) applied to a session's: pure. Tags keep their first
// spelling and order, duplicates (ignoring case) dropped; nothing set leaves no marks at all.
import type { SessionMarks, SessionMarksPatch } from '../../shared/sessions';

export function applyMarks(
  current: SessionMarks | undefined,
  patch: SessionMarksPatch,
): SessionMarks | undefined {
  const next: SessionMarks = { ...current };
  if (patch.pinned !== undefined) {
    if (patch.pinned) next.pinned = true;
    else delete next.pinned;
  }
  if (patch.color !== undefined) {
    if (patch.color === null) delete next.color;
    else next.color = patch.color;
  }
  if (patch.tags !== undefined) {
    const seen = new Set<string>();
    const tags = patch.tags.filter((tag) => {
      const key = tag.toLowerCase();
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    if (tags.length) next.tags = tags;
    else delete next.tags;
  }
  return Object.keys(next).length ? next : undefined;
}
