// The coloured status pill of a session.
import type { SessionStatus } from '../../shared/sessions';

export const STATUS_LABELS: Record<SessionStatus, string> = {
  inactive: 'Inactive',
  pending: 'Starting…',
  active: 'Active',
  expired: 'Expired',
  failed: 'Failed',
};

export function StatusBadge({ status }: { status: SessionStatus }) {
  return <span className={`badge badge-${status}`}>{STATUS_LABELS[status]}</span>;
}
