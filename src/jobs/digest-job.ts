/**
 * The daily digest: posted to every subscribed channel exactly once per scheduled slot.
 *
 * Exactly once rests on the store, not on the scheduler: before posting, the job
 * records a "pending" claim for (channel, slot); after, "posted" with the message ts.
 * A restart that finds a pending claim looks for the digest in the channel (each is
 * posted with metadata naming its slot) before posting again. A slot missed while the
 * process was down is posted at start-up only if it is still the same local day, so
 * missed days never pile up. One channel's failure never holds up another; it is
 * retried with backoff within the slot and otherwise left unmarked.
 *
 * Time comes from the injected clock, waiting from the injected sleep: tests run a
 * day's schedule without waiting.
 */
import { randomUUID } from "node:crypto";
import { type ScheduledTask, schedule } from "node-cron";
import type { Clock } from "../clock.js";
import type { AskAbout } from "../core/digest/ask-about.js";
import type { Digest } from "../core/digest/select-digest.js";
import type { KnowledgeHolder } from "../knowledge-holder.js";
import type { Logger } from "../logger.js";
import type { Result } from "../result.js";
import type { DigestPost, Store } from "../store/store.js";
import type { DigestSchedule } from "./digest-schedule.js";

/** Yesterday's questions, for the optional footer under a digest. */
export interface QuestionsFooter {
  readonly mostAsked: readonly { readonly question: string; readonly count: number }[];
  readonly unanswered: readonly { readonly question: string; readonly count: number }[];
}

/** What a digest says, as data: the poster turns it into a message. */
export interface DigestContent {
  readonly digest: Digest;
  /** The question behind a takeaway's "Ask about this"; null: no button (it would only repeat the takeaway). */
  readonly askAbout: AskAbout;
  readonly footer: QuestionsFooter | null;
}

/** The port the job posts through; slack/digest-poster.ts implements it. */
export interface DigestPoster {
  /** Posts the digest, tagged with its slot; the message ts. */
  post(channel: string, content: DigestContent, slot: string): Promise<Result<string>>;
  /**
   * The ts of this slot's digest if it is already in the channel (posted since `since`),
   * or null; null too for a channel the bot cannot read, which cannot hold one.
   */
  findPosted(channel: string, slot: string, since: Date): Promise<Result<string | null>>;
}

export interface DigestJobOptions {
  readonly schedule: DigestSchedule;
  readonly store: Store;
  readonly knowledge: KnowledgeHolder;
  readonly poster: DigestPoster;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly sleep: (ms: number) => Promise<void>;
  readonly questionsFooter: boolean;
  /** Attempts per channel within a slot, and the first backoff (doubling each time). */
  readonly retry?: { readonly attempts: number; readonly firstDelayMs: number };
  /** Who claims slots: one id per process, so a replica knows its own claims (default random). */
  readonly owner?: string;
  /** How long another process's claim is trusted before it is taken to have died (default 2 minutes). */
  readonly leaseMs?: number;
}

export interface SlotReport {
  readonly slot: string;
  readonly posted: string[];
  readonly already: string[];
  readonly failed: { channel: string; code: string }[];
}

type ChannelOutcome = { kind: "posted" } | { kind: "already" } | { kind: "failed"; code: string };

/** Posting takes seconds: a claim this old with nothing posted belongs to a process that died. */
const LEASE_MS = 2 * 60_000;

/** A pending claim older than this is checked from this far back in the channel. */
const FIND_MARGIN_MS = 5 * 60_000;

export class DigestJob {
  private task: ScheduledTask | null = null;
  private readonly running = new Map<string, Promise<SlotReport>>();
  private readonly retry: { attempts: number; firstDelayMs: number };
  private readonly owner: string;
  /** Resolves when stop() is called: a wait for another replica's lease ends at once. */
  private stopped!: () => void;
  private readonly stopping = new Promise<void>((resolve) => {
    this.stopped = resolve;
  });

