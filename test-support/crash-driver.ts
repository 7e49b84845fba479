// A child process for crash tests: loops start/rotate/stop on a few sessions until it is killed.
// Every issued credential set is appended to CRASH_ISSUED_LOG before the core can write it to a file.
import { appendFileSync, writeSync } from 'node:fs';
import { createCore } from '../src/main/create-core';
import type { SecretSlot, SecretStore } from '../src/main/secrets/secret-store';

const env = process.env as Record<string, string>;
const issuedLog = env.CRASH_ISSUED_LOG!;
const longTerm = env.CRASH_LONG_TERM_KEYS!;
const sessionCount = Number(env.CRASH_SESSIONS ?? '3');
const operations = Number(env.CRASH_OPERATIONS ?? 'Infinity');
/** One line per operation begun and ended, so the test can tell where each kill landed. */
const progressLog = env.CRASH_PROGRESS_LOG;
const progress = (line: string): void => {
  if (progressLog) appendFileSync(progressLog, `${line}\n`);
};

/** In memory, seeded with the user's keys; 'session' sets are logged durably first (the core writes files after). */
class LoggingSecrets implements SecretStore {
  private readonly values = new Map<string, string>();
  async get(id: string, slot: SecretSlot): Promise<string | undefined> {
    return slot === 'long-term' ? longTerm : this.values.get(`${id}:${slot}`);
  }
  async set(id: string, slot: SecretSlot, value: string): Promise<void> {
    if (slot === 'session') appendFileSync(issuedLog, `${value}\n`);
    this.values.set(`${id}:${slot}`, value);
  }
  async delete(id: string, slot: SecretSlot): Promise<boolean> {
    return this.values.delete(`${id}:${slot}`);
  }
}

const core = await createCore({ env, secrets: new LoggingSecrets(), rotate: false });
const names: string[] = [];
for (let i = 0; i < sessionCount; i++) {
  const name = `crash-${i}`;
  names.push(name);
  if (!core.sessions.list().some((s) => s.name === name)) {
    await core.sessions.add({
      config: { kind: 'iam-user', name, profile: name, region: 'eu-west-1', durationSeconds: 900 },
      keys: JSON.parse(longTerm) as { accessKeyId: string; secretAccessKey: string },
    });
  }
}
// The SDK loads lazily on the first STS call: load it now so kills land in operations, not in module loading.
await import('@aws-sdk/client-sts');
// Only a live session can rotate (an inactive one is refused with NOT_ACTIVE): keep one live, so
// kills land in real rotations too, not only in starts.
if (!names.some((n) => core.sessions.get(n).state.status === 'active')) {
  await core.sessions.start(names[0]!);
}
// Synchronous, so the parent's kill lands among the operations rather than during startup.
writeSync(1, 'ready\n');

const pick = <T>(items: T[]): T | undefined => items[Math.floor(Math.random() * items.length)];
for (let op = 0; op < operations; op++) {
  // The kind first, then a session it makes sense for, so kills land in rotations and stops as
  // often as in starts.
  const active = names.filter((n) => core.sessions.get(n).state.status === 'active');
  const inactive = names.filter((n) => !active.includes(n));
  // With none live any more (stopped by this loop), a rotation pick becomes a start.
  const picked = pick(['start', 'rotate', 'stop'] as const)!;
  const kind = picked === 'rotate' && !active.length ? 'start' : picked;
  const name = kind === 'start' ? (pick(inactive) ?? pick(names)!) : (pick(active) ?? pick(names)!);
  progress(`begin ${kind}`);
  if (kind === 'start') await core.sessions.start(name);
  else if (kind === 'rotate') await core.sessions.rotate(name);
  else await core.sessions.stop(name);
  progress(`end ${kind}`);
}
await core.dispose();
