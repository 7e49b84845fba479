// Pure: the shown sessions, a grouping and the collapsed groups → the flat rows of the virtual
// list (group headers are rows too), so grouping keeps the list virtual at 5,000 sessions.
import type { SessionView } from '../../../shared/sessions';
import type { SessionGrouping } from '../../../shared/segment-fields';
import { KIND_LABELS } from './kind-labels';
import {
  accountNameOf,
  accountOf,
  integrationOf,
  listLines,
  type ListLine,
  type SortKey,
} from './session-filter';

/** A group's heading: its name, how many sessions it holds and how many of them are active. */
export interface GroupHeader {
  type: 'group';
  /** Unique in its grouping; '' is the group of sessions with no value ("No account", "No tags"). */
  key: string;
  label: string;
  /** A second line of the name, e.g. an account's id beside its name. */
  detail?: string;
  count: number;
  active: number;
  collapsed: boolean;
}

/** A session under a group; its position counts headers and sessions alike (the rows shown). */
export interface GroupedSession {
  type: 'session';
  view: SessionView;
  position: number;
  group: string;
  /**
   * The row's list key: the session's id, which is unique unless the grouping can put a session
   * under several groups (tags), where the group comes first.
   */
  key: string;
}

export type GroupedRow = GroupHeader | GroupedSession;

/** What the list renders: the lines of the flat list, or grouped rows. */
export type ListRows = { grouped: false; rows: ListLine[] } | { grouped: true; rows: GroupedRow[] };

type Grouping = Exclude<SessionGrouping, 'none'>;

const NO_VALUE: Record<Grouping, string> = {
  account: 'No account',
  integration: 'No integration',
  kind: 'No kind',
  tag: 'No tags',
};

const KIND_ORDER = Object.keys(KIND_LABELS);

interface Bucket {
  key: string;
  label: string;
  detail?: string;
  order: string;
  views: SessionView[];
}

type GroupKey = Readonly<Omit<Bucket, 'views'>>;

/**
 * Each session's groups, per grouping, worked out once per session object (a change to a session
 * is a new object): a keystroke regroups every shown session, and at 5,000 sessions building
 * these keys (an ARN's regex, the order strings) each time was a third of it and most of its garbage.
 */
const groupCache = new WeakMap<SessionView, Partial<Record<Grouping, readonly GroupKey[]>>>();

function groupsOf(view: SessionView, grouping: Grouping): readonly GroupKey[] {
  let byGrouping = groupCache.get(view);
  if (!byGrouping) groupCache.set(view, (byGrouping = {}));
  return (byGrouping[grouping] ??= computeGroupsOf(view, grouping));
}

/**
 * The groups a session belongs to: one, except by tag, where a session with several tags is under
 * each of its tags (and counted in each).
 */
function computeGroupsOf(view: SessionView, grouping: Grouping): GroupKey[] {
  switch (grouping) {
    case 'account': {
      const id = accountOf(view);
      if (!id) return [];
      const name = accountNameOf(view);
      return [
        name
          ? { key: id, label: name, detail: id, order: `${name.toLowerCase()}\n${id}` }
          : { key: id, label: id, order: `\uffff${id}` },
      ];
    }
    case 'integration': {
      const name = integrationOf(view);
      return name ? [{ key: name, label: name, order: name.toLowerCase() }] : [];
    }
    case 'kind':
      return [
        {
          key: view.kind,
          label: KIND_LABELS[view.kind],
          order: String(KIND_ORDER.indexOf(view.kind)).padStart(2, '0'),
        },
      ];
    case 'tag':
      return [...new Set(view.marks?.tags ?? [])].map((tag) => ({
        key: tag,
        label: tag,
        order: tag.toLowerCase(),
      }));
  }
}

/**
 * Groups in name order (named accounts before bare ids, kinds in their usual order), the group of
 * sessions with no value last; within a group the sessions keep the order given (pinned first,
 * then the sort key). A collapsed group shows its header only, with its counts.
 */
export function groupRows(
  shown: readonly SessionView[],
  grouping: Grouping,
  collapsed: ReadonlySet<string>,
): GroupedRow[] {
  const buckets = new Map<string, Bucket>();
  const none: Bucket = { key: '', label: NO_VALUE[grouping], order: '', views: [] };
  for (const view of shown) {
    const groups = groupsOf(view, grouping);
    if (groups.length === 0) none.views.push(view);
    for (const group of groups) {
      let bucket = buckets.get(group.key);
      if (!bucket) {
        bucket = { ...group, views: [] };
        buckets.set(group.key, bucket);
      }
      bucket.views.push(view);
    }
  }
  const ordered = [...buckets.values()].sort((a, b) =>
    a.order < b.order ? -1 : a.order > b.order ? 1 : 0,
  );
  if (none.views.length) ordered.push(none);

  const rows: GroupedRow[] = [];
  for (const bucket of ordered) {
    const isCollapsed = collapsed.has(bucket.key);
    rows.push({
      type: 'group',
      key: bucket.key,
      label: bucket.label,
      ...(bucket.detail ? { detail: bucket.detail } : {}),
      count: bucket.views.length,
      active: bucket.views.filter((v) => v.state.status === 'active').length,
      collapsed: isCollapsed,
    });
    if (isCollapsed) continue;
    for (const view of bucket.views) {
      const key = grouping === 'tag' ? `${bucket.key}\n${view.id}` : view.id;
      rows.push({ type: 'session', view, position: rows.length + 1, group: bucket.key, key });
    }
  }
  return rows;
}

/** The list's rows for a grouping: 'none' is the flat list as before (account headings by account sort). */
export function listRows(
  shown: readonly SessionView[],
  grouping: SessionGrouping,
  sortKey: SortKey,
  collapsed: ReadonlySet<string>,
): ListRows {
  return grouping === 'none'
    ? { grouped: false, rows: listLines(shown, sortKey) }
    : { grouped: true, rows: groupRows(shown, grouping, collapsed) };
}
