// Where a SAML login window may go, and what its title shows: the IdP's own origin, the origins
// the user allowed in settings, and the AWS sign-in POST that ends the login. Plain data and
// checks; electron/saml-window.ts applies them (issue 11, Medium 1 and Low 1).
import { createHash } from 'node:crypto';
import { isSamlSigninUrl } from '../saml/saml-response';
import { MAIN_WEB_PREFERENCES } from './window-policy';
import { isLoopbackUrl } from '../../shared/sessions';

export interface SamlWindowScope {
  /** The session's IdP sign-in URL: its origin is always allowed. */
  idpUrl: string;
  /** Settings' samlAllowedOrigins: https origins the IdP may hand the login to (e.g. an MFA provider). */
  allowedOrigins: readonly string[];
}

function parse(url: string): URL | undefined {
  return URL.canParse(url) ? new URL(url) : undefined;
}

/** https, or http on loopback only (a local test IdP); nothing else ever loads in the window. */
function isSecureOrLoopback(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackUrl(url));
}

/** Whether the window may load the session's IdP URL at all: checked before the first loadURL. */
export function mayOpenIdpUrl(idpUrl: string): boolean {
  const url = parse(idpUrl);
  return url !== undefined && isSecureOrLoopback(url);
}

/**
 * Whether the SAML window may navigate, redirect or open to `target`: the IdP's own origin, an
 * allow-listed https origin, or the AWS sign-in endpoint (whose POST the shell intercepts).
 */
export function maySamlWindowVisit(target: string, scope: SamlWindowScope): boolean {
  const url = parse(target);
  const idp = parse(scope.idpUrl);
  if (!url || !idp || !isSecureOrLoopback(url) || !mayOpenIdpUrl(scope.idpUrl)) return false;
  if (isSamlSigninUrl(url.href)) return true;
  if (url.origin === idp.origin) return true;
  return url.protocol === 'https:' && scope.allowedOrigins.includes(url.origin);
}

/**
 * Whether a sign-in POST may be taken as the login's: only when a page of the IdP's origin or an
 * allow-listed one sent it (Electron's `initiatorOrigin`; a browser's Origin header). A frame of
 * another origin inside the IdP's page, an opaque origin (`null`) or none at all cannot hand the
 * login an assertion.
 */
export function maySamlSigninPostFrom(
  initiatorOrigin: string | undefined,
  scope: SamlWindowScope,
): boolean {
  if (!initiatorOrigin) return false;
  const url = parse(initiatorOrigin);
  if (!url || url.origin !== initiatorOrigin) return false;
  return maySamlWindowVisit(initiatorOrigin, scope);
}

/** What the login says when maySamlSigninPostFrom refused the POST. */
export function samlSigninPostRefusal(
  sessionName: string,
  initiatorOrigin: string | undefined,
  scope: SamlWindowScope,
): string {
  const from =
    initiatorOrigin && initiatorOrigin !== 'null' ? initiatorOrigin : 'a page with no origin';
  const idp = parse(scope.idpUrl)?.origin ?? scope.idpUrl;
  return `The SAML sign-in for session ${sessionName} was posted by ${from}, which is neither the IdP's origin (${idp}) nor an origin allowed in Settings → SAML sign-in. If you trust it, add it there and start the session again.`;
}

/** The window has no address bar: its title always says whose page it shows. */
export function samlWindowTitle(sessionName: string, currentUrl: string): string {
  const url = parse(currentUrl);
  const where = url && isSecureOrLoopback(url) ? url.origin : 'a page Airlock does not trust';
  return `Sign in for ${sessionName} — ${where}`;
}

/**
 * The SAML partition per IdP: `persist:` keeps the SSO cookie across restarts (encrypted on disk
 * by the cookie-encryption fuse); without persistence the cookies live in memory and die with
 * the app.
 */
export function samlPartition(idpUrl: string, persistent: boolean): string {
  const id = createHash('sha256').update(idpUrl).digest('hex').slice(0, 16);
  return persistent ? `persist:saml-${id}` : `saml-${id}`;
}

/** Every partition a set of IdP URLs uses, both kinds: what "Forget IdP login" clears. */
export function samlPartitions(idpUrls: readonly string[]): string[] {
  return [...new Set(idpUrls)].flatMap((url) => [
    samlPartition(url, true),
    samlPartition(url, false),
  ]);
}

/** `persist:` partitions found on disk (userData/Partitions/<name>) that are SAML windows'. */
export function savedSamlPartitions(folderNames: readonly string[]): string[] {
  return folderNames
    .filter((name) => /^saml-[0-9a-f]{16}$/.test(name))
    .map((name) => `persist:${name}`);
}

/**
 * The SAML window shows the IdP's own pages: no preload, no Node, no DevTools when packaged,
 * its own partition per IdP.
 */
export function samlWindowOptions(
  request: { idpUrl: string; sessionName: string },
  options: { persistent: boolean; packaged: boolean },
) {
  return {
    width: 520,
    height: 720,
    title: samlWindowTitle(request.sessionName, request.idpUrl),
    show: false,
    autoHideMenuBar: true,
    webPreferences: {
      ...MAIN_WEB_PREFERENCES,
      devTools: !options.packaged,
      partition: samlPartition(request.idpUrl, options.persistent),
    },
  } as const;
}
