// Pure formatting of durations and expiry countdowns.

/** "1h 04m", "4m 09s", "12s"; the largest two units are enough to act on. */
export function formatRemaining(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const pad = (n: number): string => String(n).padStart(2, '0');
  if (hours > 0) return `${hours}h ${pad(minutes)}m`;
  if (minutes > 0) return `${minutes}m ${pad(seconds)}s`;
  return `${seconds}s`;
}

export function expiryText(expiresAt: string | undefined, now: number): string | undefined {
  if (!expiresAt) return undefined;
  const remaining = Date.parse(expiresAt) - now;
  return remaining > 0 ? `expires in ${formatRemaining(remaining)}` : 'expired';
}