  constructor(private readonly o: DigestJobOptions) {
    this.retry = { attempts: 3, firstDelayMs: 2000, ...o.retry };
    this.owner = o.owner ?? randomUUID();
  }

  /**
   * Starts the cron schedule and returns its node-cron task (tests inspect and fire it
   * directly, rather than through node-cron's process-wide registry).
   */
  start(): ScheduledTask {
    this.task = schedule(
      this.o.schedule.cron,
      async () => {
        const slot = this.o.schedule.slotToday(this.o.clock());
        if (slot) await this.runSlot(slot);
      },
      { timezone: this.o.schedule.timezone, name: "nkru-digest", noOverlap: true },
    );
    return this.task;
  }

  /** Stops the schedule and waits for a slot being posted. */
  async stop(): Promise<void> {
    this.stopped();
    await this.task?.stop();
    await this.task?.destroy();
    this.task = null;
    await Promise.allSettled([...this.running.values()]);
  }

  /**
   * At start-up: post today's latest slot where it has not been posted, unless it came
   * before this install's first start. Earlier days are let go.
   */
  async catchUp(): Promise<SlotReport | null> {
    const now = this.o.clock();
    const installed = Date.parse(await this.o.store.installedAt(now.toISOString()));
    const slot = this.o.schedule.slotToday(now);
    // A brand-new install posts from its first slot on: the morning's slot before it existed was never missed.
    if (!slot || slot.getTime() < installed) return null;
    return this.runSlot(slot);
  }

  /** Today's local date in the digest's time zone. */
  today(): string {
    return this.o.schedule.dateOf(this.o.clock());
  }

  nextRun(): Date | null {
    return this.o.schedule.next(this.o.clock());
  }

  /** The local date of the next digest (today's when the schedule has no next run). */
  nextDate(): string {
    const next = this.nextRun();
    return next ? this.o.schedule.dateOf(next) : this.today();
  }

  describe(): string {
    const next = this.nextRun();
    return `${this.o.schedule.describe()}${next ? `; next at ${next.toISOString().replace(/:\d\d\.\d+Z$/, "Z")}` : ""}`;
  }

  /** Posts one slot to every subscribed channel; concurrent calls for the same slot share one run. */
  runSlot(slot: Date): Promise<SlotReport> {
    const id = slot.toISOString();
    let run = this.running.get(id);
    if (!run) {
      run = this.postSlot(id).finally(() => this.running.delete(id));
      this.running.set(id, run);
    }
    return run;
  }

  private async postSlot(slot: string): Promise<SlotReport> {
    const { channels } = await this.o.store.subscriptions();
    const report: SlotReport = { slot, posted: [], already: [], failed: [] };
    await Promise.all(
      channels.map(async (channel) => {
        const outcome = await this.postToChannel(channel, slot).catch((error: unknown): ChannelOutcome => {
          this.o.logger.error({ err: error, channel, slot }, "digest post failed unexpectedly");
          return { kind: "failed", code: "internal_error" };
        });
        if (outcome.kind === "posted") report.posted.push(channel);
        else if (outcome.kind === "already") report.already.push(channel);
        else report.failed.push({ channel, code: outcome.code });
      }),
    );
    this.o.logger.info({ kind: "digest", ...report }, "digest slot done");
    return report;
  }

  /** The digest a channel would get for a date (also the `/nkru digest` preview). */
  async contentFor(
    channel: string,
    date: string,
  ): Promise<{ content: DigestContent; documents: Record<string, string> }> {
    const state = this.o.knowledge.current ?? (await this.o.knowledge.ready());
    const kb = state.kb;
    const last = await this.o.store.lastDigest(channel);
    const documents = Object.fromEntries(kb.corpus.documents.map((d) => [d.id, d.hash]));
    const fresh = last ? kb.corpus.documents.filter((d) => last.documents[d.id] !== d.hash).map((d) => d.id) : [];
    const digest = kb.digest(date, fresh);
    const footer = this.o.questionsFooter ? await this.footer(date) : null;
    return { content: { digest, askAbout: (t, taken) => kb.askAbout(t, taken), footer }, documents };
  }

