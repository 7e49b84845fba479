// A federation endpoint peer (`…/federation` and `/oauth` logout) on loopback. getSigninToken
// checks the credentials it is given against the STS peer (a signed GetCallerIdentity) and
// enforces AWS's two rules: GetSessionToken credentials cannot sign in, and SessionDuration goes
// only with AssumeRole* credentials not obtained by role chaining.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';

export interface FederationSignin {
  arn: string;
  sessionDuration?: number;
  issuer: string;
  destination: string;
}

export interface FederationPeer {
  /** The full `…/federation` URL: what AIRLOCK_FEDERATION_URL should be. */
  url: string;
  /** Every getSigninToken call, refused ones included, with why. */
  tokenRequests: { arn?: string; sessionDuration?: number; refused?: string }[];
  /**
   * What a browser does with a sign-in URL: follows the logout redirect (if any) and the login,
   * and returns who got signed in where. Throws with the peer's answer when refused.
   */
  open(url: string): Promise<FederationSignin & { loggedOutFirst: boolean }>;
  stop(): Promise<void>;
}

export interface FederationPeerOptions {
  /** The STS peer that issued the credentials. */
  stsEndpoint: string;
  /**
   * Roles whose every session is chained (their trust policy admits only role sessions), e.g. the
   * seed's chain2 and chain3: the peer cannot see how an assumed-role session was obtained.
   */
  chainedRoleArns: string[];
  /** Issued tokens live this long (AWS: 15 minutes). */
  tokenSeconds?: number;
}

interface Issued {
  arn: string;
  sessionDuration?: number;
  expiresAt: number;
}

class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** arn:aws:sts::ACCT:assumed-role/ROLE/SESSION → arn:aws:iam::ACCT:role/ROLE (no path, as AWS shows). */
function roleOf(arn: string): string | undefined {
  const m = /^arn:([\w-]+):sts::(\d{12}):assumed-role\/([^/]+)\//.exec(arn);
  return m ? `arn:${m[1]}:iam::${m[2]}:role/${m[3]}` : undefined;
}

