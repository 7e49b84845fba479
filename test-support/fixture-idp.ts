// A tiny SAML IdP for e2e: a login page whose "Sign in" posts a SAMLResponse to AWS sign-in.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSamlResponse, type SamlResponseOptions } from './saml-fixture';

export const AWS_SAML_SIGN_IN_URL = 'https://signin.aws.amazon.com/saml';

export interface FixtureIdpOptions extends Omit<SamlResponseOptions, 'subject'> {
  /** When set, only this username/password pair signs in; otherwise any non-empty username does. */
  username?: string;
  password?: string;
  /** Where the login posts the SAMLResponse; default the global AWS endpoint. */
  signInUrl?: string;
  /**
   * Keep an SSO session cookie after a sign-in, and answer the login page with the assertion at
   * once while it is there, as a real IdP does: what "Forget IdP login" must clear.
   */
  rememberLogin?: boolean;
}

const SESSION_COOKIE = 'fixture_idp_session';

function sessionUser(request: IncomingMessage): string | undefined {
  const cookies = (request.headers.cookie ?? '').split(';').map((part) => part.trim());
  const found = cookies.find((part) => part.startsWith(`${SESSION_COOKIE}=`));
  return found ? decodeURIComponent(found.slice(SESSION_COOKIE.length + 1)) : undefined;
}

export interface FixtureIdp {
  /** The login page. */
  url: string;
  stop(): Promise<void>;
}

function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function loginPage(error?: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Fixture IdP sign-in</title></head>
<body>
<main>
<h1>Fixture IdP</h1>
${error ? `<p role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/login">
<label>Username <input name="username" autocomplete="username" required></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit">Sign in</button>
</form>
</main>
</body></html>`;
}

function postToAwsPage(samlResponse: string, signInUrl: string): string {
  // The same shape real IdPs use: an auto-submitting form, with a button for no-script browsers.
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Signing in to AWS</title></head>
<body onload="document.forms[0].submit()">
<form method="post" action="${escapeHtml(signInUrl)}">
<input type="hidden" name="SAMLResponse" value="${escapeHtml(samlResponse)}">
<input type="hidden" name="RelayState" value="">
<noscript><button type="submit">Continue</button></noscript>
</form>
</body></html>`;
}

async function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(Buffer.from(chunk as Buffer));
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export async function startFixtureIdp(options: FixtureIdpOptions): Promise<FixtureIdp> {
  const signInUrl = options.signInUrl ?? AWS_SAML_SIGN_IN_URL;
  // Built per sign-in so NotOnOrAfter is fresh, as a real IdP's would be.
  const assertionPage = (subject: string): string =>
    postToAwsPage(buildSamlResponse({ ...options, subject }), signInUrl);
  const server = createServer((request, response) => {
    const html = (status: number, body: string, headers: Record<string, string> = {}): void => {
      response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers });
      response.end(body);
    };
    const path = new URL(request.url ?? '/', 'http://fixture-idp').pathname;
    if (request.method === 'GET' && path === '/') {
      const remembered = options.rememberLogin ? sessionUser(request) : undefined;
      return html(200, remembered ? assertionPage(remembered) : loginPage());
    }
    if (request.method === 'POST' && path === '/login') {
      readForm(request).then(
        (form) => {
          const username = form.get('username') ?? '';
          const password = form.get('password') ?? '';
          const expected = options.username === undefined || username === options.username;
          const passwordOk = options.password === undefined || password === options.password;
          if (!username || !expected || !passwordOk) {
            return html(401, loginPage('Incorrect username or password.'));
          }
          const cookie: Record<string, string> = options.rememberLogin
            ? {
                'set-cookie': `${SESSION_COOKIE}=${encodeURIComponent(username)}; Path=/; HttpOnly; SameSite=Lax`,
              }
            : {};
          html(200, assertionPage(username), cookie);
        },
        () => html(400, loginPage('Could not read the form.')),
      );
      return;
    }
    html(404, '<!doctype html><title>Not found</title>');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
