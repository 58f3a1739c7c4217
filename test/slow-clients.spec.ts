// Slow clients on a real socket (Fastify inject has no clock): a body that trickles, headers that never end, and a
// shutdown with such a client connected.
import { connect, Socket } from 'node:net';
import { bootTestApp, TestApp } from './support/test-app';

const TIMEOUT_MS = 1000;
const KEEP_ALIVE_MS = 1500;

/** A raw connection that records what the server sends and when it closes. */
async function open(port: number) {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let received = '';
  socket.on('data', (d) => (received += d.toString('latin1')));
  socket.on('error', () => undefined);
  const closed = new Promise<number>((resolve) => {
    const at = Date.now();
    socket.once('close', () => resolve(Date.now() - at));
  });
  return { socket, closed, received: () => received };
}

async function listen(t: TestApp): Promise<number> {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  return (t.app.getHttpServer().address() as { port: number }).port;
}

const slowBodyHead = (length: number) => `POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n{"query":`;

describe(`slow clients (REQUEST_TIMEOUT_MS=${TIMEOUT_MS})`, () => {
  let t: TestApp;
  let port: number;

  beforeAll(async () => {
    t = await bootTestApp({ REQUEST_TIMEOUT_MS: String(TIMEOUT_MS), KEEP_ALIVE_TIMEOUT_MS: String(KEEP_ALIVE_MS) });
    port = await listen(t);
  });
  afterAll(async () => t.close());

  it('answers a body that trickles in with 408 and closes the connection', async () => {
    const client = await open(port);
    client.socket.write(slowBodyHead(1000));
    const drip = setInterval(() => client.socket.write(' '), 200); // active, but never finishing
    try {
      const ms = await client.closed;
      expect(ms).toBeLessThan(TIMEOUT_MS + 1500);
      expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 100);
      expect(client.received()).toMatch(/^HTTP\/1\.1 408 /);
    } finally {
      clearInterval(drip);
    }
  });

  it('closes a connection whose headers never end', async () => {
    const client = await open(port);
    client.socket.write('GET /health/live HTTP/1.1\r\nHost: x\r\n');
    const drip = setInterval(() => client.socket.write('X-Slow: 1\r\n'), 200);
    try {
      expect(await client.closed).toBeLessThan(TIMEOUT_MS + 1500);
      expect(client.received()).toMatch(/^(HTTP\/1\.1 408 |$)/);
    } finally {
      clearInterval(drip);
    }
  });

  it('closes a connection that never sends a byte', async () => {
    const client = await open(port);
    expect(await client.closed).toBeLessThan(TIMEOUT_MS + 1500);
  });

  it(`closes an idle keep-alive connection after KEEP_ALIVE_TIMEOUT_MS (${KEEP_ALIVE_MS} ms)`, async () => {
    const client = await open(port);
    client.socket.write('GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n');
    await new Promise((r) => client.socket.once('data', r));
    expect(client.received()).toMatch(/^HTTP\/1\.1 200 [\s\S]*keep-alive/i);
    const ms = await client.closed;
    expect(ms).toBeGreaterThanOrEqual(KEEP_ALIVE_MS - 300);
    expect(ms).toBeLessThan(KEEP_ALIVE_MS + 1500);
  });

  it('still answers a normal request on the same server', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/health/live`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });
});

describe('shutdown with a slow client connected (default REQUEST_TIMEOUT_MS of 30 s)', () => {
  it('closes within a second instead of waiting for the client or the timeout', async () => {
    const t = await bootTestApp();
    const port = await listen(t);
    const slow = await open(port);
    slow.socket.write(slowBodyHead(1000));
    // And an idle keep-alive connection that has had its answer.
    const idle: Socket = (await open(port)).socket;
    idle.write('GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n');
    await new Promise((r) => idle.once('data', r));
    const started = Date.now();
    await t.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await slow.closed).toBeLessThan(2000);
  });
});
