/**
 * The tables, as numbered migrations: a store applies those above the version it finds,
 * each in a transaction, and records it in `migrations`. Never edit one that has shipped;
 * add the next. The two dialects keep the same tables and columns.
 */

export interface Migration {
  readonly version: number;
  readonly sqlite: string;
  readonly postgres: string;
}

const TABLES = (serial: string, json: string) => `
CREATE TABLE feedback (
  user_id TEXT NOT NULL,
  answer TEXT NOT NULL,
  at TEXT NOT NULL,
  vote TEXT NOT NULL CHECK (vote IN ('up', 'down')),
  question TEXT NOT NULL,
  cited ${json} NOT NULL,
  channel TEXT,
  reason TEXT,
  reason_text TEXT,
  PRIMARY KEY (user_id, answer)
);
CREATE INDEX feedback_at ON feedback (at);
CREATE TABLE questions (
  id ${serial},
  at TEXT NOT NULL,
  question TEXT NOT NULL,
  confident BOOLEAN NOT NULL
);
CREATE INDEX questions_at ON questions (at);
CREATE TABLE subscriptions (
  channel TEXT PRIMARY KEY,
  seq BIGINT NOT NULL,
  subscribed BOOLEAN NOT NULL
);
CREATE TABLE digest_posts (
  channel TEXT NOT NULL,
  slot TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'posted')),
  at TEXT NOT NULL,
  ts TEXT,
  documents ${json} NOT NULL,
  owner TEXT,
  PRIMARY KEY (channel, slot)
);
CREATE TABLE install (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  at TEXT NOT NULL
);
CREATE TABLE feeds (
  url TEXT PRIMARY KEY,
  seq BIGINT NOT NULL,
  state ${json} NOT NULL,
  removed BOOLEAN NOT NULL
);
CREATE TABLE requests (
  key TEXT PRIMARY KEY,
  at TEXT NOT NULL
);
CREATE INDEX requests_at ON requests (at);
`;

/** Articles added from Slack, feeds or the command line, when replicas share them through the database. */
const ARTICLES = `
CREATE TABLE articles (
  file TEXT PRIMARY KEY,
  text TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE TABLE article_changes (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version BIGINT NOT NULL
);
INSERT INTO article_changes (id, version) VALUES (1, 0);
`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sqlite: TABLES("INTEGER PRIMARY KEY AUTOINCREMENT", "TEXT"),
    postgres: TABLES("BIGSERIAL PRIMARY KEY", "TEXT"),
  },
  { version: 2, sqlite: ARTICLES, postgres: ARTICLES },
];

/** Question log entries kept; older ones are dropped (the footer looks at yesterday only). */
export const MAX_QUESTIONS = 20_000;
/** Digest records kept per channel. */
export const MAX_POSTS_PER_CHANNEL = 60;
