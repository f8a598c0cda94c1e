/**
 * Counter sums of a rebuild: what they write lands on the same rows, whether a row is new to its
 * table (COPY), already there (an upsert that adds) or its key was let go of to bound memory.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createPgliteClient, type SqlClient } from '@ledger/sql';
import { CounterSums } from './counter-sums.js';
import { STATISTICS_TABLES, type StatisticsTable } from './statistics.tables.js';
import type { StatisticsTables } from './statistics.writer.js';

const tables = Object.fromEntries(
  Object.keys(STATISTICS_TABLES).map((name) => [name, `cs_${name}`]),
) as StatisticsTables;

let sql: SqlClient;

beforeAll(async () => {
  sql = await createPgliteClient();
  for (const name of ['province_daily', 'agency_daily'] as StatisticsTable[]) {
    for (const statement of STATISTICS_TABLES[name](tables[name])) await sql.query(statement);
  }
});

beforeEach(async () => {
  await sql.query(`TRUNCATE ${tables.province_daily}, ${tables.agency_daily}`);
});

afterAll(async () => {
  await sql.close();
});

const provinceSums = () => new CounterSums('province_daily');

async function write(sums: CounterSums, forget = false): Promise<void> {
  for (const statement of sums.take(tables, forget)) await sql.transaction((tx) => statement(tx));
}

async function provinceRows(): Promise<
  { province_code: string; day: string; raids: number; fines_riel: number }[]
> {
  const { rows } = await sql.query<{ province_code: string; day: string; raids: bigint; fines_riel: bigint }>(
    `SELECT province_code, day::text AS day, raids, fines_riel FROM ${tables.province_daily} ORDER BY 1, 2`,
  );
  return rows.map((r) => ({ ...r, raids: Number(r.raids), fines_riel: Number(r.fines_riel) }));
}

describe('counter sums', () => {
  it('adds up a row touched many times and writes it once, every counter it lacks as 0', async () => {
    const sums = provinceSums();
    sums.add('KH-18', '2022-09-14', '', '', { raids: 1, fines_riel: 60_000_000 });
    sums.add('KH-18', '2022-09-14', '', '', { raids: 1, fines_riel: 58_000_000 });
    sums.add('KH-18', '2022-09-15', '', '', { raids: 1 });
    expect(sums.pending).toBe(2);

    await write(sums);

    expect(sums.pending).toBe(0);
    expect(await provinceRows()).toEqual([
      { province_code: 'KH-18', day: '2022-09-14', raids: 2, fines_riel: 118_000_000 },
      { province_code: 'KH-18', day: '2022-09-15', raids: 1, fines_riel: 0 },
    ]);
    const { rows } = await sql.query<{ victims: bigint }>(`SELECT victims FROM ${tables.province_daily}`);
    expect(rows.map((r) => Number(r.victims))).toEqual([0, 0]);
  });

  it('adds to a row an earlier write left, and loads the rows that are new', async () => {
    const sums = provinceSums();
    sums.add('KH-18', '2022-09-14', '', '', { raids: 2 });
    await write(sums);

    sums.add('KH-18', '2022-09-14', '', '', { raids: 1, fines_riel: 5 });
    sums.add('KH-12', '2022-09-14', '', '', { raids: 4 });
    await write(sums);

    expect(await provinceRows()).toEqual([
      { province_code: 'KH-12', day: '2022-09-14', raids: 4, fines_riel: 0 },
      { province_code: 'KH-18', day: '2022-09-14', raids: 3, fines_riel: 5 },
    ]);
  });

  it('once it lets go of the keys it wrote, upserts every row and still loses nothing', async () => {
    const sums = provinceSums();
    sums.add('KH-18', '2022-09-14', '', '', { raids: 2 });
    await write(sums);
    expect(sums.remembered).toBe(1);

    sums.add('KH-18', '2022-09-14', '', '', { raids: 1 });
    sums.add('KH-12', '2022-09-14', '', '', { raids: 4 });
    await write(sums, true);
    // Keys now live for one write only.
    expect(sums.remembered).toBe(0);

    sums.add('KH-12', '2022-09-14', '', '', { raids: 1 });
    sums.add('KH-1', '2022-09-16', '', '', { raids: 7 });
    await write(sums);

    expect(await provinceRows()).toEqual([
      { province_code: 'KH-1', day: '2022-09-16', raids: 7, fines_riel: 0 },
      { province_code: 'KH-12', day: '2022-09-14', raids: 5, fines_riel: 0 },
      { province_code: 'KH-18', day: '2022-09-14', raids: 3, fines_riel: 0 },
    ]);
  });

  it('keeps keys apart column by column and writes any text in them as it is', async () => {
    const sums = new CounterSums('agency_daily');
    const odd = 'agency\\with\ttab\nand newline';
    sums.add(odd, '2022-09-14', 'led', '', { operations_planned: 1 });
    sums.add(odd, '2022-09-14', 'joined', '', { operations_planned: 2 });
    sums.add('agency', '2022-09-14', 'led', '', { operations_planned: 3 });
    await write(sums);
    sums.add(odd, '2022-09-14', 'led', '', { operations_planned: 10 });
    await write(sums);

    const { rows } = await sql.query<{ agency_id: string; capacity: string; operations_planned: bigint }>(
      `SELECT agency_id, capacity, operations_planned FROM ${tables.agency_daily} ORDER BY 1, 2`,
    );
    expect(rows.map((r) => [r.agency_id, r.capacity, Number(r.operations_planned)])).toEqual([
      ['agency', 'led', 3],
      [odd, 'joined', 2],
      [odd, 'led', 11],
    ]);
  });

  it('refuses a sum that a bigint column could not hold exactly, rather than round it', async () => {
    const sums = provinceSums();
    sums.add('KH-18', '2022-09-14', '', '', { fines_riel: Number.MAX_SAFE_INTEGER });
    sums.add('KH-18', '2022-09-14', '', '', { fines_riel: 2 });
    await expect(write(sums)).rejects.toThrow(/cannot go into a bigint column/);
  });
});
