/** The PostgreSQL the tests use: DATABASE_URL, or the machine's local server; one schema per store, so runs never meet. */
import { randomBytes } from "node:crypto";

export function testDatabaseUrl(): string {
  return process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";
}

export function testSchema(): string {
  return `nkru_test_${process.pid}_${randomBytes(4).toString("hex")}`;
}
