// Session-core benchmarks: cold CLI start against the AWS CLI, in-process start overhead, cold credential_process.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { startStsPeer } from '../test-support/sts-peer/index';
import { makeTestCore } from '../test-support/test-core';
import type { Prompter } from '../src/main/sessions/prompter';
import { StsGateway } from '../src/main/sts/sts-gateway';
import { AwsFiles } from '../src/main/aws-files/aws-files';
import { CredentialCache } from '../src/main/secrets/credential-cache';
import { SessionWriter } from '../src/main/sessions/session-writer';
import { SessionStore } from '../src/main/store/session-store';
import { timePhases } from './phase-timer';
import { measureStartFloors } from './start-floor';
import { median, ms, printTable, timeProcess } from './bench-stats';
import { buildCli } from '../scripts/build-cli';

const RUNS = 15;
/** Rounds of the cheap cold processes (node -e 0, keytar, credential-process). */
const CHEAP_RUNS = 31;
/** Sessions added to the store for the in-process start at scale. */
const SCALE_SESSIONS = 5_000;

/** Debian's AWS CLI v2 (apt-get install awscli), issue 13's yardstick, when this machine has it. */
const DEBIAN_AWS_CLI = '/usr/bin/aws';

interface Yardstick {
  command: string;
  /** What `--version` printed: aws-cli/2.9.19 … */
  version: string;
  times: number[];
}

/** The AWS CLIs to time: Debian's v2 first when installed, then the `aws` on PATH if it differs. */
function yardsticks(): Yardstick[] {
  const found: Yardstick[] = [];
  const seen = new Set<string>();
  for (const command of [DEBIAN_AWS_CLI, 'aws']) {
    if (command.startsWith('/') && !existsSync(command)) continue;
    let version: string;
    try {
      version = execFileSync(command, ['--version'], { encoding: 'utf8' }).split(' ')[0]!.trim();
    } catch {
      continue;
    }
    if (seen.has(version)) continue;
    seen.add(version);
    found.push({ command, version, times: [] });
  }
  return found;
}

export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_')) env[k] = v;
  return { ...env, AWS_EC2_METADATA_DISABLED: 'true', ...extra };
}

