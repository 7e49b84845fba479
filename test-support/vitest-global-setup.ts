// Vitest global setup: one STS peer for the whole run, shared with tests via inject('stsPeer').
import type { TestProject } from 'vitest/node';
import { startStsPeer, type PeerSeed, type StsPeer } from './sts-peer/index';

declare module 'vitest' {
  export interface ProvidedContext {
    stsPeer: { endpoint: string; seed: PeerSeed };
  }
}

let peer: StsPeer | undefined;

export async function setup(project: TestProject): Promise<void> {
  const startedAt = Date.now();
  peer = await startStsPeer();
  if (process.env.AIRLOCK_TEST_TIMINGS) {
    console.log(`STS peer ready at ${peer.endpoint} in ${Date.now() - startedAt} ms`);
  }
  project.provide('stsPeer', { endpoint: peer.endpoint, seed: peer.seed });
}

export async function teardown(): Promise<void> {
  await peer?.stop();
  peer = undefined;
}
