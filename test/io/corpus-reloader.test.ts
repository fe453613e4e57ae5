import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CorpusReloader } from "../../src/io/corpus-reloader.js";
import { KnowledgeHolder, type KnowledgeState } from "../../src/knowledge-holder.js";
import { createLogger } from "../../src/logger.js";

let dir: string;
let knowledge: KnowledgeHolder;
let reloader: CorpusReloader | null = null;
const lines: string[] = [];
const logger = createLogger({
  pretty: false,
  destination: new Writable({
    write(c, _e, done) {
      lines.push(String(c));
      done();
    },
  }),
});

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "nkru-reload-"));
  knowledge = new KnowledgeHolder(() => new Date());
  lines.length = 0;
  await writeFile(
    join(dir, "a.md"),
    "First Article\n\nKozyrev criticised the arms deal between Moscow and Pyongyang.\n",
  );
});
afterEach(async () => {
  await reloader?.close();
  reloader = null;
  await rm(dir, { recursive: true, force: true });
});

/** Resolves with the next knowledge base swapped in. */
function nextSwap(): Promise<KnowledgeState> {
  return new Promise((resolve) => {
    const set = knowledge.set.bind(knowledge);
    knowledge.set = (kb, ms) => {
      set(kb, ms);
      knowledge.set = set;
      resolve(knowledge.current as KnowledgeState);
    };
  });
}

describe("CorpusReloader", () => {
  it("re-reads and swaps in a new knowledge base; the old one answers until then", async () => {
    reloader = new CorpusReloader({ corpusDir: dir, indexFile: null, knowledge, logger });
    await reloader.reload("start");
    const before = knowledge.current;
    await writeFile(join(dir, "b.md"), "Second Article\n\nLukyanov questioned the sanctions regime in Moscow.\n");
    const pending = reloader.reload("test");
    expect(knowledge.current).toBe(before); // still answering from the previous index
    expect(await pending).toMatchObject({ ok: true, documents: 2 });
    expect(knowledge.current?.kb.answer("Who questioned the sanctions?").answers[0]?.excerpt).toMatch(/Lukyanov/);
  });

  it("keeps the previous index when a re-read fails, and says why", async () => {
    reloader = new CorpusReloader({ corpusDir: dir, indexFile: null, knowledge, logger });
    await reloader.reload("start");
    const before = knowledge.current;
    await rm(dir, { recursive: true, force: true });
    const result = await reloader.reload("test");
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/corpus folder .* does not exist/) });
    expect(knowledge.current).toBe(before);
    expect(knowledge.lastError).toMatch(/does not exist/);
    expect(lines.join("")).toMatch(/corpus re-read failed; answering from the previous index/);
  });

  it("runs one re-read for a burst of requests made during another", async () => {
    reloader = new CorpusReloader({ corpusDir: dir, indexFile: null, knowledge, logger });
    let swaps = 0;
    const set = knowledge.set.bind(knowledge);
    knowledge.set = (kb, ms) => {
      swaps++;
      set(kb, ms);
    };
    await Promise.all([reloader.reload("a"), reloader.reload("b"), reloader.reload("c"), reloader.reload("d")]);
    expect(swaps).toBe(2);
  });

  it("re-reads once after a burst of changes to articles, when the quiet time has passed", async () => {
    // The watcher and the timers are stand-ins: the test says when a file changes and when time passes.
    let notify: ((file: string | null) => void) | null = null;
    let closed = false;
    const pending = new Map<number, { callback: () => void; ms: number }>();
    let next = 0;
    reloader = new CorpusReloader({
      corpusDir: dir,
      indexFile: null,
      knowledge,
      logger,
      debounceMs: 2000,
      watchFolder: (folder, onChange) => {
        expect(folder).toBe(dir);
        notify = onChange;
        return { close: () => (closed = true) };
      },
      timers: {
        setTimeout: (callback, ms) => {
          pending.set(++next, { callback, ms });
          return next;
        },
        clearTimeout: (handle) => pending.delete(handle as number),
      },
    });
    await reloader.reload("start");
    reloader.watch();
    let swaps = 0;
    const set = knowledge.set.bind(knowledge);
    knowledge.set = (kb, ms) => {
      swaps++;
      set(kb, ms);
    };
    await writeFile(
      join(dir, "c.md"),
      "Third Article\n\nShoigu visited Pyongyang in July to see a weapons exhibition.\n",
    );
    const change = notify as unknown as (file: string | null) => void;
    change("c.md");
    change("c.md");
    change(".c.md.swp"); // an editor's swap file is not an article
    change("notes.json");
    expect([...pending.values()].map((t) => t.ms)).toEqual([2000]); // one timer, restarted by each change
    expect(swaps).toBe(0);

    const swapped = nextSwap();
    const [only] = [...pending.values()];
    pending.clear();
    only?.callback();
    const state = await swapped;
    expect(state.kb.corpus.documents.map((d) => d.file)).toContain("c.md");
    expect(swaps).toBe(1);

    await reloader.close();
    reloader = null;
    expect(closed).toBe(true);
  });
});

