import type { SqlClient, SqlExecutor } from '@ledger/sql';
import { quoteIdentifier, type Projection } from './projection.js';

const CREATE_INDEX = /^\s*CREATE\s+(UNIQUE\s+)?INDEX\b/i;
/** A CREATE INDEX statement of a `TableDdl`: a rebuild runs these once its rows are in. */
export const isCreateIndex = (statement: string): boolean => CREATE_INDEX.test(statement);

/** Leaves room for `_g<n>` within PostgreSQL's 63-character identifiers. */
const MAX_LOGICAL_NAME = 50;

/**
 * The physical tables of a projection, one set per generation (`<table>_g<n>`), and the views
 * (`<table>`) that make one generation the one queries read.
 */
export class Generations {
  private readonly names: readonly string[];

  constructor(
    private readonly sql: SqlClient,
    private readonly schema: string,
    private readonly projection: Projection,
  ) {
    this.names = Object.keys(projection.tables);
    for (const name of this.names) {
      quoteIdentifier(name, 'table name');
      if (name.length > MAX_LOGICAL_NAME) {
        throw new TypeError(`table name ${name} is longer than ${MAX_LOGICAL_NAME} characters`);
      }
    }
  }

  /** Logical name → schema-qualified physical table of `generation`. */
  tables(generation: number): Record<string, string> {
    return Object.fromEntries(this.names.map((name) => [name, this.physical(name, generation)]));
  }

  /**
   * Creates the tables of `generation` that do not exist yet (a table with its indexes, or
   * nothing). `withIndexes` false leaves out the CREATE INDEX statements, for `createIndexes`.
   */
  async ensure(tx: SqlExecutor, generation: number, withIndexes = true): Promise<void> {
    for (const name of this.names) {
      const table = this.physical(name, generation);
      const { rows } = await tx.query<{ found: string | null }>(`SELECT to_regclass($1)::text AS found`, [
        table,
      ]);
      if (rows[0]?.found) continue;
      for (const statement of this.ddlOf(name)(table)) {
        if (withIndexes || !isCreateIndex(statement)) await tx.query(statement);
      }
    }
  }

  /**
   * The CREATE INDEX statements `ensure` left out, run side by side (one per connection): an
   * index built over loaded rows costs less than one kept up row by row.
   */
  async createIndexes(generation: number): Promise<void> {
    const statements = this.names.flatMap((name) =>
      this.ddlOf(name)(this.physical(name, generation)).filter(isCreateIndex),
    );
    const results = await Promise.allSettled(statements.map((statement) => this.sql.query(statement)));
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /**
   * Points every view at `generation`. `sameColumns` keeps views that other objects depend on
   * (CREATE OR REPLACE); a new version may change columns, which only DROP and CREATE allow.
   */
  async pointViews(tx: SqlExecutor, generation: number, sameColumns: boolean): Promise<void> {
    for (const name of this.names) {
      const view = this.qualified(name);
      if (!sameColumns) await tx.query(`DROP VIEW IF EXISTS ${view}`);
      await tx.query(`CREATE OR REPLACE VIEW ${view} AS SELECT * FROM ${this.physical(name, generation)}`);
    }
  }

  async drop(generation: number): Promise<void> {
    const tables = this.names.map((name) => this.physical(name, generation));
    await this.sql.query(`DROP TABLE IF EXISTS ${tables.join(', ')}`);
  }

  /** Drops what crashed rebuilds or switches left behind: every generation but those kept. */
  async dropAllBut(keep: readonly number[]): Promise<void> {
    const { rows } = await this.sql.query<{ tablename: string }>(
      `SELECT tablename FROM pg_tables WHERE schemaname = $1`,
      [this.schema],
    );
    const stale = new Set<number>();
    for (const { tablename } of rows) {
      const match = /^(.+)_g([0-9]+)$/.exec(tablename);
      if (!match || !this.names.includes(match[1] ?? '')) continue;
      const generation = Number(match[2]);
      if (!keep.includes(generation)) stale.add(generation);
    }
    for (const generation of stale) await this.drop(generation);
  }

  private ddlOf(name: string) {
    const ddl = this.projection.tables[name];
    if (!ddl) throw new Error(`projection ${this.projection.name} has no table ${name}`);
    return ddl;
  }

  private qualified(name: string): string {
    return `${quoteIdentifier(this.schema, 'schema')}.${quoteIdentifier(name)}`;
  }

  private physical(name: string, generation: number): string {
    return this.qualified(`${name}_g${generation}`);
  }
}
