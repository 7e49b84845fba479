// Pure model of the form's marks (pin, colour, tags as comma-separated text) → the contract's
// marks patch, validated by the same schema main applies; and the patch an edit needs, if any.
import {
  sessionMarksSchema,
  type SessionColor,
  type SessionMarks,
  type SessionMarksPatch,
} from '../../../shared/sessions';

export interface MarksValues {
  pinned: boolean;
  /** '' for none. */
  color: SessionColor | '';
  /** Tags as typed: "prod, team a". */
  tags: string;
}

export function marksValues(marks: SessionMarks | undefined): MarksValues {
  return {
    pinned: marks?.pinned === true,
    color: marks?.color ?? '',
    tags: (marks?.tags ?? []).join(', '),
  };
}

export type MarksOutcome =
  | { ok: true; marks: { pinned: boolean; color: SessionColor | null; tags: string[] } }
  | { ok: false; error: string };

export function parseMarks(values: MarksValues): MarksOutcome {
  const tags = values.tags
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean);
  const parsed = sessionMarksSchema.safeParse({
    pinned: values.pinned,
    color: values.color === '' ? null : values.color,
    tags,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const which = typeof issue?.path[1] === 'number' ? ` (“${tags[issue.path[1]]}”)` : '';
    return { ok: false, error: `Tags${which} ${issue?.message ?? 'are not valid'}` };
  }
  const { pinned = false, color = null, tags: clean = [] } = parsed.data;
  return { ok: true, marks: { pinned, color, tags: clean } };
}

/** What an edit must send so the session gets these marks; undefined when they are the same. */
export function marksPatch(
  current: SessionMarks | undefined,
  next: { pinned: boolean; color: SessionColor | null; tags: string[] },
): SessionMarksPatch | undefined {
  const patch: SessionMarksPatch = {};
  if ((current?.pinned === true) !== next.pinned) patch.pinned = next.pinned;
  if ((current?.color ?? null) !== next.color) patch.color = next.color;
  if ((current?.tags ?? []).join('\n') !== next.tags.join('\n')) patch.tags = next.tags;
  return Object.keys(patch).length ? patch : undefined;
}
