// A new session's id: 8 hex digits, never one the store holds already and never all decimal
// digits (JavaScript orders such object keys first, so the store and every list would no longer
// keep the order sessions were added in).
import { randomUUID } from 'node:crypto';

const INTEGER_LIKE = /^\d+$/;

export function newSessionId(
  taken: Readonly<Record<string, unknown>>,
  random: () => string = randomUUID,
): string {
  for (;;) {
    const id = random().slice(0, 8);
    if (!INTEGER_LIKE.test(id) && !Object.hasOwn(taken, id)) return id;
  }
}
