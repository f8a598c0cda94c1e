/**
 * The relay process is killed with SIGKILL at random points while writers append, then started
 * again. Every event must still arrive, in order per stream, and every duplicate must be a
 * redelivery of the same ce_id with the same content.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  collector,
  describeWithKafka,
  sharedBroker,
  expectDelivered,
  runWriters,
  sleep,
  until,
  wholeLog,
} from './support.js';

const KILLS = 8;
const hooks = fileURLToPath(new URL('../support/ts-hooks.ts', import.meta.url));
const script = fileURLToPath(new URL('./relay-process.ts', import.meta.url));

describeWithKafka(
  'a relay process killed with SIGKILL at random points while writers append',
  await sharedBroker(),
  (env) => {
    let consumer: Awaited<ReturnType<typeof collector>>;

    beforeAll(async () => {
      // The topics exist before the consumer subscribes; the processes find them there.
      await (await env().newRelay()).ensureTopics();
      consumer = await collector(env());
    });
    afterAll(() => consumer.stop());

    function startRelay(): { child: ChildProcess; published: Promise<void>; output: string[] } {
      // kafkajs schedules a timer with a negative delay while it retries; Node only warns about it.
      const flags = [
        '--conditions=ledger-source',
        '--disable-warning=TimeoutNegativeWarning',
        '--import',
        hooks,
      ];
      const child = spawn(process.execPath, [...flags, script], {
        env: {
          ...process.env,
          LEDGER_STORE_SCHEMA: env().schema,
          KAFKA_BROKERS: env().brokers.join(','),
          KAFKA_TOPIC_PREFIX: env().prefix,
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const output: string[] = [];
      const published = new Promise<void>((resolve) => {
        child.stdout?.on('data', (chunk: Buffer) => {
          output.push(chunk.toString());
          if (chunk.toString().includes('publishes the log after position')) resolve();
        });
      });
      return { child, published, output };
    }

    async function kill(child: ChildProcess): Promise<void> {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }

    it('delivers every event in order per stream; duplicates are only redeliveries', async () => {
      let writing = true;
      const writers = runWriters(env().store, 4, () => !writing, { seed: 11 });
      const killedAfter: number[] = [];
      let operations: number;
      try {
        for (let round = 0; round < KILLS; round++) {
          const relay = startRelay();
          await relay.published;
          // Random points: early in the catch-up, or later while it follows the live writers.
          const wait = Math.floor(Math.random() * 1_200);
          await sleep(wait);
          await kill(relay.child);
          killedAfter.push(wait);
        }
      } finally {
        writing = false;
        operations = await writers;
      }
      const last = startRelay();
      try {
        const log = await wholeLog(env());
        await consumer.waitForAll(log.length, 90_000);
        await until('the relay stored its last checkpoint', async () => {
          const { rows } = await env().sql.query<{ checkpoint: bigint }>(
            `SELECT checkpoint FROM "${env().schema}".kafka_relays`,
          );
          return rows[0]?.checkpoint === log.at(-1)?.position;
        });
        const duplicates = expectDelivered(log, consumer.received);
        console.log(
          `relay crash test: ${operations} operations, ${log.length} events, ${KILLS} kills (after ${killedAfter.join(', ')} ms), ${duplicates} redeliveries`,
        );
        expect(log.length).toBeGreaterThan(500);
      } finally {
        const exited = new Promise((resolve) => last.child.once('exit', resolve));
        last.child.kill('SIGTERM');
        await exited;
      }
    }, 240_000);

    it('hands over to a standby process within seconds when the active one dies, losing nothing', async () => {
      let writing = true;
      const writers = runWriters(env().store, 2, () => !writing, { seed: 12, pauseMs: 5 });
      const active = startRelay();
      await active.published;
      const standby = startRelay();
      try {
        await until('the second process stands by', async () =>
          standby.output.join('').includes('standing by'),
        );
        await sleep(1_000);
        expect(standby.output.join('')).not.toContain('publishes the log');
        await kill(active.child);
        const killedAt = Date.now();
        await standby.published;
        const takeoverMs = Date.now() - killedAt;
        console.log(
          `relay takeover: the standby published ${takeoverMs} ms after the active process was killed`,
        );
        expect(takeoverMs).toBeLessThan(10_000);
        await sleep(1_000);
      } finally {
        writing = false;
        await writers;
      }
      try {
        const log = await wholeLog(env());
        await consumer.waitForAll(log.length, 90_000);
        expectDelivered(log, consumer.received);
      } finally {
        const exited = new Promise((resolve) => standby.child.once('exit', resolve));
        standby.child.kill('SIGTERM');
        await exited;
      }
    }, 120_000);
  },
);
