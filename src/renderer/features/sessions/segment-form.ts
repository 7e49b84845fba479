// Pure: the save/rename form's name check (as main checks it, without zod) and the words that
// describe a filter in the sidebar and the dialog.
import type { SessionKind, SessionStatus } from '../../../shared/sessions';
import {
  GROUPING_LABELS,
  type SegmentView,
  type SessionFilter,
  type SessionGrouping,
} from '../../../shared/segment-fields';
import { STATUS_LABELS } from '../../components/StatusBadge';
import { KIND_LABELS } from './kind-labels';
import { normalizeFilter } from './session-filter';

/** Why the name cannot be saved, or undefined. `except` is the segment being renamed. */
export function checkSegmentName(
  name: string,
  segments: readonly SegmentView[],
  except?: string,
): string | undefined {
  const trimmed = name.trim();
  if (!trimmed) return 'is required';
  if (trimmed.length > 64) return 'must be at most 64 characters';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(trimmed)) return 'may not contain a control character';
  const lower = trimmed.toLowerCase();
  const taken = segments.find(
    (s) => s.name.toLowerCase() === lower && s.name.toLowerCase() !== except?.toLowerCase(),
  );
  return taken ? `is taken by the saved filter “${taken.name}”; pick another` : undefined;
}

/** "IAM role · Active · tag prod · “deploy” · by Account"; "All sessions" when it narrows nothing. */
export function describeFilter(filter: SessionFilter, grouping: SessionGrouping = 'none'): string {
  const f = normalizeFilter(filter);
  const parts: string[] = [];
  if (f.kind) parts.push(KIND_LABELS[f.kind as SessionKind]);
  if (f.status) parts.push(STATUS_LABELS[f.status as SessionStatus]);
  if (f.region) parts.push(f.region);
  if (f.integration) parts.push(`integration ${f.integration}`);
  if (f.tag) parts.push(`tag ${f.tag}`);
  if (f.text) parts.push(`“${f.text}”`);
  if (parts.length === 0) parts.push('All sessions');
  if (grouping !== 'none') parts.push(`by ${GROUPING_LABELS[grouping]}`);
  return parts.join(' · ');
}
