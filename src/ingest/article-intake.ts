/**
 * Adds an article to the corpus from a link, a file or a feed item: fetch (fetch-page.ts),
 * extract (extract-html.ts, extract-pdf.ts, extract-text.ts), recognise an article that is
 * already there (by address, or by text: a syndicated copy), save it as a Markdown file
 * in nkru's articles folder in one atomic write, then re-read the corpus so the next
 * question can be answered from it. Every failure is a value with a message for the
 * person who asked; a failed add leaves the corpus as it was.
 *
 * Adds run one at a time, so two people adding the same link at once get one article
 * and a "already there" reply, never two files.
 */
import type { Clock } from "../clock.js";
import type { CorpusDocument, Provenance } from "../core/types.js";
import { ADDED_PREFIX, type ArticleShelf } from "../io/article-shelf.js";
import type { ReloadResult } from "../io/corpus-reloader.js";
import type { KnowledgeHolder } from "../knowledge-holder.js";
import type { Logger } from "../logger.js";
import { failed, ok, type Result } from "../result.js";
import type { AddressPolicy } from "./address-policy.js";
import { articleId, articleMarkdown, withAlsoReportedBy } from "./article-file.js";
import { decodePage } from "./decode-page.js";
import { extractText } from "./extract-text.js";
import type { ExtractedArticle } from "./extracted-article.js";
import { DEFAULT_MAX_BYTES, type FetchOptions, fetchPage } from "./fetch-page.js";
import { mentionsAny } from "./mentions.js";

export const PAGE_TYPES = ["text/html", "application/xhtml+xml", "application/pdf", "text/plain", "text/markdown"];
/** File kinds accepted from Slack and the command line, by extension. */
export const FILE_TYPES = /\.(?:md|markdown|txt|html?|pdf)$/i;

export type ArticleSource =
  | { readonly kind: "url"; readonly url: string }
  | {
      readonly kind: "file";
      readonly name: string;
      readonly bytes: Uint8Array;
      /** Where the file came from, if it has an address of its own. */
      readonly url?: string | null;
    };

export interface Added {
  readonly status: "added";
  readonly document: CorpusDocument;
  /** The article's best takeaway, for the reply. */
  readonly takeaway: string | null;
  /** From the request to answerable, in milliseconds. */
  readonly ms: number;
}

export interface AlreadyThere {
  readonly status: "already";
  readonly document: CorpusDocument;
  readonly by: "url" | "text";
  /** The new address was recorded on the article as another outlet's copy. */
  readonly noted: boolean;
}

export type IntakeOutcome = Added | AlreadyThere;

export interface IntakeOptions {
  /** Where added articles are kept (DATA_DIR/articles, or the database). */
  readonly shelf: ArticleShelf;
  readonly knowledge: KnowledgeHolder;
  /** Re-reads the corpus (the reloader's `reload`). */
  readonly reload: (reason: string) => Promise<ReloadResult>;
  readonly policy: AddressPolicy;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Fetch settings tests change: a resolver, a shorter timeout, a smaller cap. */
  readonly fetch?: Partial<Pick<FetchOptions, "resolve" | "timeoutMs" | "maxBytes">>;
}

export interface AddedBy {
  /** A Slack user id, "cli", or "feed". */
  readonly by: string;
  /** The feed an item came from. */
  readonly feed?: string | null;
  /** Keep the article only if its title or text mentions one of these (a feed's keywords). */
  readonly mustMention?: readonly string[];
}

