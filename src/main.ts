/**
 * The composition root: config → logger → store → intake and feeds → Slack app → digest
 * job → corpus and index → watcher → feed polling → ready. SIGTERM / SIGINT stop them in reverse. With no Slack credentials at all, nkru opens the
 * command line's interactive console instead and says how to connect to Slack.
 */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { WebClient } from "@slack/web-api";
import { runCli } from "./cli/run-cli.js";
import { systemClock } from "./clock.js";
import { articlesDirOf, type Config, type Env, indexFileOf, loadConfig, secretsOf, takeawaysFileOf } from "./config.js";
import { ArticleIntake } from "./ingest/article-intake.js";
import { FolderShelf } from "./io/article-shelf.js";
import { CorpusFolderError } from "./io/corpus-folder.js";
import { CorpusReloader } from "./io/corpus-reloader.js";
import { indexBuilder } from "./io/index-builder.js";
import { loadKnowledgeBase, saveTakeaways } from "./io/load-knowledge-base.js";
import { DigestJob } from "./jobs/digest-job.js";
import { DigestSchedule } from "./jobs/digest-schedule.js";
import { FeedPoller } from "./jobs/feed-poller.js";
import { KnowledgeHolder } from "./knowledge-holder.js";
import { createLogger, type Logger } from "./logger.js";
import { runInSlices, slicePause } from "./runtime/run-in-slices.js";
import { createSlackApp } from "./slack/app.js";
import { slackDigestPoster } from "./slack/digest-poster.js";
import { InFlight } from "./slack/in-flight.js";
import { openStore } from "./store/open-store.js";
import type { Store } from "./store/store.js";
import { StoreShelf } from "./store/store-shelf.js";

const CONSOLE_NOTICE = `nkru: no Slack credentials are set, so this is the command-line console.
To connect to Slack, create the app from manifest.yml and set SLACK_BOT_TOKEN, plus either
SLACK_APP_TOKEN (Socket Mode, no public URL needed) or SLACK_SIGNING_SECRET (HTTP mode).
See README.md, "Running in Slack".
`;

export interface Running {
  readonly stop: (signal?: string) => Promise<void>;
}

/** Asks Slack who the bot is; a refused token is a start-up error in words. */
async function botIdentity(config: Config, logger: Logger) {
  const slack = config.slack;
  if (!slack) throw new Error("no Slack configuration");
  const client = new WebClient(slack.botToken, {
    ...(slack.apiUrl ? { slackApiUrl: slack.apiUrl } : {}),
    retryConfig: { retries: 2, minTimeout: 500 },
    timeout: 10_000,
  });
  try {
    const auth = await client.auth.test();
    if (!auth.user_id || !auth.bot_id)
      throw new Error("auth.test did not name a bot user: is SLACK_BOT_TOKEN a bot token?");
    logger.info({ team: auth.team, botUserId: auth.user_id }, "connected to the workspace");
    return { botId: auth.bot_id, botUserId: auth.user_id };
  } catch (error) {
    const code = (error as { data?: { error?: string } }).data?.error;
    throw new StartError(
      code
        ? `Slack refused SLACK_BOT_TOKEN (${code}): copy the Bot User OAuth Token again from your app's OAuth & Permissions page.`
        : `could not reach Slack to check SLACK_BOT_TOKEN: ${(error as Error).message}`,
    );
  }
}

class StartError extends Error {}

