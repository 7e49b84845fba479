// The floors an in-process start cannot go under, measured in the same run as the start: what it
// waits for with nothing of Airlock's around it (no lock, no plan, no re-check).
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface StartFloorInput {
  /** One keychain write of a session's credentials (the start's own write, to a probe entry). */
  writeKeychain: () => Promise<void>;
  /** The two files a start replaces durably: the credentials file and the store. */
  files: readonly string[];
  /** The pause before each round: a start's STS round trip (the daemons answer slower once idle). */
  pauseMs: number;
  runs: number;
}

export interface StartFloors {
  keychainAlone: number[];
  /** The keychain write beside a bare durable replacement of each file. */
  keychainBesideWrites: number[];
}

/** Temp file beside a copy of the file, write, fsync, rename, folder fsync: the durable minimum. */
async function replaceDurably(path: string, content: Buffer): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.floor.tmp`);
  const file = await open(temp, 'w', 0o600);
  await file.writeFile(content);
  await file.sync();
  await file.close();
  await rename(temp, path);
  const folder = await open(dirname(path), 'r');
  await folder.sync();
  await folder.close();
}

const pause = (ms: number) => new Promise((resolvePause) => setTimeout(resolvePause, ms));

export async function measureStartFloors(input: StartFloorInput): Promise<StartFloors> {
  const floors: StartFloors = { keychainAlone: [], keychainBesideWrites: [] };
  const copies = await Promise.all(
    input.files.map(async (path) => ({ path: `${path}.bench-floor`, bytes: await readFile(path) })),
  );
  try {
    for (let i = 0; i < input.runs; i++) {
      await pause(input.pauseMs);
      let started = performance.now();
      await input.writeKeychain();
      floors.keychainAlone.push(performance.now() - started);
      await pause(input.pauseMs);
      started = performance.now();
      await Promise.all([
        input.writeKeychain(),
        ...copies.map((copy) => replaceDurably(copy.path, copy.bytes)),
      ]);
      floors.keychainBesideWrites.push(performance.now() - started);
    }
  } finally {
    await Promise.all(copies.map((copy) => unlink(copy.path).catch(() => undefined)));
  }
  return floors;
}
