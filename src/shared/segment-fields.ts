// Saved filters ("segments") and list grouping as plain data, with no zod: the renderer's list
// imports these without loading the schemas (src/shared/segments.ts holds those).
import type { SessionKind, SessionStatus } from './sessions';

/** How the sessions list is grouped; 'none' is a flat list. */
export const SESSION_GROUPINGS = ['none', 'account', 'integration', 'kind', 'tag'] as const;
export type SessionGrouping = (typeof SESSION_GROUPINGS)[number];

export const GROUPING_LABELS: Record<SessionGrouping, string> = {
  none: 'None',
  account: 'Account',
  integration: 'Integration',
  kind: 'Kind',
  tag: 'Tag',
};

/**
 * What a list shows: every field set must match (absent: any). `text` is the search box's words,
 * matched as the search matches them.
 */
export interface SessionFilter {
  kind?: SessionKind;
  status?: SessionStatus;
  region?: string;
  /** An Identity Center integration's name (only sso-role sessions have one). */
  integration?: string;
  tag?: string;
  text?: string;
}

/** The fields of a filter besides its text, in the order the filter bar shows them. */
export const FILTER_FIELDS = ['kind', 'status', 'region', 'integration', 'tag'] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];

/** A saved filter: a unique name (case-insensitive), its filter, and the grouping it shows. */
export interface SegmentView {
  name: string;
  filter: SessionFilter;
  grouping: SessionGrouping;
}

export const MAX_SEGMENTS = 100;

/** The statuses a filter may ask for, in the filter bar's order. */
export const FILTER_STATUSES = ['active', 'pending', 'expired', 'failed', 'inactive'] as const;
