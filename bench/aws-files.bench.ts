// Files-engine benchmark: setting one profile in files of 10 to 10,000 profiles, against a naive `ini` rewrite.
import {
  closeSync,
  fsyncSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse, stringify } from 'ini';
import { AwsFiles } from '../src/main/aws-files/aws-files';
import { median, ms, printTable } from './bench-stats';

const SIZES = [10, 1_000, 10_000];
const WARMUP = 3;
const RUNS = 31;
const TOKEN = 'IQoJb3JpZ2luX2VjE'.repeat(24);

function profileFile(count: number): string {
  const lines: string[] = ['# Benchmark credentials, hand-written style', ''];
  for (let i = 0; i < count; i++) {
    lines.push(
      `[user-${i}]`,
      `aws_access_key_id = AKIA${String(i).padStart(16, '0')}`,
      `aws_secret_access_key = ${'s'.repeat(30)}${String(i).padStart(10, '0')}`,
      'region = us-east-1',
      '',
    );
  }
  return lines.join('\n');
}

function credentialsFor(run: number): Record<string, string> {
  return {
    aws_access_key_id: `ASIA${String(run).padStart(16, '0')}`,
    aws_secret_access_key: `secret-${run}`,
    aws_session_token: TOKEN,
  };
}

async function timeOne(task: () => Promise<void> | void): Promise<number> {
  const started = process.hrtime.bigint();
  await task();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function measure(task: (run: number) => Promise<void> | void): Promise<number> {
  for (let run = 0; run < WARMUP; run++) await task(run);
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) times.push(await timeOne(() => task(WARMUP + run)));
  return median(times);
}

export async function runAwsFilesBench(): Promise<void> {
  const rows: string[][] = [];
  for (const count of SIZES) {
    const dir = mkdtempSync(join(tmpdir(), 'airlock-bench-files-'));
    try {
      const engineFile = join(dir, 'credentials');
      const baselineFile = join(dir, 'credentials-baseline');
      const content = profileFile(count);
      writeFileSync(engineFile, content, { mode: 0o600 });
      writeFileSync(baselineFile, content, { mode: 0o600 });
      // The profile Airlock rotates sits in the middle of the user's file.
      const profile = `user-${Math.floor(count / 2)}`;
      const files = new AwsFiles({ credentialsFile: engineFile, configFile: join(dir, 'config') });

      const engine = await measure((run) =>
        files.apply('credentials', [
          { profile, action: 'set', set: credentialsFor(run), owner: 'bench-session' },
        ]),
      );
      // Naive: read, parse and stringify the whole file with `ini`, write it back in place (no
      // temp file, no fsync, comments lost).
      const naive = (run: number): string => {
        const parsed = parse(readFileSync(baselineFile, 'utf8'));
        parsed[profile] = {
          ...(parsed[profile] as Record<string, string>),
          ...credentialsFor(run),
        };
        return stringify(parsed);
      };
      const baseline = await measure((run) => writeFileSync(baselineFile, naive(run)));
      // The same naive write made as durable as ours, to show what the fsyncs cost on this disk.
      const durableBaseline = await measure((run) => {
        const text = naive(run);
        const fd = openSync(baselineFile, 'w');
        writeFileSync(fd, text);
        fsyncSync(fd);
        closeSync(fd);
      });
      rows.push([
        count.toLocaleString('en-US'),
        `${(statSync(engineFile).size / 1024).toFixed(0)} KiB`,
        ms(engine),
        ms(baseline),
        `${(baseline / engine).toFixed(2)}x`,
        ms(durableBaseline),
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  printTable(
    `AWS files engine: median time to set one profile (${RUNS} runs; engine = lock, parse, atomic write with fsync)`,
    ['profiles', 'file', 'engine', 'baseline (ini)', 'baseline / engine', 'baseline + fsync'],
    rows,
  );
}

// `npm run bench:files` runs this benchmark alone.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runAwsFilesBench();
}
