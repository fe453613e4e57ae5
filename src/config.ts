/**
 * The only reader of the environment. Everything else receives values from here.
 *
 * {@link loadConfig} validates every variable at once and returns all problems
 * together, each naming the variable and how to get a good value, so that a
 * misconfigured start fails once with the whole list.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { validate as validateCron } from "node-cron";

/** The articles shipped with nkru (`corpus/` at the project root). */
export const BUNDLED_CORPUS_DIR = fileURLToPath(new URL("../corpus/", import.meta.url));

export type Env = Readonly<Record<string, string | undefined>>;

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** How the app talks to Slack: a WebSocket it opens, HTTP requests it receives, or not at all. */
export type Mode = "socket" | "http" | "console";

export interface SlackConfig {
  readonly botToken: string;
  /** Socket Mode's app-level token; null in HTTP mode. */
  readonly appToken: string | null;
  /** Verifies HTTP requests; null in Socket Mode, where Slack's requests come over the socket. */
  readonly signingSecret: string | null;
  /** Web API base URL, ending in "/"; null for Slack's own. */
  readonly apiUrl: string | null;
}

export interface Config {
  readonly mode: Mode;
  readonly slack: SlackConfig | null;
  readonly port: number;
  readonly dataDir: string;
  /** PostgreSQL for state shared by several replicas; null: SQLite in DATA_DIR. */
  readonly databaseUrl: string | null;
  readonly corpusDir: string;
  readonly logLevel: LogLevel;
  /** Users who may run admin commands such as `/nkru reindex`. */
  readonly adminUserIds: readonly string[];
  readonly digest: DigestConfig;
  /** Re-read the corpus when its files change. */
  readonly watchCorpus: boolean;
  readonly ingest: IngestConfig;
}

export interface IngestConfig {
  /** Who may add articles from Slack: everyone in the workspace, or ADMIN_USER_IDS only. */
  readonly addArticles: "everyone" | "admins";
  /** Hosts, addresses and CIDR ranges that may be fetched although not public (tests, an intranet). */
  readonly allowHosts: readonly string[];
  /** Feeds polled from the start (more are added in Slack): address and keywords. */
  readonly feeds: readonly FeedSeed[];
  /** When feeds are polled: a five-field cron expression, read in DIGEST_TZ. */
  readonly feedsCron: string;
}

export interface FeedSeed {
  readonly url: string;
  readonly keywords: readonly string[];
}

/** FEEDS: entries separated by commas or new lines, each an address and optional keywords. */
export function parseFeeds(raw: string): { feeds: FeedSeed[]; bad: string[] } {
  const feeds: FeedSeed[] = [];
  const bad: string[] = [];
  for (const entry of raw
    .split(/[,\n]/)
    .map((e) => e.trim())
    .filter(Boolean)) {
    const [url = "", ...keywords] = entry.split(/\s+/);
    let ok = false;
    try {
      ok = ["http:", "https:"].includes(new URL(url).protocol);
    } catch {
      ok = false;
    }
    if (ok) feeds.push({ url, keywords });
    else bad.push(url);
  }
  return { feeds, bad };
}

/** The articles folder nkru owns inside DATA_DIR. */
export function articlesDirOf(dataDir: string): string {
  return join(dataDir, "articles");
}

/** The saved index and parsed corpus, reused while the corpus is unchanged. */
export function indexFileOf(dataDir: string): string {
  return join(dataDir, "index.json");
}

/** The saved takeaways, reused while the corpus is unchanged. */
export function takeawaysFileOf(dataDir: string): string {
  return join(dataDir, "takeaways.json");
}

/** FETCH_ALLOW_HOSTS as a list (the command line reads it without the rest of the configuration). */
export function allowHostsFrom(env: Env): string[] {
  return (env.FETCH_ALLOW_HOSTS ?? "").split(/[\s,]+/).filter(Boolean);
}

/** DATA_DIR, or ./data. */
export function dataDirFrom(env: Env): string {
  return env.DATA_DIR?.trim() || "./data";
}

