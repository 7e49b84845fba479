// The STS client settings the AWS SDK would resolve from the environment and the shared AWS files,
// resolved here from Airlock's own parse with the SDK's precedence (env var, then the profile's key,
// then the default; a value the SDK would refuse is skipped as it skips it), so the SDK is handed each one and never re-parses the files per setting.
// Mirrors the selectors of @aws-sdk/client-sts's runtimeConfig, @aws-sdk/core's SigV4 signer config
// (clock skew) and @smithy/core's endpoint config;
// sts-shared-settings.test.ts checks each against the SDK's own loadConfig on the same files.
import { parseIniDocument } from '../aws-files/ini-document';
import { entryValues, sectionEntries } from '../aws-files/section-entries';
import { sectionProfileName } from '../aws-files/profile-sections';

export interface SharedFileTexts {
  /** The config file's text; undefined when it cannot be read (the SDK then ignores it). */
  config?: string;
  credentials?: string;
}

/** What Airlock passes to every STSClient, so none of these is loaded by the SDK. */
export interface StsSharedSettings {
  /** AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL, the services section's sts endpoint_url, endpoint_url. */
  endpoint?: string;
  useFipsEndpoint: boolean;
  useDualstackEndpoint: boolean;
  retryMode: string;
  authSchemePreference: string[];
  userAgentAppId?: string;
  sigv4aSigningRegionSet?: string[];
  /** AWS_DISABLE_CLOCK_SKEW_CORRECTION, disable_clock_skew_correction (the signer's). */
  disableClockSkewCorrection: boolean;
}

type Values = ReadonlyMap<string, string>;
type Env = Record<string, string | undefined>;

/**
 * The sections of a file that `wanted` names, by the name the SDK gives them (`profile x` → `x`,
 * `services y` → `services.y`). Only those are read line by line: a file of 1,000 profiles is
 * otherwise scanned for its headers alone.
 */
function sectionsOf(
  text: string | undefined,
  kind: 'config' | 'credentials',
  wanted: (name: string) => boolean,
): Map<string, Values> {
  const out = new Map<string, Values>();
  if (text === undefined) return out;
  const doc = parseIniDocument(text);
  for (const section of doc.sections) {
    const services = kind === 'config' ? /^services\s+(\S+)$/.exec(section.name) : null;
    const name = services ? `services.${services[1]}` : sectionProfileName(kind, section.name);
    if (name === undefined || !wanted(name)) continue;
    const into = { values: new Map(out.get(name) ?? []), nested: new Set<string>() };
    for (const entry of sectionEntries(doc, section)) entryValues(entry, into);
    out.set(name, into.values);
  }
  return out;
}

/** "true" or "false"; anything else is skipped, as the SDK skips it (to the next source). */
function booleanOf(value: string | undefined): boolean | undefined {
  return value === 'true' ? true : value === 'false' ? false : undefined;
}

const list = (value: string): string[] => value.split(',').map((part) => part.trim());

/** Resolves the settings for the profile the SDK would use: AWS_PROFILE, else `default`. */
export function resolveStsSharedSettings(env: Env, files: SharedFileTexts): StsSharedSettings {
  const profileName = env.AWS_PROFILE || 'default';
  const config = sectionsOf(
    files.config,
    'config',
    (name) => name === profileName || name.startsWith('services.'),
  );
  // As the SDK's loadConfig merges them: the config file's keys win over the credentials file's.
  const profile = new Map([
    ...(sectionsOf(files.credentials, 'credentials', (name) => name === profileName).get(
      profileName,
    ) ?? []),
    ...(config.get(profileName) ?? []),
  ]);
  const pick = (envName: string, key: string): string | undefined =>
    env[envName] ?? profile.get(key);
  const flag = (envName: string, key: string): boolean =>
    booleanOf(env[envName]) ?? booleanOf(profile.get(key)) ?? false;

  const settings: StsSharedSettings = {
    useFipsEndpoint: flag('AWS_USE_FIPS_ENDPOINT', 'use_fips_endpoint'),
    useDualstackEndpoint: flag('AWS_USE_DUALSTACK_ENDPOINT', 'use_dualstack_endpoint'),
    retryMode: pick('AWS_RETRY_MODE', 'retry_mode') ?? 'standard',
    authSchemePreference: authSchemes(env, profile),
    disableClockSkewCorrection: flag(
      'AWS_DISABLE_CLOCK_SKEW_CORRECTION',
      'disable_clock_skew_correction',
    ),
  };
  const appId =
    env.AWS_SDK_UA_APP_ID ?? profile.get('sdk_ua_app_id') ?? profile.get('sdk-ua-app-id');
  if (appId !== undefined) settings.userAgentAppId = appId;
  const regionSet = env.AWS_SIGV4A_SIGNING_REGION_SET || profile.get('sigv4a_signing_region_set');
  if (regionSet) settings.sigv4aSigningRegionSet = list(regionSet);
  const endpoint = configuredEndpoint(env, profile, config);
  if (endpoint) settings.endpoint = endpoint;
  return settings;
}

/** AWS_AUTH_SCHEME_PREFERENCE, else auth_scheme_preference: names separated by commas. */
function authSchemes(env: Env, profile: Values): string[] {
  const value = env.AWS_AUTH_SCHEME_PREFERENCE ?? profile.get('auth_scheme_preference');
  return value ? list(value) : [];
}

/** The endpoint the SDK's getEndpointFromConfig would find for STS, unless told to ignore them. */
function configuredEndpoint(
  env: Env,
  profile: Values,
  config: Map<string, Values>,
): string | undefined {
  const ignore =
    booleanOf(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS) ??
    booleanOf(profile.get('ignore_configured_endpoint_urls'));
  if (ignore) return undefined;
  const fromEnv = env.AWS_ENDPOINT_URL_STS || env.AWS_ENDPOINT_URL;
  if (fromEnv) return fromEnv;
  const services = profile.get('services');
  if (services !== undefined) {
    const section = config.get(`services.${services}`);
    // A missing section makes the SDK's whole config-file lookup fail: no endpoint from the files.
    if (!section) return undefined;
    const fromServices = section.get('sts.endpoint_url');
    if (fromServices) return fromServices;
  }
  return profile.get('endpoint_url') || undefined;
}