export async function start(env: Env): Promise<Running | null> {
  const loaded = loadConfig(env);
  if (!loaded.ok) {
    process.stderr.write(
      `nkru: cannot start; fix these settings:\n${loaded.problems.map((p) => `  - ${p}`).join("\n")}\n`,
    );
    process.exitCode = 1;
    return null;
  }
  const config = loaded.config;
  if (config.mode === "console") {
    process.stderr.write(CONSOLE_NOTICE);
    process.exitCode = await runCli(["ask", "--corpus", config.corpusDir], {
      stdin: process.stdin,
      stdout: process.stdout,
      stderr: process.stderr,
      env,
    });
    return null;
  }

  const logger = createLogger({ level: config.logLevel, secrets: secretsOf(config) });
  // A promise nobody awaited that failed is a bug to log, never a reason to stop answering everyone else.
  process.on("unhandledRejection", (reason) => logger.error({ err: reason }, "unhandled rejection; carrying on"));
  const clock = systemClock;
  const knowledge = new KnowledgeHolder(clock);
  const inFlight = new InFlight();
  let store: Store;
  try {
    store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, logger, now: clock });
  } catch (error) {
    const message = `could not open the database at ${config.databaseUrl ? "DATABASE_URL" : config.dataDir}: ${(error as Error).message}`;
    logger.fatal(message);
    process.stderr.write(`nkru: ${message}\n`);
    process.exitCode = 1;
    return null;
  }
  logger.info(
    { store: store.description },
    store.degraded ? `state: ${store.degraded}` : `state in ${store.description}`,
  );
  const indexFile = indexFileOf(config.dataDir);
  const takeawaysFile = takeawaysFileOf(config.dataDir);
  // One instance keeps added articles as files; replicas share them as rows of their database.
  const articles = config.databaseUrl ? new StoreShelf(store, clock) : new FolderShelf(articlesDirOf(config.dataDir));
  const folders = { corpusDir: config.corpusDir, articles };
  // A large corpus is indexed by `nkru index` in a process of its own, so this one keeps answering.
  const buildAside = indexBuilder(logger);
  const reloader = new CorpusReloader({ ...folders, indexFile, takeawaysFile, knowledge, logger, buildAside });
  const policy = { allow: config.ingest.allowHosts };
  const intake = new ArticleIntake({
    shelf: articles,
    knowledge,
    reload: (reason) => reloader.reload(reason),
    policy,
    logger,
    clock,
  });
  const feeds = new FeedPoller({
    store,
    intake,
    policy,
    logger,
    clock,
    cron: config.ingest.feedsCron,
    timezone: config.digest.timezone,
  });
  // The job posts through the Slack app's client, which exists once the app is built below.
  let client: WebClient | null = null;
  const job = new DigestJob({
    schedule: new DigestSchedule(config.digest.cron, config.digest.timezone),
    store,
    knowledge,
    poster: slackDigestPoster(() => client as WebClient),
    logger,
    clock,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    questionsFooter: config.digest.questionsFooter,
  });

  try {
    const bot = await botIdentity(config, logger);
    const slack = createSlackApp(
      { slack: config.slack as NonNullable<Config["slack"]>, port: config.port, bot },
      {
        knowledge,
        store,
        logger,
        clock,
        inFlight,
        digestSchedule: () => job.describe(),
        digest: job,
        reindex: () => reloader.reload("/nkru reindex"),
        adminUserIds: config.adminUserIds,
        ingest: { intake, addArticles: config.ingest.addArticles, feeds },
        slackApiHost: config.slack?.apiUrl ? new URL(config.slack.apiUrl).host : null,
      },
    );
    client = slack.app.client;
    const subscribed = await store.seedSubscriptions(config.digest.channels);

    const { port } = await slack.start();
    logger.info(
      { mode: slack.mode, port },
      slack.mode === "http" ? `listening on port ${port}` : "connected over Socket Mode",
    );

    // Loaded a slice at a time: /healthz and the Slack listeners answer meanwhile.
    const kb = await loadKnowledgeBase({ ...folders, indexFile, takeawaysFile, buildAside, pause: slicePause() });
    for (const s of kb.kb.corpus.skipped) logger.warn({ file: s.file, reason: s.reason }, "skipped a corpus file");
    if (kb.saveError) logger.warn(kb.saveError);
    knowledge.set(kb.kb, kb.loadMs);
    logger.info(
      {
        documents: kb.kb.corpus.documents.length,
        passages: kb.kb.passageCount,
        index: kb.kb.indexOrigin,
        loadMs: Math.round(kb.loadMs),
      },
      kb.kb.corpus.documents.length ? "corpus loaded; ready" : "the corpus is empty; ready, but nothing to answer from",
    );
    // The typo lookup and the takeaways (for the digest) are worked out in slices, while questions are answered.
    void runInSlices(kb.kb.warmUpInSteps()).then(async (t) => {
      // Practice answers first (people's first questions then find the code warm), then the corpus read ahead.
      void runInSlices(kb.kb.practiceSteps()).then(() => runInSlices(kb.kb.readAheadSteps()));
      const saved = await saveTakeaways(kb.kb, takeawaysFile);
      if (!saved.ok) logger.warn({ code: saved.code }, saved.message ?? "could not save the takeaways");
      logger.info({ takeaways: t.length, loaded: kb.kb.takeawaysLoaded }, "takeaways ready");
    });
    if (config.watchCorpus) reloader.watch();
    reloader.followShelf();

    job.start();
    logger.info({ schedule: job.describe(), channels: subscribed.channels.length }, "daily digest scheduled");
    await feeds.seed(config.ingest.feeds);
    feeds.start();
    void feeds.pollAll().catch((error: unknown) => logger.error({ err: error }, "feed poll failed"));
    void job.catchUp().catch((error: unknown) => logger.error({ err: error }, "digest catch-up failed"));

    let stopping: Promise<void> | null = null;
    const stop = (signal = "stop") => {
      stopping ??= (async () => {
        logger.info({ signal, inFlight: inFlight.size }, "stopping: no new requests, finishing work under way");
        await slack.stop();
        await job.stop();
        await feeds.stop();
        await reloader.close();
        await store.close();
        logger.info("stopped");
      })();
      return stopping;
    };
    return { stop };
  } catch (error) {
    const message =
      error instanceof StartError || error instanceof CorpusFolderError
        ? error.message
        : `could not start: ${(error as Error).message}`;
    logger.fatal({ err: error instanceof StartError ? undefined : error }, message);
    process.stderr.write(`nkru: ${message}\n`);
    process.exitCode = 1;
    return null;
  }
}

const isEntry = resolve(process.argv[1] ?? "") === fileURLToPath(import.meta.url);
if (isEntry) {
  const running = await start(process.env);
  if (running) {
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      process.once(signal, () => {
        running.stop(signal).then(
          () => process.exit(0),
          () => process.exit(1),
        );
      });
    }
  } else if (process.exitCode) {
    process.exit();
  }
}
