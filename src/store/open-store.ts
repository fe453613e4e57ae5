/**
 * Opens the store the configuration names: PostgreSQL when DATABASE_URL is set, else
 * SQLite in DATA_DIR/nkru.db. State never stops answering:
 * - a database file that is not a database (or is damaged) is set aside under a name of
 *   its own (time and random, so restarts in a container, where node is always PID 1,
 *   never overwrite an earlier one), logged with its path, and a new one is started;
 * - a data folder that is read-only or full gives a warning and a store in memory, so
 *   nkru answers and says in `status` what it cannot keep.
 * The JSON files of earlier versions are imported once (import-json.ts).
 */
import { mkdirSync, renameSync } from "node:fs";
import { join } from "node:path";
import type { Logger } from "../logger.js";
import { importJsonState } from "./import-json.js";
import { PostgresStore } from "./postgres-store.js";
import { asideName } from "./set-aside.js";
import { SqliteStore } from "./sqlite-store.js";
import type { Store } from "./store.js";

export interface OpenStoreOptions {
  readonly dataDir: string;
  readonly databaseUrl: string | null;
  readonly logger: Logger;
  /** For the set-aside name; the machine's clock in production. */
  readonly now: () => Date;
}

const CORRUPT = /SQLITE_NOTADB|SQLITE_CORRUPT|file is not a database|malformed/i;
const UNWRITABLE =
  /SQLITE_CANTOPEN|SQLITE_READONLY|SQLITE_FULL|SQLITE_IOERR|EACCES|EROFS|ENOSPC|readonly|disk is full/i;

export async function openStore(o: OpenStoreOptions): Promise<Store> {
  if (o.databaseUrl) {
    const store = await PostgresStore.open({ connectionString: o.databaseUrl });
    await importJsonState(o.dataDir, store, o.logger, o.now);
    return store;
  }
  const path = join(o.dataDir, "nkru.db");
  const inMemory = (why: string) => {
    o.logger.warn(
      { path },
      `cannot keep state in ${path} (${why}); answering anyway, but votes, subscriptions and digest records will not survive a restart`,
    );
    return new SqliteStore(":memory:", `${path} cannot be written (${why})`);
  };
  try {
    mkdirSync(o.dataDir, { recursive: true });
  } catch (error) {
    return inMemory((error as NodeJS.ErrnoException).code ?? (error as Error).message);
  }
  let store: SqliteStore;
  try {
    store = new SqliteStore(path);
  } catch (error) {
    const message = `${(error as { code?: string }).code ?? ""} ${(error as Error).message}`;
    if (CORRUPT.test(message)) {
      const aside = asideName(path, o.now());
      try {
        renameSync(path, aside);
        for (const suffix of ["-wal", "-shm"]) {
          try {
            renameSync(`${path}${suffix}`, `${aside}${suffix}`);
          } catch {
            // no such companion file
          }
        }
      } catch (renameError) {
        return inMemory(`damaged, and could not be set aside: ${(renameError as Error).message}`);
      }
      o.logger.error(
        { path, aside },
        `${path} is not a usable database; set it aside as ${aside} and started a new one`,
      );
      store = new SqliteStore(path);
    } else if (UNWRITABLE.test(message)) {
      return inMemory(message.trim());
    } else throw error;
  }
  try {
    await importJsonState(o.dataDir, store, o.logger, o.now);
  } catch (error) {
    o.logger.warn({ err: error }, "could not import the JSON state of an earlier version; it is left as it was");
  }
  return store;
}
