import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FileStore, JsonFiles } from "../../src/io/store.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "nkru-store-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const vote = (n: number) => ({
  at: new Date(n).toISOString(),
  user: `U${n}`,
  vote: "up" as const,
  question: "q",
  cited: [],
  channel: null,
});

describe("FileStore", () => {
  it("keeps every one of many concurrent writes", async () => {
    const store = new FileStore(dir);
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.recordFeedback(vote(i))));
    const again = new FileStore(dir);
    expect((await again.feedback()).map((f) => f.user).sort()).toEqual(
      Array.from({ length: 50 }, (_, i) => `U${i}`).sort(),
    );
    expect((await readdir(dir)).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("writes a burst of questions in a few batched writes, losing none", async () => {
    const store = new FileStore(dir);
    let writes = 0;
    const update = store.files.update.bind(store.files);
    store.files.update = ((...args: Parameters<typeof update>) => {
      writes++;
      return update(...args);
    }) as typeof update;
    await Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        store.recordQuestion({
          at: `2026-11-22T10:00:${String(i % 60).padStart(2, "0")}Z`,
          question: `q${i}`,
          confident: true,
        }),
      ),
    );
    expect(writes).toBeLessThanOrEqual(3);
    const all = await new FileStore(dir).questions("2026-11-22", "2026-11-23");
    expect(all.map((q) => q.question).sort()).toEqual(Array.from({ length: 500 }, (_, i) => `q${i}`).sort());
  });

  it("sets a corrupt file aside, keeps it, and starts afresh", async () => {
    await writeFile(join(dir, "feedback.json"), "{ this is not json");
    const store = new FileStore(dir);
    expect(await store.feedback()).toEqual([]);
    await store.recordFeedback(vote(1));
    const files = await readdir(dir);
    const aside = files.find((f) => f.startsWith("feedback.json.corrupt-"));
    expect(aside).toBeDefined();
    expect(await readFile(join(dir, aside as string), "utf8")).toBe("{ this is not json");
    expect(await store.feedback()).toHaveLength(1);
  });

  it("a failing update does not block the ones after it", async () => {
    const files = new JsonFiles(dir);
    await expect(
      files.update<number[]>("x", [], () => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await files.update<number[]>("x", [], (a) => [...a, 1])).toEqual([1]);
  });
});
