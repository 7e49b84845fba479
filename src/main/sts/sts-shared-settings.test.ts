// resolveStsSharedSettings against the SDK itself: for each case, the same env and files are handed
// to a real STSClient, and every setting Airlock now passes explicitly must equal what the client
// resolves on its own from the shared files.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { STSClient } from '@aws-sdk/client-sts';
import { resolveStsSharedSettings, type StsSharedSettings } from './sts-shared-settings';

const SETTING_VARS = [
  'AWS_PROFILE',
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_STS',
  'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS',
  'AWS_USE_FIPS_ENDPOINT',
  'AWS_USE_DUALSTACK_ENDPOINT',
  'AWS_RETRY_MODE',
  'AWS_AUTH_SCHEME_PREFERENCE',
  'AWS_SDK_UA_APP_ID',
  'AWS_SIGV4A_SIGNING_REGION_SET',
  'AWS_DISABLE_CLOCK_SKEW_CORRECTION',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
];
const saved = new Map(SETTING_VARS.map((name) => [name, process.env[name]]));
const dirs: string[] = [];

afterEach(() => {
  for (const [name, value] of saved) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** What the SDK's own client resolves for the same settings, from process.env and the files. */
async function sdkSettings(): Promise<StsSharedSettings> {
  const client = new STSClient({ region: 'us-east-1' });
  const { config } = client;
  const endpoint = config.ignoreConfiguredEndpointUrls
    ? undefined
    : await config.serviceConfiguredEndpoint?.();
  const settings: StsSharedSettings = {
    useFipsEndpoint: await config.useFipsEndpoint(),
    useDualstackEndpoint: await config.useDualstackEndpoint(),
    retryMode: typeof config.retryMode === 'function' ? await config.retryMode() : config.retryMode,
    authSchemePreference: await config.authSchemePreference(),
    disableClockSkewCorrection: sdkClockSkewSetting(),
  };
  const appId = await config.userAgentAppId();
  if (appId !== undefined) settings.userAgentAppId = appId;
  const regionSet = await config.sigv4aSigningRegionSet();
  if (regionSet !== undefined) settings.sigv4aSigningRegionSet = regionSet;
  if (endpoint) settings.endpoint = endpoint;
  client.destroy();
  return settings;
}

/**
 * The signer's clock-skew setting, from a fresh process: @aws-sdk/core loads it once per process,
 * at module load, so in this one the first case's value would answer for every case.
 */
function sdkClockSkewSetting(): boolean {
  const script = `new (require('@aws-sdk/client-sts').STSClient)({ region: 'us-east-1' }).config
    .disableClockSkewCorrection().then((value) => process.stdout.write(JSON.stringify(value)))`;
  const out = execFileSync(process.execPath, ['-e', script], {
    env: process.env,
    encoding: 'utf8',
  });
  return JSON.parse(out) as boolean;
}

interface Case {
  name: string;
  env?: Record<string, string>;
  config?: string;
  credentials?: string;
}

const CASES: Case[] = [
  { name: 'no files, no env: the defaults' },
  {
    name: 'every key in the default profile',
    config: [
      '[default]',
      'endpoint_url = http://127.0.0.1:4000',
      'use_fips_endpoint = true',
      'use_dualstack_endpoint = true',
      'retry_mode = adaptive',
      'auth_scheme_preference = sigv4a, sigv4',
      'sdk_ua_app_id = team-app',
      'sigv4a_signing_region_set = us-east-1, eu-west-1',
      'disable_clock_skew_correction = true',
      '',
    ].join('\n'),
  },
  {
    name: 'env vars win over the profile',
    env: {
      AWS_ENDPOINT_URL: 'http://127.0.0.1:5000',
      AWS_USE_FIPS_ENDPOINT: 'false',
      AWS_RETRY_MODE: 'legacy',
      AWS_SDK_UA_APP_ID: 'from-env',
      AWS_DISABLE_CLOCK_SKEW_CORRECTION: 'false',
    },
    config:
      '[default]\nendpoint_url = http://127.0.0.1:4000\nuse_fips_endpoint = true\nretry_mode = adaptive\ndisable_clock_skew_correction = true\n',
  },
  {
    name: 'AWS_ENDPOINT_URL_STS wins over AWS_ENDPOINT_URL',
    env: {
      AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:6000',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:5000',
    },
  },
  {
    name: 'AWS_PROFILE picks the profile; a services section names the STS endpoint',
    env: { AWS_PROFILE: 'work' },
    config: [
      '[default]',
      'use_fips_endpoint = true',
      '[profile work]',
      'services = corp',
      'endpoint_url = http://127.0.0.1:4000',
      'use_dualstack_endpoint = true',
      '[services corp]',
      'sts =',
      '  endpoint_url = http://127.0.0.1:7000',
      '',
    ].join('\n'),
  },
  {
    name: 'the credentials file supplies a key the config file lacks; the config file wins on both',
    env: { AWS_PROFILE: 'work' },
    credentials: '[work]\nretry_mode = legacy\nsdk_ua_app_id = creds-app\n',
    config: '[profile work]\nretry_mode = adaptive\n',
  },
  {
    name: 'ignore_configured_endpoint_urls drops the configured endpoint',
    config:
      '[default]\nendpoint_url = http://127.0.0.1:4000\nignore_configured_endpoint_urls = true\n',
  },
  {
    name: 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS drops the env endpoint too',
    env: {
      AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true',
      AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:6000',
    },
  },
  {
    name: 'values the SDK cannot read are skipped to the next source, as the SDK skips them',
    env: {
      AWS_USE_FIPS_ENDPOINT: 'maybe',
      AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'nope',
      AWS_DISABLE_CLOCK_SKEW_CORRECTION: '1',
    },
    config: [
      '[default]',
      'use_fips_endpoint = true',
      'disable_clock_skew_correction = true',
      'use_dualstack_endpoint = yes',
      'ignore_configured_endpoint_urls = true',
      '',
    ].join('\n'),
  },
  {
    name: 'a services key naming a missing section: no endpoint from the files at all',
    config: '[default]\nservices = gone\nendpoint_url = http://127.0.0.1:4000\n',
  },
];

describe('resolveStsSharedSettings', () => {
  for (const testCase of CASES) {
    it(`matches the SDK: ${testCase.name}`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'airlock-sts-settings-'));
      dirs.push(dir);
      for (const name of SETTING_VARS) delete process.env[name];
      const configFile = join(dir, 'config');
      const credentialsFile = join(dir, 'credentials');
      if (testCase.config !== undefined) writeFileSync(configFile, testCase.config);
      if (testCase.credentials !== undefined) writeFileSync(credentialsFile, testCase.credentials);
      Object.assign(process.env, testCase.env, {
        AWS_CONFIG_FILE: configFile,
        AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
      });

      const ours = resolveStsSharedSettings(process.env, {
        config: testCase.config,
        credentials: testCase.credentials,
      });
      expect(ours).toEqual(await sdkSettings());
    });
  }
});
