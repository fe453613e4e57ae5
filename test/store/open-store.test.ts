import { chmod, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.js";
import { openStore } from "../../src/store/open-store.js";

let dir: string;
let logs: Record<string, unknown>[];
const logger = () =>
  createLogger({
    pretty: false,
    destination: new Writable({
      write(c, _e, done) {
        for (const l of String(c).split("\n").filter(Boolean)) logs.push(JSON.parse(l));
        done();
      },
    }),
  });
let tick = 0;
const now = () => new Date(Date.UTC(2026, 10, 23, 10, 0, tick++));

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "nkru-open-"));
  logs = [];
});
afterEach(async () => {
  await chmod(dir, 0o700).catch(() => {});
  await rm(dir, { recursive: true, force: true });
});

describe("openStore", () => {
  it("imports the JSON files of an earlier version once, and keeps them renamed", async () => {
    await writeFile(
      join(dir, "feedback.json"),
      JSON.stringify([
        { at: "2026-11-20T10:00:00Z", user: "U1", vote: "up", question: "q", cited: ["a#1"], channel: "C1" },
        { at: "2026-11-20T10:01:00Z", user: "U1", vote: "down", question: "q", cited: ["a#1"], channel: "C1" },
      ]),
    );
    await writeFile(join(dir, "subscriptions.json"), JSON.stringify({ channels: ["C1", "C2"], removed: ["C9"] }));
    await writeFile(join(dir, "install.json"), JSON.stringify({ at: "2026-11-01T00:00:00.000Z" }));
    await writeFile(
      join(dir, "questions.json"),
      JSON.stringify([{ at: "2026-11-20T10:00:00Z", question: "who?", confident: false }]),
    );
    const store = await openStore({ dataDir: dir, databaseUrl: null, logger: logger(), now });
    expect((await store.feedback()).map((f) => f.vote)).toEqual(["down"]); // one vote per person per answer
    expect(await store.subscriptions()).toEqual({ channels: ["C1", "C2"], removed: ["C9"] });
    expect(await store.installedAt("2026-12-01T00:00:00.000Z")).toBe("2026-11-01T00:00:00.000Z");
    expect(await store.questions("2026-11-20", "2026-11-21")).toHaveLength(1);
    await store.close();
    const files = await readdir(dir);
    expect(files).toEqual(expect.arrayContaining(["feedback.json.imported", "subscriptions.json.imported", "nkru.db"]));
    expect(files).not.toContain("feedback.json");
    // A second start imports nothing again.
    const again = await openStore({ dataDir: dir, databaseUrl: null, logger: logger(), now });
    expect(await again.feedback()).toHaveLength(1);
    await again.close();
  });

  it.each([
    ["feedback.json", "{}"],
    ["feedback.json", "null"],
    ["subscriptions.json", "[]"],
    ["digest-posts.json", "null"],
    ["questions.json", "{}"],
    ["feedback.json", "{ not json"],
  ])("sets %s holding %s aside, logs where, and starts", async (name, text) => {
    await writeFile(join(dir, name), text);
    const store = await openStore({ dataDir: dir, databaseUrl: null, logger: logger(), now });
    expect(await store.subscriptions()).toEqual({ channels: [], removed: [] });
    await store.close();
    const aside = (await readdir(dir)).find((f) => f.startsWith(`${name}.corrupt-`));
    expect(aside).toBeDefined();
    expect(await readFile(join(dir, aside as string), "utf8")).toBe(text);
    expect(logs.find((l) => String(l.msg).includes("set it aside"))).toMatchObject({
      path: join(dir, name),
      aside: join(dir, aside as string),
    });
  });

  it("sets a damaged database aside under a name no restart reuses, and starts a new one", async () => {
    await writeFile(
      join(dir, "nkru.db"),
      "this is not a database, it is a text file that got here somehow ".repeat(100),
    );
    const first = await openStore({ dataDir: dir, databaseUrl: null, logger: logger(), now });
    await first.subscribe("C1");
    await first.close();
    await writeFile(join(dir, "nkru.db"), "damaged again ".repeat(500));
    const second = await openStore({ dataDir: dir, databaseUrl: null, logger: logger(), now });
    expect((await second.subscriptions()).channels).toEqual([]);
    await second.close();
    const asides = (await readdir(dir)).filter((f) => /^nkru\.db\.corrupt-/.test(f) && !/-(?:wal|shm)$/.test(f));
    expect(asides).toHaveLength(2);
    expect(logs.filter((l) => String(l.msg).includes("is not a usable database"))).toHaveLength(2);
  });

  it("answers on with a store in memory when the disk is full, and says so", async () => {
    // /dev/full reads as empty and refuses every write with ENOSPC: a full disk, without filling one.
    await symlink("/dev/full", join(dir, "nkru.db"));
    const store = await openStore({ dataDir: dir, databaseUrl: null, logger: logger(), now });
    expect(store.degraded).toMatch(/cannot be written \(SQLITE_FULL/);
    expect(store.description).toBe("SQLite in memory (nothing is kept)");
    await store.recordFeedback({
      at: "2026-11-23T10:00:00.000Z",
      user: "U1",
      answer: "a",
      vote: "up",
      question: "q",
      cited: [],
      channel: null,
    });
    expect(await store.feedback()).toHaveLength(1);
    await store.close();
    expect(logs.find((l) => String(l.msg).startsWith("cannot keep state in"))).toMatchObject({
      path: join(dir, "nkru.db"),
    });
  });

  it("answers on with a store in memory when the data folder cannot be written, and says why", async () => {
    if (process.getuid?.() === 0) {
      // root writes anywhere; a data folder under a file is as unwritable for root as for anyone
      await writeFile(join(dir, "file"), "x");
      const store = await openStore({ dataDir: join(dir, "file", "data"), databaseUrl: null, logger: logger(), now });
      expect(store.degraded).toMatch(/cannot be written/);
      await store.subscribe("C1");
      expect((await store.subscriptions()).channels).toEqual(["C1"]);
      await store.close();
    } else {
      await mkdir(join(dir, "ro"));
      await chmod(join(dir, "ro"), 0o500);
      const store = await openStore({ dataDir: join(dir, "ro"), databaseUrl: null, logger: logger(), now });
      expect(store.degraded).toMatch(/cannot be written/);
      await store.close();
    }
    expect(logs.find((l) => String(l.msg).startsWith("cannot keep state in"))).toBeDefined();
  });
});