export async function runCoreBench(): Promise<void> {
  await buildCli();
  const bin = resolve('bin/airlock.cjs');
  const peer = await startStsPeer();
  const { seed, endpoint } = peer;
  // The bench plays the person: an Identity Center device code is approved at the peer at once.
  const prompter: Prompter = {
    askMfaCode: () => Promise.reject(new Error('no MFA in the bench')),
    samlLogin: () => Promise.reject(new Error('no SAML in the bench')),
    chooseRole: () => Promise.reject(new Error('no SAML in the bench')),
    showDeviceCode: (request) => peer.identityCenter.approveDevice(request.userCode),
  };
  const t = await makeTestCore({
    endpoint,
    cliCommand: `${process.execPath} ${bin}`,
    prompter,
    extraEnv: peer.identityCenter.env,
  });
  try {
    // 1,000 hand-written profiles around ours, as a heavy user's file might have.
    mkdirSync(resolve(t.home, '.aws'), { recursive: true });
    const lines: string[] = [];
    for (let i = 0; i < 1000; i++)
      lines.push(
        `[user-${i}]`,
        `aws_access_key_id = AKIA${String(i).padStart(16, '0')}`,
        `aws_secret_access_key = s${i}`,
        '',
      );
    lines.push(
      '[base]',
      `aws_access_key_id = ${seed.user.accessKeyId}`,
      `aws_secret_access_key = ${seed.user.secretAccessKey}`,
      'region = us-east-1',
      '',
    );
    writeFileSync(t.credentialsFile, lines.join('\n'), { mode: 0o600 });

    const user = await t.core.sessions.add({
      config: { kind: 'iam-user', name: 'bench-user', profile: 'bench-user', region: 'us-east-1' },
      keys: { accessKeyId: seed.user.accessKeyId, secretAccessKey: seed.user.secretAccessKey },
    });
    const role = await t.core.sessions.add({
      config: {
        kind: 'iam-role',
        name: 'bench-role',
        profile: 'bench-role',
        parentId: user.id,
        roleArn: seed.roles.readonly,
        region: 'us-east-1',
      },
    });

    // An sso-role with cached credentials, for the same cold credential_process as the others.
    await peer.identityCenter.configure({ deviceIntervalSeconds: 1 });
    const ic = peer.identityCenter.seed;
    await t.core.identityCenter.add({ name: 'bench', startUrl: ic.startUrl, region: ic.region });
    await t.core.identityCenter.login('bench', { useDeviceCode: true });
    await t.core.identityCenter.sync('bench');
    const ssoRole = t.core.sessions
      .list()
      .find((s) => s.kind === 'sso-role' && s.roleName === 'AdministratorAccess')!;
    await t.core.sessions.credentials(ssoRole.id);
    // Another sso-role whose credentials are never cached: each cold credential_process takes the
    // cached Identity Center token to GetRoleCredentials (issue 9: "with a cached token").
    const ssoFresh = t.core.sessions
      .list()
      .find((s) => s.kind === 'sso-role' && s.id !== ssoRole.id)!;

    // In-process: time inside STS calls (and each other step) measured by wrapping the real methods.
    const PHASES = [
      { label: 'sts', prototype: StsGateway.prototype, method: 'assumeRole' },
      {
        label: 'keychain read (parent cache)',
        prototype: CredentialCache.prototype,
        method: 'temporary',
      },
      {
        label: 'hand-written profile pre-check',
        prototype: SessionWriter.prototype,
        method: 'assertProfileFree',
      },
      {
        label: 'keychain write (new credentials)',
        prototype: CredentialCache.prototype,
        method: 'remember',
      },
      {
        label: 'locked: both AWS files + the store',
        prototype: SessionStore.prototype,
        method: 'update',
      },
      { label: '  of which: the AWS file writes', prototype: AwsFiles.prototype, method: 'apply' },
      {
        label: 'persist (keychain write ∥ locked writes)',
        prototype: SessionWriter.prototype,
        method: 'persist',
      },
    ];
    const phases = timePhases(PHASES);
    const overheads: number[] = [];
    const totals: number[] = [];
    const perPhase = new Map<string, number[]>(PHASES.map((p) => [p.label, []]));
    try {
      await t.core.sessions.start(role.id); // warm: parent token, modules, keychain
      phases.take();
      for (let i = 0; i < RUNS; i++) {
        const started = performance.now();
        await t.core.sessions.start(role.id);
        const total = performance.now() - started;
        const spent = phases.take();
        totals.push(total);
        overheads.push(total - (spent.get('sts') ?? 0));
        for (const [label, values] of perPhase) values.push(spent.get(label) ?? 0);
      }
    } finally {
      phases.restore();
    }

    // The floors the in-process start cannot go under, same run and paced like a start.
    const credentialsText = JSON.stringify(await t.core.sessions.credentials(role.id));
    const floors = await measureStartFloors({
      writeKeychain: () => t.secrets.set('bench-floor-probe', 'session', credentialsText),
      files: [t.credentialsFile, t.core.store.path],
      pauseMs: Math.round(median(perPhase.get('sts') ?? [0])),
      runs: RUNS,
    });
    await t.secrets.delete('bench-floor-probe', 'session');
    const keychainAlone = floors.keychainAlone;
    const keychainBesideWrites = floors.keychainBesideWrites;

    // Cold processes, alternated so machine noise hits both alike.
    const env = childEnv({ ...t.env, AIRLOCK_CLI_COMMAND: `${process.execPath} ${bin}` });
    const awsEnv = childEnv({
      HOME: t.home,
      AWS_SHARED_CREDENTIALS_FILE: t.credentialsFile,
      AWS_CONFIG_FILE: t.configFile,
    });
    const airlockStart: number[] = [];
    const credentialProcess: number[] = [];
    const ssoCredentialProcess: number[] = [];
    const ssoTokenCredentialProcess: number[] = [];
    const bareNode: number[] = [];
    // Where a cached credential_process spends its time: keytar's load (the native addon and
    // libsecret) and one keychain read of the same entry, each from bare Node.
    const keytar = JSON.stringify(createRequire(import.meta.url).resolve('keytar'));
    const entry = JSON.stringify([t.keychainService, `${role.id}:session`]);
    const keytarLoad: number[] = [];
    const keychainRead: number[] = [];
    // The cheap processes in a loop of their own, with more rounds: their differences are a few ms.
    for (let i = 0; i < CHEAP_RUNS; i++) {
      bareNode.push(await timeProcess(process.execPath, ['-e', '0'], env));
      keytarLoad.push(await timeProcess(process.execPath, ['-e', `require(${keytar})`], env));
      keychainRead.push(
        await timeProcess(
          process.execPath,
          ['-e', `require(${keytar}).getPassword(...${entry}).then((v) => { if (!v) throw 1; })`],
          env,
        ),
      );
      credentialProcess.push(
        await timeProcess(process.execPath, [bin, 'credential-process', 'bench-role'], env),
      );
      ssoCredentialProcess.push(
        await timeProcess(process.execPath, [bin, 'credential-process', ssoRole.name], env),
      );
    }
    // The cached-token case: the credentials the last run cached are forgotten before each run,
    // outside the timing; the peer's counters then show the token served every run alone.
    const portalBefore = await peer.identityCenter.counters();
    for (let i = 0; i < CHEAP_RUNS; i++) {
      await t.secrets.delete(ssoFresh.id, 'session');
      ssoTokenCredentialProcess.push(
        await timeProcess(process.execPath, [bin, 'credential-process', ssoFresh.name], env),
      );
    }
    const portalAfter = await peer.identityCenter.counters();
    const portalCalls = (api: 'GetRoleCredentials' | 'CreateToken') =>
      (portalAfter.requests[api] ?? 0) - (portalBefore.requests[api] ?? 0);
    // The floor: bare Node loading client-sts for one AssumeRole with the parent's keys.
    const floorEnv = childEnv({
      FLOOR_ACCESS_KEY_ID: seed.user.accessKeyId,
      FLOOR_SECRET_ACCESS_KEY: seed.user.secretAccessKey,
    });
    const floor: number[] = [];
    const clis = yardsticks();
    if (!clis.length) throw new Error('No AWS CLI to compare with: apt-get install awscli');
    for (let i = 0; i < RUNS; i++) {
      airlockStart.push(
        await timeProcess(process.execPath, [bin, 'session', 'start', 'bench-role'], env),
      );
      floor.push(
        await timeProcess(
          process.execPath,
          [resolve('bench/sts-floor.cjs'), endpoint, seed.roles.readonly],
          floorEnv,
        ),
      );
      for (const cli of clis) {
        cli.times.push(
          await timeProcess(
            cli.command,
            [
              'sts',
              'assume-role',
              '--role-arn',
              seed.roles.readonly,
              '--role-session-name',
              'bench',
              '--profile',
              'base',
              '--endpoint-url',
              endpoint,
            ],
            awsEnv,
          ),
        );
      }
    }
    const yardstick = clis[0]!;
    const awsAssume = yardstick.times;
    // Last, as it makes the store large for everything after it: the same in-process start with
    // 5,000 more sessions in the store, an Identity Center sync's worth.
    await t.core.store.update((data) => {
      const createdAt = new Date().toISOString();
      for (let i = 0; i < SCALE_SESSIONS; i++) {
        const name = `bulk-${i}`;
        data.sessions[name] = {
          id: name,
          config: {
            kind: 'iam-role',
            name,
            profile: name,
            parentId: user.id,
            roleArn: seed.roles.readonly,
          },
          state: { status: 'inactive' },
          profiles: [],
          createdAt,
        };
      }
    });
    const stsOnly = timePhases(PHASES.slice(0, 1));
    const scaleOverheads: number[] = [];
    try {
      await t.core.sessions.start(role.id);
      stsOnly.take();
      for (let i = 0; i < RUNS; i++) {
        const started = performance.now();
        await t.core.sessions.start(role.id);
        const total = performance.now() - started;
        scaleOverheads.push(total - (stsOnly.take().get('sts') ?? 0));
      }
    } finally {
      stsOnly.restore();
    }

    const ratio = median(airlockStart) / median(awsAssume);
    const node = median(bareNode);
    const vsNode = (values: number[]) => (median(values) / node).toFixed(2);
    printTable(
      `Session core (medians of ${RUNS} runs, ${CHEAP_RUNS} for credential-process and node, same STS peer, same run)`,
      ['measure', 'airlock', 'baseline', 'ratio', 'target'],
      [
        [
          `cold \`airlock session start\` (chained role, cached parent) vs cold \`aws sts assume-role\` (${yardstick.version})`,
          ms(median(airlockStart)),
          ms(median(awsAssume)),
          ratio.toFixed(2),
          '≤ 0.30',
        ],
        [
          `  the floor: bare Node + client-sts, one AssumeRole, vs the same ${yardstick.version}`,
          ms(median(floor)),
          ms(median(awsAssume)),
          (median(floor) / median(awsAssume)).toFixed(2),
          '',
        ],
        ...clis
          .slice(1)
          .map((cli) => [
            `  the same start vs \`aws sts assume-role\` (${cli.version}, also on this machine)`,
            ms(median(airlockStart)),
            ms(median(cli.times)),
            (median(airlockStart) / median(cli.times)).toFixed(2),
            '',
          ]),
        [
          'in-process start, overhead above the STS round trip (1,000 profiles)',
          ms(median(overheads)),
          ms(median(totals) - median(overheads)),
          '',
          '≤ 3 ms',
        ],
        [
          '  its floor: one keychain write of the new credentials, alone (paced like a start)',
          ms(median(keychainAlone)),
          '',
          '',
          '',
        ],
        [
          '  its floor: that write beside bare durable writes of the credentials file and the store',
          ms(median(keychainBesideWrites)),
          '',
          '',
          '',
        ],
        [
          `  the same with ${SCALE_SESSIONS.toLocaleString('en')} more sessions in the store`,
          ms(median(scaleOverheads)),
          '',
          '',
          '',
        ],
        [
          'cold `airlock credential-process` (cached credentials) vs bare `node -e 0`',
          ms(median(credentialProcess)),
          ms(node),
          vsNode(credentialProcess),
          '≤ 1.50',
        ],
        [
          'cold `airlock credential-process`, sso-role (cached credentials) vs bare `node -e 0`',
          ms(median(ssoCredentialProcess)),
          ms(node),
          vsNode(ssoCredentialProcess),
          '≤ 1.50',
        ],
        [
          `cold \`airlock credential-process\`, sso-role (cached token, GetRoleCredentials: ${portalCalls('GetRoleCredentials')} calls, CreateToken: ${portalCalls('CreateToken')}, in ${CHEAP_RUNS} runs) vs bare \`node -e 0\``,
          ms(median(ssoTokenCredentialProcess)),
          ms(node),
          vsNode(ssoTokenCredentialProcess),
          'reported',
        ],
      ],
    );
    printTable(
      `Where an in-process start goes (1,000 profiles; medians of ${RUNS}, per start)`,
      ['step', 'time', 'note'],
      [
        ['whole start', ms(median(totals)), ''],
        ['overhead above the STS round trip', ms(median(overheads)), 'target ≤ 3 ms'],
        [
          'the keychain write alone, paced like a start',
          ms(median(keychainAlone)),
          'a start waits for it (floor)',
        ],
        [
          'the same beside bare durable writes of both files',
          ms(median(keychainBesideWrites)),
          'temp, fsync, rename, folder fsync; no lock, no check (floor)',
        ],
        ...[...perPhase].map(([label, values]) => [
          label,
          ms(median(values)),
          label.startsWith('  of which: the AWS') ? 'two files side by side: sum of both' : '',
        ]),
      ],
    );
    printTable(
      'Where a cold cached credential_process goes (medians, same run)',
      ['step', 'process', 'vs `node -e 0`', 'step cost'],
      [
        ['bare `node -e 0`', ms(node), '1.00', ms(node)],
        [
          '+ load keytar (addon, libsecret)',
          ms(median(keytarLoad)),
          vsNode(keytarLoad),
          ms(median(keytarLoad) - node),
        ],
        [
          '+ one keychain read of the entry',
          ms(median(keychainRead)),
          vsNode(keychainRead),
          ms(median(keychainRead) - median(keytarLoad)),
        ],
        [
          '+ airlock: its entry, the store read, checks, output',
          ms(median(credentialProcess)),
          vsNode(credentialProcess),
          ms(median(credentialProcess) - median(keychainRead)),
        ],
      ],
    );
  } finally {
    await t.close();
    await peer.stop();
  }
}
