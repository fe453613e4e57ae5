import { afterAll } from "vitest";
import { PostgresStore } from "../../src/store/postgres-store.js";
import { testDatabaseUrl, testSchema } from "../helpers/postgres.js";
import { storeContract } from "./contract.js";

const schemas: string[] = [];
afterAll(async () => {
  const admin = await PostgresStore.open({ connectionString: testDatabaseUrl() });
  for (const s of schemas) await admin.dropSchema(s);
  await admin.close();
});

storeContract(
  "PostgreSQL",
  async () => {
    const schema = testSchema();
    schemas.push(schema);
    return PostgresStore.open({ connectionString: testDatabaseUrl(), schema });
  },
  async () =>
    PostgresStore.open({ connectionString: testDatabaseUrl(), schema: schemas[schemas.length - 1] as string }),
);
