/**
 * pino, set up so that secrets never reach a log: known secret fields are redacted by
 * path, and every line is scrubbed of Slack token patterns and of the configured
 * secret values before it is written, whatever field or message they hide in.
 */
import type { Logger as BoltLogger, LogLevel as BoltLogLevel } from "@slack/bolt";
import { type DestinationStream, type Logger, pino } from "pino";
import pretty from "pino-pretty";
import type { LogLevel } from "./config.js";

export type { Logger };

export interface LoggerOptions {
  readonly level?: LogLevel;
  /** Where lines go (tests pass a stream to read them); default standard output. */
  readonly destination?: DestinationStream;
  /** Human-readable lines instead of JSON; default when standard output is a terminal. */
  readonly pretty?: boolean;
  /** Exact values to scrub from every line: the tokens and signing secret in use. */
  readonly secrets?: readonly string[];
}

const REDACT_PATHS = [
  "token",
  "botToken",
  "appToken",
  "signingSecret",
  "authorization",
  "password",
  "*.token",
  "*.botToken",
  "*.appToken",
  "*.signingSecret",
  "*.authorization",
  "*.Authorization",
  "headers.authorization",
  "*.headers.authorization",
  "*.headers.Authorization",
  'headers["x-slack-signature"]',
  '*.headers["x-slack-signature"]',
];

/** Slack tokens (bot, user, app-level, refresh, config) wherever they appear in text. */
const TOKEN_PATTERN = /\b(?:xox[abposr]|xapp|xoxe(?:\.xox[bp])?)-[A-Za-z0-9-]{6,}/g;
const REDACTED = "[REDACTED]";

export function scrubber(secrets: readonly string[]): (line: string) => string {
  const exact = secrets.filter((s) => s.length >= 8);
  return (line) => {
    let out = line.replace(TOKEN_PATTERN, REDACTED);
    for (const s of exact) if (out.includes(s)) out = out.split(s).join(REDACTED);
    return out;
  };
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const usePretty = options.pretty ?? (Boolean(process.stdout.isTTY) && !options.destination);
  const destination = options.destination ?? (usePretty ? pretty({ colorize: true, sync: true }) : pino.destination(1));
  return pino(
    {
      level: options.level ?? "info",
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      base: { app: "nkru" },
      hooks: { streamWrite: scrubber(options.secrets ?? []) },
      serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
    },
    destination,
  );
}

const BOLT_LEVELS: readonly string[] = ["debug", "info", "warn", "error"];

/** Bolt's logger interface over a pino child, so Bolt's own lines are JSON and scrubbed too. */
export function boltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ component: "bolt" });
  const text = (msg: unknown[]) =>
    msg.map((m) => (typeof m === "string" ? m : m instanceof Error ? m.message : JSON.stringify(m))).join(" ");
  return {
    debug: (...msg: unknown[]) => child.debug(text(msg)),
    info: (...msg: unknown[]) => child.info(text(msg)),
    warn: (...msg: unknown[]) => child.warn(text(msg)),
    error: (...msg: unknown[]) => child.error(text(msg)),
    setLevel: (level: BoltLogLevel) => {
      child.level = level;
    },
    getLevel: () => (BOLT_LEVELS.includes(child.level) ? child.level : "error") as BoltLogLevel,
    setName: () => {},
  };
}
