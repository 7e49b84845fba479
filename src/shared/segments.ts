// Saved filters ("segments"): the schemas of their IPC payloads and store entries. The zod-free
// types and lists are in segment-fields.ts, which the renderer's list imports.
import * as z from 'zod';
import {
  SESSION_KINDS,
  SESSION_STATUSES,
  integrationNameSchema,
  regionSchema,
  tagSchema,
} from './sessions';
import { SESSION_GROUPINGS, type SessionFilter, type SessionGrouping } from './segment-fields';

export * from './segment-fields';

export const segmentNameSchema = z
  .string()
  .trim()
  .min(1, { message: 'is required' })
  .max(64, { message: 'must be at most 64 characters' })
  .regex(/^[^\p{Cc}]+$/u, { message: 'may not contain a control character' });

export const sessionFilterSchema = z
  .object({
    kind: z.enum(SESSION_KINDS).optional(),
    status: z.enum(SESSION_STATUSES).optional(),
    region: regionSchema.optional(),
    integration: integrationNameSchema.optional(),
    tag: tagSchema.optional(),
    text: z.string().max(200, { message: 'must be at most 200 characters' }).optional(),
  })
  .strict() satisfies z.ZodType<SessionFilter>;

export const sessionGroupingSchema = z.enum(SESSION_GROUPINGS) satisfies z.ZodType<SessionGrouping>;

export const segmentInputSchema = z.object({
  name: segmentNameSchema,
  filter: sessionFilterSchema,
  grouping: sessionGroupingSchema.optional(),
});
export type SegmentInput = z.input<typeof segmentInputSchema>;

/** Same name, any case: names are unique without regard to case. */
export function sameSegmentName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}
