// The gateway hands the STS client every setting it would read from the shared AWS files: against
// the real peer, a process-wide config file that would break the call is never read, and
// the endpoint comes from the env or the files Airlock resolved, by the SDK's precedence.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { StsGateway } from './sts-gateway';

const run = promisify(execFile);
const { endpoint, seed } = inject('stsPeer');
const CTX = { sessionName: 'settings', region: 'us-east-1' };
const KEYS = { accessKeyId: seed.user.accessKeyId, secretAccessKey: seed.user.secretAccessKey };
/** With a custom endpoint, FIPS or dual-stack from this file fails the call: a read would show. */
const REFUSED = '[default]\nuse_fips_endpoint = true\nuse_dualstack_endpoint = true\n';
const VARS = [
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_ENDPOINT_URL_STS',
  'AWS_ENDPOINT_URL',
  'AWS_PROFILE',
];
const saved = new Map(VARS.map((name) => [name, process.env[name]]));
let dir: string;
let refusedFile: string;
const gateways: StsGateway[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'airlock-sts-gateway-settings-'));
  refusedFile = join(dir, 'refused');
  writeFileSync(refusedFile, REFUSED);
  for (const name of VARS) delete process.env[name];
  // The process's own files, which the SDK would read by default.
  process.env.AWS_CONFIG_FILE = refusedFile;
  process.env.AWS_SHARED_CREDENTIALS_FILE = refusedFile;
});
afterEach(() => {
  for (const gateway of gateways.splice(0)) gateway.destroy();
});
afterAll(() => {
  for (const [name, value] of saved) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  rmSync(dir, { recursive: true, force: true });
});

function gateway(env: Record<string, string>, config: string): StsGateway {
  const configFile = join(dir, `config-${gateways.length}`);
  writeFileSync(configFile, config);
  const made = new StsGateway({
    shared: { env, paths: { configFile, credentialsFile: join(dir, 'absent') } },
    maxAttempts: 1,
  });
  gateways.push(made);
  return made;
}

describe('STS client settings from Airlock, not from the SDK', () => {
  it('control: the SDK left to itself reads the process files and refuses them', async () => {
    const client = new STSClient({
      region: 'us-east-1',
      endpoint,
      credentials: KEYS,
      maxAttempts: 1,
    });
    await expect(client.send(new GetCallerIdentityCommand({}))).rejects.toThrow(/FIPS|DualStack/i);
    client.destroy();
  });

  it('AWS_ENDPOINT_URL_STS from the given env reaches the peer; the refused files are never read', async () => {
    const sts = gateway(
      { AWS_ENDPOINT_URL_STS: endpoint, AWS_ENDPOINT_URL: 'http://127.0.0.1:9' },
      '',
    );
    const who = await sts.getCallerIdentity(CTX, KEYS);
    expect(who.Arn).toBe(seed.user.arn);
  });

  it("the profile's endpoint_url is honoured, for the profile AWS_PROFILE names", async () => {
    const config = `[default]\nendpoint_url = http://127.0.0.1:9\n[profile work]\nendpoint_url = ${endpoint}\n`;
    const who = await gateway({ AWS_PROFILE: 'work' }, config).getCallerIdentity(CTX, KEYS);
    expect(who.Arn).toBe(seed.user.arn);
  });

  it("a services section's sts endpoint_url wins over the profile's endpoint_url", async () => {
    const config = `[default]\nservices = corp\nendpoint_url = http://127.0.0.1:9\n[services corp]\nsts =\n  endpoint_url = ${endpoint}\n`;
    const who = await gateway({}, config).getCallerIdentity(CTX, KEYS);
    expect(who.Arn).toBe(seed.user.arn);
  });

  it("a cold process's call reads neither of the process files: their access times stay put", async (ctx) => {
    const LONG_AGO = new Date('2000-01-01T00:00:00Z');
    const LATER = new Date('2001-01-01T00:00:00Z');
    // An access time older than the modification time is updated by any read (relatime, strict).
    const aged = (path: string) => utimesSync(path, LONG_AGO, LATER);
    const readSince = (path: string) => statSync(path).atimeMs !== LONG_AGO.getTime();
    const control = join(dir, 'control');
    writeFileSync(control, REFUSED);
    aged(control);
    readFileSync(control);
    if (!readSince(control)) ctx.skip(`${dir} is mounted noatime: a read leaves no trace there`);
    const processFiles = [join(dir, 'process-config'), join(dir, 'process-credentials')];
    for (const path of processFiles) {
      writeFileSync(path, REFUSED);
      aged(path);
    }
    // A process of its own: the SDK loads some settings once per process (the signer's clock
    // skew, at module load), so in this one an earlier test would have read them already.
    const gatewayModule = fileURLToPath(new URL('./sts-gateway.ts', import.meta.url));
    const script = `
      const { StsGateway } = await import(${JSON.stringify(gatewayModule)});
      const sts = new StsGateway({
        shared: { env: { AWS_ENDPOINT_URL_STS: ${JSON.stringify(endpoint)} }, paths: {
          configFile: ${JSON.stringify(join(dir, 'absent'))},
          credentialsFile: ${JSON.stringify(join(dir, 'absent'))} } },
        maxAttempts: 1,
      });
      const who = await sts.getCallerIdentity(${JSON.stringify(CTX)}, ${JSON.stringify(KEYS)});
      sts.destroy();
      process.stdout.write(who.Arn);`;
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        env: {
          ...process.env,
          AWS_CONFIG_FILE: processFiles[0],
          AWS_SHARED_CREDENTIALS_FILE: processFiles[1],
        },
      },
    );
    expect(stdout).toBe(seed.user.arn);
    expect(processFiles.filter(readSince)).toEqual([]);
  });
});