export interface DigestConfig {
  /** Five-field cron expression: minute hour day-of-month month day-of-week. */
  readonly cron: string;
  /** IANA time zone the expression is read in. */
  readonly timezone: string;
  /** Channels subscribed from configuration (more can subscribe in Slack). */
  readonly channels: readonly string[];
  /** Add yesterday's most asked and unanswered questions under the digest. */
  readonly questionsFooter: boolean;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

const APP_SETTINGS = "https://api.slack.com/apps → your app";

/** CORPUS_DIR, or the bundled corpus. */
export function corpusDirFrom(env: Env): string {
  const dir = env.CORPUS_DIR?.trim();
  return dir ? dir : BUNDLED_CORPUS_DIR;
}

/** DIGEST_TZ when it names a real zone, else UTC (the command line never fails over it). */
export function digestTimezoneFrom(env: Env): string {
  const tz = env.DIGEST_TZ?.trim() || "UTC";
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return tz;
  } catch {
    return "UTC";
  }
}

function value(env: Env, name: string): string | null {
  const v = env[name]?.trim();
  return v ? v : null;
}

export function loadConfig(env: Env): ConfigResult {
  const problems: string[] = [];
  const botToken = value(env, "SLACK_BOT_TOKEN");
  const appToken = value(env, "SLACK_APP_TOKEN");
  const signingSecret = value(env, "SLACK_SIGNING_SECRET");

  const mode: Mode = appToken ? "socket" : botToken || signingSecret ? "http" : "console";

  if (mode !== "console") {
    if (!botToken) {
      problems.push(
        `SLACK_BOT_TOKEN is missing: copy the Bot User OAuth Token (xoxb-…) from ${APP_SETTINGS} → OAuth & Permissions, after installing the app to the workspace.`,
      );
    } else if (!/^xoxb-[A-Za-z0-9-]+$/.test(botToken)) {
      problems.push(
        `SLACK_BOT_TOKEN is not a bot token: it must start with "xoxb-" (the Bot User OAuth Token in ${APP_SETTINGS} → OAuth & Permissions).`,
      );
    }
  }
  if (appToken && !/^xapp-[A-Za-z0-9-]+$/.test(appToken)) {
    problems.push(
      `SLACK_APP_TOKEN is not an app-level token: it must start with "xapp-" (create one with the connections:write scope in ${APP_SETTINGS} → Basic Information → App-Level Tokens), or unset it to use HTTP mode.`,
    );
  }
  if (mode === "http") {
    if (!signingSecret) {
      problems.push(
        `SLACK_SIGNING_SECRET is missing: HTTP mode verifies Slack's requests with it; copy the Signing Secret from ${APP_SETTINGS} → Basic Information → App Credentials (or set SLACK_APP_TOKEN to use Socket Mode).`,
      );
    } else if (!/^[0-9a-f]{16,128}$/i.test(signingSecret)) {
      problems.push(
        `SLACK_SIGNING_SECRET does not look like a signing secret (hexadecimal, usually 32 characters): copy it again from ${APP_SETTINGS} → Basic Information → App Credentials.`,
      );
    }
  }

  let apiUrl: string | null = null;
  const rawApiUrl = value(env, "SLACK_API_URL");
  if (rawApiUrl) {
    try {
      const u = new URL(rawApiUrl);
      if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error("not http");
      apiUrl = u.href.endsWith("/") ? u.href : `${u.href}/`;
    } catch {
      problems.push(
        `SLACK_API_URL is not an http(s) URL: use the base URL of a Slack Web API stand-in such as http://127.0.0.1:4000/api/, or unset it to use Slack's own.`,
      );
    }
  }

  let port = 3000;
  const rawPort = value(env, "PORT");
  if (rawPort) {
    port = Number(rawPort);
    if (!/^\d+$/.test(rawPort) || port < 1 || port > 65535) {
      problems.push(`PORT must be a whole number from 1 to 65535 (got "${rawPort}").`);
    }
  }

  const rawLevel = (value(env, "LOG_LEVEL") ?? "info").toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(rawLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")} (got "${rawLevel}").`);
  }

  const adminUserIds = (value(env, "ADMIN_USER_IDS") ?? "").split(/[\s,]+/).filter(Boolean);
  const badIds = adminUserIds.filter((id) => !/^[UW][A-Z0-9]{2,}$/.test(id));
  if (badIds.length) {
    problems.push(
      `ADMIN_USER_IDS must be Slack user IDs separated by commas, such as U012AB3CD (got ${badIds.map((b) => `"${b}"`).join(", ")}); find an ID in a profile → ⋮ → Copy member ID.`,
    );
  }

  const cron = (value(env, "DIGEST_CRON") ?? "0 9 * * *").replace(/\s+/g, " ");
  if (cron.split(" ").length !== 5 || !validateCron(cron)) {
    problems.push(
      `DIGEST_CRON is not a five-field cron expression (minute hour day-of-month month day-of-week), got "${cron}": for 09:00 every day use "0 9 * * *", for weekdays at 08:30 "30 8 * * 1-5".`,
    );
  }
  const timezone = value(env, "DIGEST_TZ") ?? "UTC";
  try {
    new Intl.DateTimeFormat("en", { timeZone: timezone });
  } catch {
    problems.push(
      `DIGEST_TZ is not a time zone name, got "${timezone}": use an IANA name such as UTC, Europe/London or Asia/Seoul.`,
    );
  }
  const digestChannels = (value(env, "DIGEST_CHANNELS") ?? "").split(/[\s,]+/).filter(Boolean);
  const badChannels = digestChannels.filter((c) => !/^[CGD][A-Z0-9]{2,}$/.test(c));
  if (badChannels.length) {
    problems.push(
      `DIGEST_CHANNELS must be channel IDs separated by commas, such as C012AB3CD (got ${badChannels.map((b) => `"${b}"`).join(", ")}); find an ID in the channel's details, at the bottom of the About tab.`,
    );
  }
  const flag = (name: string, fallback: boolean) => {
    const raw = value(env, name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (["1", "true", "yes", "on"].includes(raw)) return true;
    if (["0", "false", "no", "off"].includes(raw)) return false;
    problems.push(`${name} must be true or false (got "${raw}").`);
    return fallback;
  };
  const questionsFooter = flag("DIGEST_QUESTIONS", false);
  const watchCorpus = flag("CORPUS_WATCH", true);

  const addArticles = (value(env, "ADD_ARTICLES") ?? "everyone").toLowerCase();
  if (addArticles !== "everyone" && addArticles !== "admins") {
    problems.push(`ADD_ARTICLES must be "everyone" or "admins" (got "${addArticles}").`);
  }
  if (addArticles === "admins" && adminUserIds.length === 0) {
    problems.push('ADD_ARTICLES is "admins" but ADMIN_USER_IDS is empty: nobody could add articles; list the admins.');
  }
  const allowHosts = allowHostsFrom({ FETCH_ALLOW_HOSTS: value(env, "FETCH_ALLOW_HOSTS") ?? "" });
  const seeded = parseFeeds(value(env, "FEEDS") ?? "");
  if (seeded.bad.length) {
    problems.push(
      `FEEDS must be http(s) addresses, each optionally followed by keywords, separated by commas (got ${seeded.bad.map((b) => `"${b}"`).join(", ")}).`,
    );
  }
  const databaseUrl = value(env, "DATABASE_URL");
  if (databaseUrl && !/^postgres(?:ql)?:\/\//.test(databaseUrl)) {
    problems.push(
      "DATABASE_URL must be a PostgreSQL URL such as postgres://nkru:password@db.internal:5432/nkru, or unset to keep state in SQLite in DATA_DIR.",
    );
  }
  const feedsCron = (value(env, "FEEDS_CRON") ?? "*/30 * * * *").replace(/\s+/g, " ");
  if (feedsCron.split(" ").length !== 5 || !validateCron(feedsCron)) {
    problems.push(
      `FEEDS_CRON is not a five-field cron expression, got "${feedsCron}": every 30 minutes is "*/30 * * * *".`,
    );
  }

  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    config: {
      mode,
      slack:
        mode === "console"
          ? null
          : {
              botToken: botToken as string,
              appToken: mode === "socket" ? appToken : null,
              signingSecret: mode === "http" ? signingSecret : null,
              apiUrl,
            },
      port,
      dataDir: dataDirFrom(env),
      databaseUrl,
      corpusDir: corpusDirFrom(env),
      logLevel: rawLevel as LogLevel,
      adminUserIds,
      digest: { cron, timezone, channels: digestChannels, questionsFooter },
      watchCorpus,
      ingest: {
        addArticles: addArticles as IngestConfig["addArticles"],
        allowHosts,
        feeds: seeded.feeds,
        feedsCron,
      },
    },
  };
}

/** Values that must never appear in a log line. */
export function secretsOf(config: Config): string[] {
  const s = config.slack;
  const password = config.databaseUrl
    ? (() => {
        try {
          return decodeURIComponent(new URL(config.databaseUrl).password);
        } catch {
          return "";
        }
      })()
    : "";
  return [...(s ? [s.botToken, s.appToken, s.signingSecret] : []), password, config.databaseUrl].filter(
    (x): x is string => Boolean(x),
  );
}
