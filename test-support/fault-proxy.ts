// A fault-injecting HTTP proxy between the SDK and the STS peer: latency, 5xx, throttling, resets, truncation, skewed Date.
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Fault =
  /** Forward unchanged. */
  | { kind: 'pass' }
  /** Hold the request this long, then forward it (a slow or hung STS). */
  | { kind: 'latency'; ms: number }
  /** Answer with this status and body without forwarding (500, 503, 429, 400 Throttling…). */
  | { kind: 'status'; status: number; body: string; contentType?: string }
  /** Destroy the client socket as soon as the request has arrived. */
  | { kind: 'reset' }
  /** Forward, then send the peer's status with only the first `keep` fraction of its XML body. */
  | { kind: 'truncate'; keep: number }
  /** Forward, and rewrite the response's Date header this many seconds off. */
  | { kind: 'date-skew'; seconds: number };

export interface ProxiedRequest {
  /** The STS Action from the form body, e.g. "GetSessionToken". */
  action: string;
  fault: Fault['kind'];
  /** Wall-clock ms when it arrived. */
  at: number;
}

/** The exact bodies AWS sends for these faults (Query protocol XML). */
export const STS_ERROR_BODIES = {
  throttling: xmlError('Sender', 'Throttling', 'Rate exceeded'),
  internal: xmlError('Receiver', 'InternalFailure', 'We encountered an internal error.'),
  unavailable: xmlError('Receiver', 'ServiceUnavailable', 'Service is unavailable.'),
  tooManyRequests: xmlError('Sender', 'TooManyRequestsException', 'Too many requests.'),
};

function xmlError(type: string, code: string, message: string): string {
  return (
    '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">' +
    `<Error><Type>${type}</Type><Code>${code}</Code><Message>${message}</Message></Error>` +
    '<RequestId>fault-proxy-0000</RequestId></ErrorResponse>'
  );
}

export interface FaultProxy {
  /** Point the SDK here (AWS_ENDPOINT_URL_STS). */
  endpoint: string;
  /** Every request that reached the proxy, in order. */
  readonly requests: ProxiedRequest[];
  /** Faults for the next requests, one each, then `then` (default pass) for every later one. */
  plan(faults: Fault[], then?: Fault): void;
  /** Forgets the recorded requests (the plan stays). */
  resetCount(): void;
  close(): Promise<void>;
}

export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const target = new URL(upstream);
  let queue: Fault[] = [];
  let fallback: Fault = { kind: 'pass' };
  const requests: ProxiedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<ReturnType<typeof setTimeout>>();

  const forward = (
    req: IncomingMessage,
    body: Buffer,
  ): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> =>
    new Promise((resolve, reject) => {
      // The Host header is kept: the SigV4 signature covers it, and the peer checks signatures.
      const out = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const headers: Record<string, string> = {};
            for (const [k, v] of Object.entries(res.headers)) {
              if (
                v !== undefined &&
                !['content-length', 'transfer-encoding', 'connection'].includes(k)
              )
                headers[k] = Array.isArray(v) ? v.join(', ') : v;
            }
            resolve({ status: res.statusCode ?? 502, headers, body: Buffer.concat(chunks) });
          });
          res.on('error', reject);
        },
      );
      out.on('error', reject);
      out.end(body);
    });

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const fault = queue.shift() ?? fallback;
      const action = new URLSearchParams(body.toString('utf8')).get('Action') ?? '';
      requests.push({ action, fault: fault.kind, at: Date.now() });

      const send = (status: number, headers: Record<string, string>, payload: Buffer): void => {
        if (res.destroyed) return;
        res.writeHead(status, { ...headers, 'content-length': String(payload.length) });
        res.end(payload);
      };
      const relay = async (edit?: (r: Awaited<ReturnType<typeof forward>>) => void) => {
        try {
          const r = await forward(req, body);
          edit?.(r);
          send(r.status, r.headers, r.body);
        } catch {
          req.socket.destroy();
        }
      };

      switch (fault.kind) {
        case 'pass':
          void relay();
          return;
        case 'latency': {
          const timer = setTimeout(() => {
            timers.delete(timer);
            void relay();
          }, fault.ms);
          timers.add(timer);
          return;
        }
        case 'status':
          send(
            fault.status,
            { 'content-type': fault.contentType ?? 'text/xml', date: new Date().toUTCString() },
            Buffer.from(fault.body),
          );
          return;
        case 'reset':
          req.socket.destroy();
          return;
        case 'truncate':
          void relay((r) => {
            r.body = r.body.subarray(0, Math.floor(r.body.length * fault.keep));
          });
          return;
        case 'date-skew':
          void relay((r) => {
            r.headers.date = new Date(Date.now() + fault.seconds * 1000).toUTCString();
          });
          return;
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    plan(faults, then = { kind: 'pass' }) {
      queue = [...faults];
      fallback = then;
    },
    resetCount() {
      requests.length = 0;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