  private async footer(date: string): Promise<QuestionsFooter> {
    const { from, to } = this.o.schedule.yesterday(date);
    const asked = await this.o.store.questions(from.toISOString(), to.toISOString());
    const tally = (list: typeof asked) => {
      const counts = new Map<string, { question: string; count: number }>();
      for (const q of list) {
        const key = q.question
          .toLowerCase()
          .replace(/[^\p{L}\p{N}]+/gu, " ")
          .trim();
        if (!key) continue;
        const c = counts.get(key) ?? { question: q.question, count: 0 };
        c.count++;
        counts.set(key, c);
      }
      return [...counts.values()].sort((a, b) => b.count - a.count).slice(0, 3);
    };
    return { mostAsked: tally(asked), unanswered: tally(asked.filter((q) => !q.confident)) };
  }

  /**
   * Posts one channel's digest for a slot, exactly once whatever the number of replicas:
   * the slot is claimed in the store first (claimDigestPost). A claim another live
   * process holds is waited out once, for its lease; a claim left by a process that died
   * is taken over after looking in the channel for what it may have posted.
   */
  private async postToChannel(channel: string, slot: string): Promise<ChannelOutcome> {
    const { store, poster, logger, clock } = this.o;
    const existing = await store.digestPost(channel, slot);
    if (existing?.state === "posted") return { kind: "already" };

    const { content, documents } = await this.contentFor(channel, this.o.schedule.dateOf(new Date(slot)));
    const lease = this.o.leaseMs ?? LEASE_MS;
    const recordPosted = (ts: string, covered: DigestPost["documents"]) =>
      store.saveDigestPost({
        channel,
        slot,
        state: "posted",
        at: clock().toISOString(),
        ts,
        documents: covered,
        owner: null,
      });
    const backOff = (attempt: number) =>
      attempt < this.retry.attempts ? this.o.sleep(this.retry.firstDelayMs * 2 ** (attempt - 1)) : Promise.resolve();
    let lastCode = "unknown";
    let waited = false;
    for (let attempt = 1; attempt <= this.retry.attempts; attempt++) {
      const claim = await store.claimDigestPost(
        { channel, slot, state: "pending", at: clock().toISOString(), ts: null, documents, owner: this.owner },
        lease,
      );
      if (claim.outcome === "posted") return { kind: "already" };
      if (claim.outcome === "held") {
        if (waited) {
          logger.info({ channel, slot, owner: claim.post.owner }, "another replica is posting this digest");
          return { kind: "already" };
        }
        // Another process claimed it: it is posting now, or it died and its lease will run out.
        waited = true;
        const wait = this.o.sleep(Math.max(0, Date.parse(claim.post.at) + lease - clock().getTime()) + 1000);
        if ((await Promise.race([wait.then(() => "waited"), this.stopping.then(() => "stopped")])) === "stopped") {
          return { kind: "already" };
        }
        attempt--;
        continue;
      }
      // A claim taken over (ours from an earlier attempt, or a dead process's): the digest may be in the channel already.
      const previous = claim.previous;
      if (previous?.state === "pending") {
        const since = new Date(Date.parse(previous.at) - FIND_MARGIN_MS);
        const found = await poster.findPosted(channel, slot, since);
        if (!found.ok) {
          lastCode = found.code;
          logger.warn({ channel, slot, attempt, code: found.code }, "could not check for a posted digest");
          await backOff(attempt);
          continue;
        }
        if (found.value) {
          await recordPosted(found.value, previous.documents);
          logger.info({ channel, slot, ts: found.value }, "digest was already posted; recorded it");
          return { kind: "already" };
        }
      }
      const posted = await poster.post(channel, content, slot);
      if (posted.ok) {
        await recordPosted(posted.value, documents);
        return { kind: "posted" };
      }
      lastCode = posted.code;
      logger.warn({ channel, slot, attempt, code: lastCode }, "digest post failed");
      await backOff(attempt);
    }
    return { kind: "failed", code: lastCode };
  }
}
