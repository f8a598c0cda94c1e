import { Injectable } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Server } from 'node:http';

/** Set once the process has been asked to stop: it finishes what it has and takes nothing new. */
@Injectable()
export class Draining {
  active = false;
}

/**
 * Every response carries `Connection: close` once draining, so that keep-alive clients open
 * their next request elsewhere instead of holding this server open.
 */
export function closeConnectionsWhenDraining(app: NestExpressApplication): void {
  const draining = app.get(Draining);
  app.use((_req: unknown, res: { setHeader(name: string, value: string): void }, next: () => void) => {
    if (draining.active) res.setHeader('Connection', 'close');
    next();
  });
}

/**
 * Graceful stop: refuse new connections, let the requests in flight finish (their commands are
 * appended and acknowledged), then run the shutdown hooks (projector and relay store their
 * checkpoints, the database closes). After `deadlineMs` the remaining connections are cut.
 */
export async function drainAndClose(app: NestExpressApplication, deadlineMs: number): Promise<void> {
  app.get(Draining).active = true;
  const server = app.getHttpServer() as Server;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const deadline = setTimeout(() => server.closeAllConnections(), deadlineMs);
  await closed;
  clearTimeout(deadline);
  await app.close();
}