export async function startFederationPeer(options: FederationPeerOptions): Promise<FederationPeer> {
  const tokens = new Map<string, Issued>();
  const tokenRequests: FederationPeer['tokenRequests'] = [];
  const logins = new Map<string, FederationSignin>();
  const chained = new Set(
    options.chainedRoleArns.map((arn) => arn.replace(/:role\/.*\//, ':role/')),
  );

  async function callerArn(session: Record<string, unknown>): Promise<string> {
    const { sessionId, sessionKey, sessionToken } = session;
    if (
      typeof sessionId !== 'string' ||
      typeof sessionKey !== 'string' ||
      typeof sessionToken !== 'string'
    ) {
      throw new Refusal(400, 'Session must hold sessionId, sessionKey and sessionToken');
    }
    const sts = new STSClient({
      region: 'us-east-1',
      endpoint: options.stsEndpoint,
      maxAttempts: 1,
      credentials: { accessKeyId: sessionId, secretAccessKey: sessionKey, sessionToken },
    });
    try {
      const out = await sts.send(new GetCallerIdentityCommand({}));
      return out.Arn ?? '';
    } catch {
      throw new Refusal(400, 'The credentials in the Session are not valid');
    } finally {
      sts.destroy();
    }
  }

  async function getSigninToken(params: URLSearchParams): Promise<string> {
    let session: unknown;
    try {
      session = JSON.parse(params.get('Session') ?? '');
    } catch {
      throw new Refusal(400, 'Session is not JSON');
    }
    if (typeof session !== 'object' || session === null)
      throw new Refusal(400, 'Session is not an object');
    const arn = await callerArn(session as Record<string, unknown>);
    const durationText = params.get('SessionDuration');
    const sessionDuration = durationText === null ? undefined : Number(durationText);
    const record = { arn, ...(sessionDuration !== undefined ? { sessionDuration } : {}) };
    try {
      if (/:user\//.test(arn)) {
        // A session token of an IAM user: GetSessionToken credentials cannot sign in.
        throw new Refusal(400, 'GetSessionToken credentials cannot be used to sign in');
      }
      if (sessionDuration !== undefined) {
        if (
          !Number.isInteger(sessionDuration) ||
          sessionDuration < 900 ||
          sessionDuration > 43_200
        ) {
          throw new Refusal(400, 'SessionDuration must be 900-43200');
        }
        const role = roleOf(arn);
        if (!role) throw new Refusal(400, 'SessionDuration is only for AssumeRole* credentials');
        if (chained.has(role))
          throw new Refusal(400, 'SessionDuration is not allowed for role chaining');
      }
    } catch (error) {
      tokenRequests.push({ ...record, refused: (error as Error).message });
      throw error;
    }
    tokenRequests.push(record);
    const token = randomBytes(24).toString('base64url');
    tokens.set(token, { ...record, expiresAt: Date.now() + (options.tokenSeconds ?? 900) * 1000 });
    return token;
  }

  function login(params: URLSearchParams): string {
    const token = params.get('SigninToken') ?? '';
    const issued = tokens.get(token);
    if (!issued || issued.expiresAt < Date.now())
      throw new Refusal(400, 'SigninToken is not valid');
    tokens.delete(token);
    const destination = params.get('Destination') ?? '';
    if (!URL.canParse(destination) || new URL(destination).protocol !== 'https:') {
      throw new Refusal(400, 'Destination must be an https URL');
    }
    const id = randomBytes(12).toString('base64url');
    logins.set(id, {
      arn: issued.arn,
      ...(issued.sessionDuration !== undefined ? { sessionDuration: issued.sessionDuration } : {}),
      issuer: params.get('Issuer') ?? '',
      destination,
    });
    return id;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    try {
      if (req.method !== 'GET') throw new Refusal(405, 'GET only');
      const action = url.searchParams.get('Action');
      if (url.pathname === '/federation' && action === 'getSigninToken') {
        return send(200, { SigninToken: await getSigninToken(url.searchParams) });
      }
      if (url.pathname === '/federation' && action === 'login') {
        const id = login(url.searchParams);
        return send(302, {}, { location: `/__peer/signed-in/${id}` });
      }
      if (url.pathname === '/oauth' && action === 'logout') {
        const to = url.searchParams.get('redirect_uri') ?? '';
        if (!URL.canParse(to) || new URL(to).origin !== `http://${req.headers.host}`) {
          throw new Refusal(400, 'redirect_uri must be a sign-in URL');
        }
        return send(302, {}, { location: to });
      }
      const signed = /^\/__peer\/signed-in\/([\w-]+)$/.exec(url.pathname);
      if (signed && logins.has(signed[1]!)) return send(200, logins.get(signed[1]!));
      throw new Refusal(404, 'Unknown action');
    } catch (error) {
      if (error instanceof Refusal) return send(error.status, { error: error.message });
      send(500, { error: 'peer failure' });
    }
  }

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: `${origin}/federation`,
    tokenRequests,
    async open(start) {
      let next = start;
      let loggedOutFirst = false;
      for (let hop = 0; hop < 5; hop++) {
        if (!next.startsWith(origin)) throw new Error(`the browser was sent off the peer: ${next}`);
        if (new URL(next).pathname === '/oauth') loggedOutFirst = true;
        const response = await fetch(next, { redirect: 'manual' });
        if (response.status === 302) {
          next = new URL(response.headers.get('location') ?? '', origin).toString();
          continue;
        }
        const body = (await response.json()) as FederationSignin & { error?: string };
        if (response.status !== 200) throw new Error(`federation peer: ${body.error}`);
        return { ...body, loggedOutFirst };
      }
      throw new Error('too many redirects');
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
