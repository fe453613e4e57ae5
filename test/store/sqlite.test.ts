import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { SqliteStore } from "../../src/store/sqlite-store.js";
import { storeContract } from "./contract.js";

let dir: string;
let n = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "nkru-sqlite-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

storeContract(
  "SQLite",
  async () => new SqliteStore(join(dir, `db-${++n}.db`)),
  async (s) => new SqliteStore((s as SqliteStore).description.replace(/^SQLite at /, "")),
);
