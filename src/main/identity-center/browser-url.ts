// What Airlock agrees to open in a browser for an Identity Center login: https, or http on loopback (tests).
import { AirlockError } from '../airlock-error';

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

/** The URL, parsed, when a browser may open it; VALIDATION otherwise (a peer cannot send us to file: or javascript:). */
export function assertOpenableUrl(value: string, integrationName: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (
    url &&
    (url.protocol === 'https:' ||
      (url.protocol === 'http:' && LOOPBACK_HOSTS.includes(url.hostname)))
  ) {
    return url;
  }
  throw new AirlockError(
    'VALIDATION',
    `Identity Center login for ${integrationName} was given a sign-in address that is not https; Airlock will not open it. Check the integration's region and AWS_ENDPOINT_URL_SSO_OIDC.`,
  );
}
