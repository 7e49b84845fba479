// The quick switcher's matcher and ranker: pure. Each query term must match one of a session's
// fields (name, account name and id, role, profile, region, tags) as a substring or, failing that,
// as a subsequence; word starts and runs score higher. Ties go to pinned, then recent sessions.
import type { SessionView } from '../../../shared/sessions';
import { accountNameOf, accountOf, roleOf } from '../sessions/session-filter';

/** How much a match in each field counts. */
const WEIGHTS = {
  name: 3,
  accountName: 2,
  role: 2,
  profile: 1.5,
  tag: 1.5,
  accountId: 1,
  region: 1,
} as const;

type Field = readonly [text: string, weight: number];

interface Prepared {
  fields: readonly Field[];
  /** Every field joined: a term that is not a subsequence of this matches no field. */
  all: string;
  pinned: boolean;
  usedMs: number;
}

const prepared = new WeakMap<SessionView, Prepared>();

/** Computed once per session object (the list model replaces an object when it changes). */
function prepare(view: SessionView): Prepared {
  let entry = prepared.get(view);
  if (entry === undefined) {
    const list: Field[] = [
      [view.name.toLowerCase(), WEIGHTS.name],
      [view.profile.toLowerCase(), WEIGHTS.profile],
    ];
    const accountName = accountNameOf(view);
    if (accountName) list.push([accountName.toLowerCase(), WEIGHTS.accountName]);
    const account = accountOf(view);
    if (account) list.push([account, WEIGHTS.accountId]);
    const role = roleOf(view);
    if (role) list.push([role.toLowerCase(), WEIGHTS.role]);
    if (view.region) list.push([view.region, WEIGHTS.region]);
    for (const tag of view.marks?.tags ?? []) list.push([tag.toLowerCase(), WEIGHTS.tag]);
    entry = {
      fields: list,
      all: list.map(([text]) => text).join('\n'),
      pinned: view.marks?.pinned === true,
      usedMs: view.usedAt ? Date.parse(view.usedAt) || 0 : 0,
    };
    prepared.set(view, entry);
  }
  return entry;
}

function isSubsequence(text: string, term: string): boolean {
  let from = 0;
  for (const char of term) {
    const index = text.indexOf(char, from);
    if (index < 0) return false;
    from = index + 1;
  }
  return true;
}

const SEPARATORS = new Set(['-', '_', '.', '/', ':', ' ', '@', '+', '=', ',']);

function isWordStart(text: string, index: number): boolean {
  return index === 0 || SEPARATORS.has(text[index - 1]!);
}

/** How well `term` (lower case) matches `text`; 0 when it does not. */
export function matchScore(text: string, term: string): number {
  if (term.length === 0 || term.length > text.length) return 0;
  const at = text.indexOf(term);
  if (at >= 0) {
    let score = 100 - Math.min(at, 20);
    if (at === 0) score += 50;
    else if (isWordStart(text, at)) score += 30;
    if (term.length === text.length) score += 40;
    return score;
  }
  // A subsequence: each character in order, rewarded for runs and word starts.
  let score = 0;
  let from = 0;
  let previous = -2;
  for (const char of term) {
    const index = text.indexOf(char, from);
    if (index < 0) return 0;
    score += 1;
    if (index === previous + 1) score += 5;
    if (isWordStart(text, index)) score += 8;
    previous = index;
    from = index + 1;
  }
  // Never above a substring match, and worse the more it spreads.
  return Math.max(1, Math.min(60, score - Math.floor((previous - text.indexOf(term[0]!)) / 4)));
}

/** The query's score for a session; 0 when some term matches none of its fields. */
export function sessionScore(view: SessionView, terms: readonly string[]): number {
  const { fields, all } = prepare(view);
  for (const term of terms) if (!isSubsequence(all, term)) return 0;
  let total = 0;
  for (const term of terms) {
    let best = 0;
    for (const [text, weight] of fields) {
      const score = matchScore(text, term) * weight;
      if (score > best) best = score;
    }
    if (best === 0) return 0;
    total += best;
  }
  return total;
}

export function queryTerms(query: string): string[] {
  return query.toLowerCase().split(/\s+/).filter(Boolean);
}

/** Pinned first, then the most recently started, then by name. */
function byPreference(a: SessionView, b: SessionView): number {
  const x = prepare(a);
  const y = prepare(b);
  if (x.pinned !== y.pinned) return x.pinned ? -1 : 1;
  const used = y.usedMs - x.usedMs;
  if (used) return used;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * The last query's matches: typing on extends the query, and whatever matches the longer query
 * matched the shorter one (each term only grows or a term is added), so only those are scored.
 */
let last: { sessions: readonly SessionView[]; query: string; matches: SessionView[] } | undefined;

export interface SwitcherResult {
  /** The best matches, at most `limit`. */
  items: SessionView[];
  /** How many matched in all. */
  total: number;
}

export function rankSessions(
  sessions: readonly SessionView[],
  query: string,
  limit = 50,
): SwitcherResult {
  const terms = queryTerms(query);
  if (terms.length === 0) {
    const items = [...sessions].sort(byPreference);
    return { items: items.slice(0, limit), total: items.length };
  }
  const normalized = terms.join(' ');
  const candidates =
    last && last.sessions === sessions && normalized.startsWith(last.query)
      ? last.matches
      : sessions;
  const scored: { view: SessionView; score: number }[] = [];
  for (const view of candidates) {
    const score = sessionScore(view, terms);
    if (score > 0) scored.push({ view, score });
  }
  last = { sessions, query: normalized, matches: scored.map((s) => s.view) };
  scored.sort((a, b) => b.score - a.score || byPreference(a.view, b.view));
  return { items: scored.slice(0, limit).map((s) => s.view), total: scored.length };
}
