// The credential server: a session's credentials over the ECS container-credentials protocol, on loopback.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { AirlockError } from '../airlock-error';
import type { AwsCredentials } from '../sts/sts-gateway';
import { checkToken, containerCredentialsBody } from './container-credentials';

/** Every answer stays valid at least this long, so a client never holds credentials about to expire. */
export const SERVED_MIN_VALIDITY_MS = 5 * 60_000;

export interface CredentialServerOptions {
  sessionName: string;
  /** Credentials valid for at least minValidityMs: cached while they are, fresh otherwise. */
  credentials: (minValidityMs: number) => Promise<AwsCredentials>;
  /** 0 (default): a port the OS picks. */
  port?: number;
  /** Told about a failed refresh; the message names the session, never a secret. */
  onError?: (error: unknown) => void;
}

export interface CredentialServer {
  url: string;
  /** What a child process needs: the two ECS variables, and nothing else. */
  env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: string; AWS_CONTAINER_AUTHORIZATION_TOKEN: string };
  close(): Promise<void>;
}

export async function startCredentialServer(
  options: CredentialServerOptions,
): Promise<CredentialServer> {
  const token = randomBytes(32).toString('hex');
  const path = `/credentials/${randomBytes(16).toString('hex')}`;
  // Concurrent requests share one refresh instead of each asking STS.
  let inFlight: Promise<AwsCredentials> | undefined;
  const fresh = () => {
    inFlight ??= options.credentials(SERVED_MIN_VALIDITY_MS).finally(() => (inFlight = undefined));
    return inFlight;
  };

  const answer = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const check = checkToken(req.headers.authorization, token);
    if (check !== 'ok') {
      return answer(res, check === 'missing' ? 401 : 403, {
        code: check === 'missing' ? 'Unauthorized' : 'Forbidden',
        message: 'A valid authorization token is required.',
      });
    }
    if (req.method !== 'GET') return answer(res, 405, { code: 'MethodNotAllowed' });
    if (new URL(req.url ?? '/', 'http://127.0.0.1').pathname !== path) {
      return answer(res, 404, { code: 'NotFound' });
    }
    try {
      answer(res, 200, containerCredentialsBody(await fresh()));
    } catch (error) {
      options.onError?.(error);
      answer(res, 500, {
        code: 'CredentialsUnavailable',
        message: `Airlock could not get credentials for session ${options.sessionName}.`,
      });
    }
  };

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new AirlockError(
          'NETWORK',
          `The credential server for session ${options.sessionName} cannot listen on 127.0.0.1:${options.port ?? 0} (${error.code ?? error.message}). Pick another --port, or leave it out for a free one.`,
          { cause: error },
        ),
      ),
    );
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}${path}`;
  return {
    url,
    env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: url, AWS_CONTAINER_AUTHORIZATION_TOKEN: token },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
