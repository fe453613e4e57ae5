/**
 * The JSON files of earlier versions (feedback.json, questions.json, subscriptions.json,
 * digest-posts.json, install.json, feeds.json in DATA_DIR), imported into the database
 * once, on the first start with it. Each file is renamed to `*.json.imported` after its
 * rows are in, never deleted. A file of the wrong shape or unparseable is set aside under
 * a name of its own and logged; the others are still imported.
 */
import { readFileSync, renameSync } from "node:fs";
import { join } from "node:path";
import type { Logger } from "../logger.js";
import { asideName } from "./set-aside.js";
import { answerKey, type DigestPost, type Feed, type Store } from "./store.js";

type Json = unknown;

const isObject = (v: Json): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === "string" ? v : null);

/** Each file: the shape it must have, and how its rows go in. */
const FILES: Record<
  string,
  { valid: (v: Json) => boolean; load: (v: Json, store: Store, now: string) => Promise<number> }
> = {
  "feedback.json": {
    valid: Array.isArray,
    load: async (v, store) => {
      let n = 0;
      for (const r of v as Record<string, unknown>[]) {
        if (!isObject(r) || !str(r.user) || (r.vote !== "up" && r.vote !== "down")) continue;
        const question = str(r.question) ?? "";
        const cited = Array.isArray(r.cited) ? r.cited.filter((c): c is string => typeof c === "string") : [];
        await store.recordFeedback({
          at: str(r.at) ?? "",
          user: r.user as string,
          answer: answerKey(question, cited),
          vote: r.vote,
          question,
          cited,
          channel: str(r.channel),
        });
        n++;
      }
      return n;
    },
  },
  "questions.json": {
    valid: Array.isArray,
    load: async (v, store) => {
      const rows = (v as Record<string, unknown>[]).filter((r) => isObject(r) && str(r.at) && str(r.question));
      await Promise.all(
        rows.map((r) =>
          store.recordQuestion({ at: r.at as string, question: r.question as string, confident: r.confident === true }),
        ),
      );
      return rows.length;
    },
  },
  "subscriptions.json": {
    valid: (v) => isObject(v) && Array.isArray(v.channels) && (v.removed === undefined || Array.isArray(v.removed)),
    load: async (v, store) => {
      const s = v as { channels: unknown[]; removed?: unknown[] };
      const channels = s.channels.filter((c): c is string => typeof c === "string");
      for (const c of channels) await store.subscribe(c);
      for (const c of (s.removed ?? []).filter((x): x is string => typeof x === "string")) await store.unsubscribe(c);
      return channels.length;
    },
  },
  "digest-posts.json": {
    valid: isObject,
    load: async (v, store) => {
      let n = 0;
      for (const posts of Object.values(v as Record<string, unknown>)) {
        if (!Array.isArray(posts)) continue;
        for (const p of posts as Partial<DigestPost>[]) {
          if (!isObject(p) || !str(p.channel) || !str(p.slot) || (p.state !== "posted" && p.state !== "pending"))
            continue;
          await store.saveDigestPost({
            channel: p.channel as string,
            slot: p.slot as string,
            state: p.state,
            at: str(p.at) ?? "",
            ts: str(p.ts),
            documents: isObject(p.documents) ? (p.documents as Record<string, string>) : {},
            owner: null,
          });
          n++;
        }
      }
      return n;
    },
  },
  "install.json": {
    valid: (v) => isObject(v) && typeof v.at === "string",
    load: async (v, store) => {
      await store.installedAt((v as { at: string }).at);
      return 1;
    },
  },
  "feeds.json": {
    valid: (v) => isObject(v) && Array.isArray(v.feeds),
    load: async (v, store) => {
      const f = v as { feeds: Feed[]; removed?: string[] };
      for (const feed of f.feeds) if (isObject(feed) && str(feed.url)) await store.addFeed(feed);
      for (const url of f.removed ?? []) if (typeof url === "string") await store.removeFeed(url);
      return f.feeds.length;
    },
  },
};

export async function importJsonState(dataDir: string, store: Store, logger: Logger, now: () => Date): Promise<void> {
  for (const [name, file] of Object.entries(FILES)) {
    const path = join(dataDir, name);
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch {
      continue; // nothing to import
    }
    let value: Json;
    try {
      value = JSON.parse(text);
    } catch {
      value = undefined;
    }
    if (value === undefined || !file.valid(value)) {
      const aside = asideName(path, now());
      renameSync(path, aside);
      logger.error(
        { path, aside },
        `${path} is not what nkru wrote (wrong shape or not JSON); set it aside as ${aside}`,
      );
      continue;
    }
    const rows = await file.load(value, store, now().toISOString());
    renameSync(path, `${path}.imported`);
    logger.info({ path, rows }, `imported ${path} into ${store.description}; the file is kept as ${path}.imported`);
  }
}