describe("CorpusReloader.followShelf", () => {
  it("re-reads when another replica changed the shared articles, and not again for its own add", async () => {
    let version = 0;
    const texts = new Map<string, string>();
    const shelf = {
      description: "a shared shelf",
      list: async () => ({
        files: [...texts].map(([file, text]) => ({ name: `added/${file}`, bytes: Buffer.from(text) })),
        unreadable: [],
      }),
      text: async (file: string) => texts.get(file) ?? null,
      save: async (file: string, text: string) => {
        texts.set(file, text);
        version++;
      },
      remove: async (file: string) => {
        texts.delete(file);
        version++;
      },
      stamp: async () => String(version),
    };
    let pending: (() => void) | null = null;
    const timers = {
      setTimeout: (callback: () => void) => {
        pending = callback;
        return 1;
      },
      clearTimeout: () => {
        pending = null;
      },
    };
    reloader = new CorpusReloader({ corpusDir: dir, articles: shelf, indexFile: null, knowledge, logger, timers });
    await reloader.reload("start");
    let reloads = 0;
    const reload = reloader.reload.bind(reloader);
    reloader.reload = (reason: string) => {
      reloads++;
      return reload(reason);
    };
    // Fires the follow timer and waits for the look to finish (it arms the timer again).
    const tick = async () => {
      const fire = pending as (() => void) | null;
      pending = null;
      expect(fire).not.toBeNull();
      fire?.();
      for (let i = 0; i < 200 && pending === null; i++) await new Promise((r) => setTimeout(r, 10));
      expect(pending).not.toBeNull();
    };
    reloader.followShelf(5000);
    for (let i = 0; i < 200 && pending === null; i++) await new Promise((r) => setTimeout(r, 10));
    // Another replica adds an article: the next look re-reads, and it is answerable here.
    await shelf.save("lukyanov.md", "Shelf Article\n\nLukyanov questioned the tanker inspections at Nakhodka.\n");
    await tick();
    expect(reloads).toBe(1);
    expect(knowledge.current?.kb.answer("Who questioned the tanker inspections?").answers[0]?.excerpt).toMatch(
      /Lukyanov/,
    );
    // This replica's own add: it re-reads once itself; following adds no second re-read.
    await shelf.save("second.md", "Second Shelf Article\n\nZvezdina counted the wagons at Khasan station.\n");
    await reloader.reload("own add");
    const own = reloads;
    await tick();
    expect(reloads).toBe(own);
  });
});

describe("a large corpus grows without a rebuild on the event loop", () => {
  it("builds a stale index in another process, extends it for an added article, and folds that in later", async () => {
    const { generateCorpus } = await import("../../bench/generate-corpus.js");
    const { indexBuilder } = await import("../../src/io/index-builder.js");
    const corpusDir = join(dir, "corpus");
    const dataDir = join(dir, "data");
    const { mkdir } = await import("node:fs/promises");
    await mkdir(corpusDir, { recursive: true });
    await mkdir(dataDir, { recursive: true });
    for (const f of generateCorpus(1500, 5)) await writeFile(join(corpusDir, f.name), f.bytes);
    const timers: { callback: () => void; ms: number }[] = [];
    reloader = new CorpusReloader({
      corpusDir,
      indexFile: join(dataDir, "index.json"),
      takeawaysFile: join(dataDir, "takeaways.json"),
      knowledge,
      logger,
      buildAside: indexBuilder(logger, { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "" }),
      rebuildAfterMs: 30_000,
      timers: {
        setTimeout: (callback, ms) => timers.push({ callback, ms }),
        clearTimeout: () => {},
      },
    });
    // First start: no saved index, so `nkru index` builds it in a child process and this one loads it.
    await reloader.reload("start");
    expect(knowledge.current?.kb.indexOrigin).toBe("loaded");
    expect(lines.join("")).toMatch(/index built aside/);
    expect(lines.join("")).toMatch(/nkru index: [\d,]+ documents, [\d,]+ passages: indexed and saved/);

    // An article added: the index in use is extended, and a rebuild is scheduled.
    await writeFile(
      join(corpusDir, "yelabuga.md"),
      "Drone Factory Report\n\nNorth Korean workers were seen at the drone factory in Yelabuga, satellite images show.\n",
    );
    await reloader.reload("article added");
    expect(knowledge.current?.kb.indexOrigin).toBe("extended");
    expect(knowledge.current?.kb.answer("Where were the North Korean workers seen?").answers[0]?.excerpt).toMatch(
      /Yelabuga/,
    );
    const rebuild = timers.find((t) => t.ms === 30_000);
    expect(rebuild).toBeDefined();

    // Later the rebuild runs aside, and the saved index covers the new article for the next start.
    const swapped = nextSwap();
    rebuild?.callback();
    expect((await swapped).kb.indexOrigin).toBe("loaded");
    expect(knowledge.current?.kb.answer("Where were the North Korean workers seen?").answers[0]?.excerpt).toMatch(
      /Yelabuga/,
    );
  }, 60_000);
});
