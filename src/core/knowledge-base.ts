/**
 * The core's front door: a corpus with its index and answerer, built from files an
 * adapter has read. Adapters (CLI, Slack app) hold one of these and swap it whole.
 */
import { Answerer, type AnswerOptions, DEFAULT_ANSWER_OPTIONS } from "./answer/answerer.js";
import { buildCorpus } from "./corpus/build-corpus.js";
import { Analyzer } from "./search/analyzer.js";
import { DEFAULT_INDEX_OPTIONS, type IndexOptions, PassageIndex } from "./search/passage-index.js";
import type { AnswerResult, Corpus, SkippedFile, SourceFile } from "./types.js";

export interface KnowledgeBaseOptions {
  readonly index?: IndexOptions;
  readonly answer?: AnswerOptions;
  /** A previously saved index (see {@link KnowledgeBase.serializeIndex}); used only if it matches. */
  readonly savedIndex?: string | null;
}

/** How the index came to be: built fresh, loaded from a save, or rebuilt because the save was stale. */
export type IndexOrigin = "built" | "loaded" | "rebuilt-stale";

export interface SourceSummary {
  readonly id: string;
  readonly title: string;
  readonly author: string | null;
  readonly outlet: string | null;
  readonly period: string | null;
  readonly file: string;
  readonly passages: number;
}

export class KnowledgeBase {
  readonly indexOrigin: IndexOrigin;
  private readonly answerer: Answerer;

  private constructor(
    readonly corpus: Corpus,
    readonly analyzer: Analyzer,
    readonly index: PassageIndex,
    indexOrigin: IndexOrigin,
    answerOptions: AnswerOptions,
  ) {
    this.indexOrigin = indexOrigin;
    this.answerer = new Answerer(corpus, index, analyzer, answerOptions);
  }

  static fromFiles(
    files: readonly SourceFile[],
    unreadable: readonly SkippedFile[] = [],
    options: KnowledgeBaseOptions = {},
  ): KnowledgeBase {
    return KnowledgeBase.fromCorpus(buildCorpus(files, unreadable), options);
  }

  static fromCorpus(corpus: Corpus, options: KnowledgeBaseOptions = {}): KnowledgeBase {
    const analyzer = new Analyzer();
    const indexOptions = options.index ?? DEFAULT_INDEX_OPTIONS;
    let index: PassageIndex | null = null;
    let origin: IndexOrigin = "built";
    if (options.savedIndex) {
      index = PassageIndex.load(options.savedIndex, corpus, analyzer, indexOptions);
      origin = index ? "loaded" : "rebuilt-stale";
    }
    index ??= PassageIndex.build(corpus, analyzer, indexOptions);
    return new KnowledgeBase(corpus, analyzer, index, origin, options.answer ?? DEFAULT_ANSWER_OPTIONS);
  }

  answer(question: string): AnswerResult {
    return this.answerer.answer(question);
  }

  /** The indexed documents with their passage counts. */
  sources(): SourceSummary[] {
    return this.corpus.documents.map((d) => ({
      id: d.id,
      title: d.title,
      author: d.author,
      outlet: d.outlet,
      period: d.period,
      file: d.file,
      passages: d.passageCount,
    }));
  }

  /** Topics the corpus covers, for help texts and "did you mean" replies. */
  topics(): readonly string[] {
    return this.answerer.suggestions().topics;
  }

  serializeIndex(): string {
    return this.index.serialize();
  }
}