export class ArticleIntake {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: IntakeOptions) {}

  /** Adds `source` for `by` (a Slack user id, "cli" or "feed"); one add at a time. */
  add(source: ArticleSource, by: AddedBy): Promise<Result<IntakeOutcome>> {
    const run = this.queue.then(() => this.addNow(source, by));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Removes an added article (its file in the articles folder) and re-reads the corpus.
   * Articles in the corpus folder are not nkru's to delete: the reply says where they are.
   */
  remove(id: string, by: string): Promise<Result<CorpusDocument>> {
    const run = this.queue.then(async (): Promise<Result<CorpusDocument>> => {
      const state = this.o.knowledge.current ?? (await this.o.knowledge.ready());
      const document = state.kb.document(id.toLowerCase());
      if (!document) return failed("unknown_article", `there is no article with the id \`${id}\` (see \`sources\`)`);
      if (!document.file.startsWith(ADDED_PREFIX)) {
        return failed(
          "not_added",
          `${document.title} is in the corpus folder (${document.file}), not among the added articles: remove the file there`,
        );
      }
      try {
        await this.o.shelf.remove(document.file.slice(ADDED_PREFIX.length));
      } catch (error) {
        return failed(
          "remove_failed",
          `nkru could not delete its file (${(error as NodeJS.ErrnoException).code ?? "error"})`,
        );
      }
      await this.o.reload(`article removed: ${document.id}`);
      this.o.logger.info({ kind: "article_remove", by, id: document.id }, `article removed: ${document.id}`);
      return ok(document);
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async addNow(source: ArticleSource, by: AddedBy): Promise<Result<IntakeOutcome>> {
    const started = this.o.clock().getTime();
    const what = source.kind === "url" ? source.url : source.name;
    const result = await this.addUnlogged(source, by, started).catch((error: unknown) => {
      this.o.logger.error({ err: error, source: what }, "adding an article failed unexpectedly");
      return failed("bug", "something went wrong on nkru's side while adding it") as Result<IntakeOutcome>;
    });
    const outcome = result.ok ? result.value.status : result.code;
    this.o.logger.info(
      {
        kind: "article_add",
        by: by.by,
        feed: by.feed ?? undefined,
        source: what,
        outcome,
        id: result.ok ? result.value.document.id : undefined,
        ms: this.o.clock().getTime() - started,
      },
      result.ok ? `article ${outcome}: ${result.value.document.id}` : `article not added (${outcome})`,
    );
    return result;
  }

  private async addUnlogged(source: ArticleSource, by: AddedBy, started: number): Promise<Result<IntakeOutcome>> {
    const state = this.o.knowledge.current ?? (await this.o.knowledge.ready());
    if (source.kind === "url") {
      const known = state.kb.sameArticle({ url: source.url, text: "" });
      if (known) return ok({ status: "already", document: known.document, by: "url", noted: false });
    }
    const extracted = await this.extract(source);
    if (!extracted.ok) return extracted;
    const article = extracted.value;
    const text = article.blocks.map((b) => b.text).join("\n");
    if (by.mustMention?.length && !mentionsAny(`${article.title}\n${text}`, by.mustMention)) {
      return failed("off_topic", `it does not mention ${by.mustMention.map((k) => `"${k}"`).join(" or ")}`);
    }
    const same = state.kb.sameArticle({ url: article.url, text });
    if (same) {
      const noted = same.by === "text" ? await this.noteCopy(same.document, article) : false;
      return ok({ status: "already", document: same.document, by: same.by, noted });
    }
    const taken = new Set(state.kb.corpus.documents.map((d) => d.id));
    const id = articleId(article.title, (candidate) => taken.has(candidate));
    const added: Provenance = { by: by.by, at: this.o.clock().toISOString(), feed: by.feed ?? null };
    const file = `${id}.md`;
    const saved = await this.o.shelf.save(file, articleMarkdown(article, id, added)).then(
      () => ok(undefined),
      (error: NodeJS.ErrnoException) =>
        failed("save_failed", `nkru could not save it (${error.code ?? error.message})`),
    );
    if (!saved.ok) return saved;
    const reloaded = await this.o.reload(`article added: ${id}`);
    const kb = this.o.knowledge.current?.kb;
    const document = reloaded.ok ? kb?.document(id) : null;
    if (!document) {
      // Whatever kept it out of the corpus, it must not linger as a file that looks added.
      const why = kb?.corpus.skipped.find((s) => s.file === `${ADDED_PREFIX}${id}.md`)?.reason;
      await this.o.shelf.remove(file).catch(() => {});
      await this.o.reload(`article removed again: ${id}`);
      return failed("not_indexed", why ? `it could not be indexed: ${why}` : "the corpus could not be re-read with it");
    }
    const takeaway = kb?.takeawaysOf(id)[0]?.text ?? null;
    return ok({ status: "added", document, takeaway, ms: this.o.clock().getTime() - started });
  }

  private async extract(source: ArticleSource): Promise<Result<ExtractedArticle>> {
    if (source.kind === "file") {
      if (!FILE_TYPES.test(source.name)) {
        return failed("unsupported_type", "nkru can add .md, .txt, .html and .pdf files");
      }
      if (source.bytes.length > (this.o.fetch?.maxBytes ?? DEFAULT_MAX_BYTES)) {
        return failed("too_large", `larger than ${Math.round(DEFAULT_MAX_BYTES / 1024 / 1024)} MB`);
      }
      const type = /\.pdf$/i.test(source.name)
        ? "application/pdf"
        : /\.html?$/i.test(source.name)
          ? "text/html"
          : "text/plain";
      return this.extractContent(type, source.bytes, null, source.url ?? null, source.name);
    }
    const fetched = await fetchPage(source.url, {
      policy: this.o.policy,
      accept: PAGE_TYPES,
      ...this.o.fetch,
    });
    if (!fetched.ok) return fetched;
    const f = fetched.value;
    const name = new URL(f.url).pathname.split("/").filter(Boolean).pop() ?? "page";
    return this.extractContent(f.contentType, f.bytes, f.charset, f.url, name);
  }

  private async extractContent(
    type: string,
    bytes: Uint8Array,
    charset: string | null,
    url: string | null,
    name: string,
  ): Promise<Result<ExtractedArticle>> {
    // The extractors are loaded when a page is first read: linkedom and Readability take
    // 0.3 s to import, which a command that only answers never needs.
    if (type === "application/pdf") {
      const { extractPdf } = await import("./extract-pdf.js");
      const pdf = await extractPdf(bytes, name);
      return pdf.ok && url ? ok({ ...pdf.value, url: pdf.value.url ?? url }) : pdf;
    }
    const text = decodePage(bytes, charset);
    if (type === "text/html" || type === "application/xhtml+xml") {
      const { extractHtml } = await import("./extract-html.js");
      return extractHtml(text, url);
    }
    const plain = extractText(text, /\.(?:md|markdown|txt)$/i.test(name) ? name : `${name}.txt`, { url });
    return plain;
  }

  /** Records another outlet's copy on an article nkru added itself (a corpus-folder file is not nkru's to edit). */
  private async noteCopy(document: CorpusDocument, copy: ExtractedArticle): Promise<boolean> {
    if (!copy.url || !document.file.startsWith(ADDED_PREFIX)) return false;
    const file = document.file.slice(ADDED_PREFIX.length);
    try {
      const updated = withAlsoReportedBy((await this.o.shelf.text(file)) ?? "", [
        ...document.alsoReportedBy,
        { outlet: copy.outlet, url: copy.url },
      ]);
      if (updated === null) return false;
      await this.o.shelf.save(file, updated);
    } catch {
      return false;
    }
    await this.o.reload(`another outlet's copy noted on ${document.id}`);
    return true;
  }
}
