import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A local HTTP server for tests, on 127.0.0.1 and a port the system chooses. */
export interface StubServer {
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  /** Every request received: method and URL (path and query). */
  readonly requests: {
    readonly method: string;
    readonly url: string;
    readonly headers: IncomingMessage['headers'];
  }[];
  close(): Promise<void>;
}

/** A request handler; may be async. */
export type StubHandler = (
  request: IncomingMessage,
  response: ServerResponse,
  body: string,
) => void | Promise<void>;

/** Starts a stub server that answers with `handler`. */
export async function startStubServer(handler: StubHandler): Promise<StubServer> {
  const sockets = new Set<Socket>();
  const requests: StubServer['requests'] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({
        method: request.method ?? 'GET',
        url: request.url ?? '/',
        headers: request.headers,
      });
      Promise.resolve(handler(request, response, Buffer.concat(chunks).toString('utf8'))).catch(
        () => {
          response.destroy();
        },
      );
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${String(port)}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
}

/** A loopback URL where nothing listens: a port taken from the system and released again. */
export async function downOrigin(): Promise<string> {
  const stub = await startStubServer((_request, response) => {
    response.end();
  });
  await stub.close();
  return stub.origin;
}

/** Answers FHIR JSON. */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': 'application/fhir+json', ...headers });
  response.end(JSON.stringify(body));
}
