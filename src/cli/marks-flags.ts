// `session add/edit --pin/--no-pin --color C --tags LIST`: the marks patch the flags ask for.
import { describeZodError } from '../main/airlock-error';
import { SESSION_COLORS, sessionMarksSchema, type SessionMarksPatch } from '../shared/sessions';
import { UsageError } from './usage-error';

export interface MarksFlags {
  pin?: boolean;
  color?: string;
  tags?: string;
}

/** What --color takes: a colour, or none to clear it. */
export const COLOR_CHOICES = [...SESSION_COLORS, 'none'] as const;

/** undefined when no marks flag was given (nothing to change). */
export function marksFromFlags(flags: MarksFlags): SessionMarksPatch | undefined {
  const patch: Record<string, unknown> = {};
  if (flags.pin !== undefined) patch.pinned = flags.pin;
  if (flags.color !== undefined) patch.color = flags.color === 'none' ? null : flags.color;
  if (flags.tags !== undefined) {
    patch.tags = flags.tags
      .split(',')
      .map((tag) => tag.trim())
      .filter(Boolean);
  }
  if (Object.keys(patch).length === 0) return undefined;
  const parsed = sessionMarksSchema.safeParse(patch);
  if (!parsed.success) throw new UsageError(`Invalid marks: ${describeZodError(parsed.error)}.`);
  return parsed.data;
}
