// Pure wording of an integration's login state and a sync's outcome, for the Integrations section.
import type { IntegrationView, SyncProgress, SyncSummary } from '../../../shared/identity-center';
import { formatRemaining } from '../../components/format-time';

export function loginStateText(view: IntegrationView, now: number): string {
  switch (view.loginState) {
    case 'logged-in': {
      const left = view.tokenExpiresAt ? Date.parse(view.tokenExpiresAt) - now : undefined;
      if (left === undefined) return 'Signed in';
      return left > 0
        ? `Signed in · token expires in ${formatRemaining(left)}`
        : 'Signed in · token expired, refreshed at next use';
    }
    case 'expired':
      return 'Sign-in expired: log in again';
    case 'logged-out':
      return 'Not signed in';
  }
}

export function progressText(progress: SyncProgress | undefined): string {
  if (!progress || progress.total === 0) return 'Finding accounts…';
  return `${progress.done} of ${progress.total} accounts`;
}

export function summaryText({ added, updated, orphaned, removed }: SyncSummary): string {
  return `Synced: ${added} added, ${updated} updated, ${orphaned} no longer assigned, ${removed} removed`;
}

/** Scopes typed as a space- or comma-separated list. */
export function scopeList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((scope) => scope.trim())
    .filter(Boolean);
}
