import { describe, expect, it } from "vitest";
import { BUNDLED_CORPUS_DIR, loadConfig } from "../src/config.js";

const BOT = "xoxb-1-2-abc";
const SECRET = "0123456789abcdef0123456789abcdef";

describe("loadConfig", () => {
  it("with no Slack credentials is the command-line console, with defaults", () => {
    expect(loadConfig({})).toEqual({
      ok: true,
      config: {
        mode: "console",
        slack: null,
        port: 3000,
        dataDir: "./data",
        databaseUrl: null,
        corpusDir: BUNDLED_CORPUS_DIR,
        logLevel: "info",
        adminUserIds: [],
        digest: { cron: "0 9 * * *", timezone: "UTC", channels: [], questionsFooter: false },
        watchCorpus: true,
        ingest: { addArticles: "everyone", allowHosts: [], feeds: [], feedsCron: "*/30 * * * *" },
      },
    });
  });

  it("is Socket Mode with an app-level token", () => {
    const r = loadConfig({ SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: "xapp-1-A-1-x" });
    expect(r).toMatchObject({
      ok: true,
      config: { mode: "socket", slack: { appToken: "xapp-1-A-1-x", signingSecret: null } },
    });
  });

  it("is HTTP mode with a signing secret, and reads the rest", () => {
    const r = loadConfig({
      SLACK_BOT_TOKEN: BOT,
      SLACK_SIGNING_SECRET: SECRET,
      PORT: "8080",
      DATA_DIR: "/var/nkru",
      CORPUS_DIR: "/corpus",
      SLACK_API_URL: "http://127.0.0.1:4000/api",
      LOG_LEVEL: "DEBUG",
      ADMIN_USER_IDS: "U012AB3CD, W0XYZ",
      DIGEST_CRON: "30 8 * * 1-5",
      DIGEST_TZ: "Asia/Seoul",
      DIGEST_CHANNELS: "C0NEWS, G0PRIVATE",
      DIGEST_QUESTIONS: "yes",
      CORPUS_WATCH: "off",
      ADD_ARTICLES: "Admins",
      FETCH_ALLOW_HOSTS: "127.0.0.1, wiki.internal",
      FEEDS: "https://a.example/rss.xml korea russia, https://b.example/atom",
      FEEDS_CRON: "0 * * * *",
      DATABASE_URL: "postgres://nkru:secret@db.internal:5432/nkru",
    });
    expect(r).toEqual({
      ok: true,
      config: {
        mode: "http",
        slack: { botToken: BOT, appToken: null, signingSecret: SECRET, apiUrl: "http://127.0.0.1:4000/api/" },
        port: 8080,
        dataDir: "/var/nkru",
        databaseUrl: "postgres://nkru:secret@db.internal:5432/nkru",
        corpusDir: "/corpus",
        logLevel: "debug",
        adminUserIds: ["U012AB3CD", "W0XYZ"],
        digest: {
          cron: "30 8 * * 1-5",
          timezone: "Asia/Seoul",
          channels: ["C0NEWS", "G0PRIVATE"],
          questionsFooter: true,
        },
        watchCorpus: false,
        ingest: {
          addArticles: "admins",
          allowHosts: ["127.0.0.1", "wiki.internal"],
          feeds: [
            { url: "https://a.example/rss.xml", keywords: ["korea", "russia"] },
            { url: "https://b.example/atom", keywords: [] },
          ],
          feedsCron: "0 * * * *",
        },
      },
    });
  });

  it("refuses an ADD_ARTICLES nobody could use, a feed that is not a web address and a bad FEEDS_CRON", () => {
    const r = loadConfig({ ADD_ARTICLES: "admins", FEEDS: "ftp://x/feed", FEEDS_CRON: "often" });
    expect(r.ok).toBe(false);
    const problems = r.ok ? [] : r.problems;
    expect(problems).toEqual([
      'ADD_ARTICLES is "admins" but ADMIN_USER_IDS is empty: nobody could add articles; list the admins.',
      'FEEDS must be http(s) addresses, each optionally followed by keywords, separated by commas (got "ftp://x/feed").',
      'FEEDS_CRON is not a five-field cron expression, got "often": every 30 minutes is "*/30 * * * *".',
    ]);
    expect(loadConfig({ ADD_ARTICLES: "some" }).ok).toBe(false);
  });

  it("names every missing or malformed variable at once, with how to get it", () => {
    const r = loadConfig({
      SLACK_SIGNING_SECRET: "not hex!",
      PORT: "99999",
      LOG_LEVEL: "loud",
      SLACK_API_URL: "ftp://x",
      ADMIN_USER_IDS: "alice",
      DIGEST_CRON: "0 25 * * *",
      DIGEST_TZ: "Mars/Olympus",
      DIGEST_CHANNELS: "#general",
      DIGEST_QUESTIONS: "maybe",
    });
    expect(r.ok).toBe(false);
    const problems = r.ok ? [] : r.problems;
    expect(problems.map((p) => p.split(" ")[0])).toEqual([
      "SLACK_BOT_TOKEN",
      "SLACK_SIGNING_SECRET",
      "SLACK_API_URL",
      "PORT",
      "LOG_LEVEL",
      "ADMIN_USER_IDS",
      "DIGEST_CRON",
      "DIGEST_TZ",
      "DIGEST_CHANNELS",
      "DIGEST_QUESTIONS",
    ]);
    expect(problems[0]).toMatch(/OAuth & Permissions/);
    expect(problems[1]).toMatch(/Basic Information/);
  });

  it("refuses tokens of the wrong kind", () => {
    const r = loadConfig({ SLACK_BOT_TOKEN: "xoxp-user-token", SLACK_APP_TOKEN: "xoxb-1-2" });
    expect(r.ok ? [] : r.problems.map((p) => p.split(" ")[0])).toEqual(["SLACK_BOT_TOKEN", "SLACK_APP_TOKEN"]);
  });
});
