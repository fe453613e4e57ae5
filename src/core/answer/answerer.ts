/**
 * Answers a question with up to three cited excerpts, best first, or says honestly
 * that the corpus has no answer and offers what it does cover.
 *
 * Where the answer is ranked: passages come from the index (BM25 over title, section
 * and text); each passage's best excerpt is scored by the question terms it holds
 * (see excerpt.ts), with a share of the passage's own score and a bonus for terms
 * found in its section heading; near-duplicates collapse into the better one.
 */
import type { Analyzer } from "../search/analyzer.js";
import type { PassageIndex } from "../search/passage-index.js";
import type { AnswerResult, Corpus, Excerpt, Suggestions } from "../types.js";
import { judgeConfidence } from "./confidence.js";
import { bestExcerpt, massOf, type ScoredExcerpt } from "./excerpt.js";
import { PassageAnalysis } from "./passage-analysis.js";
import { cleanQuestion } from "./question.js";

export interface AnswerOptions {
  /** Excerpts returned at most. */
  readonly maxAnswers: number;
  /** Passages from the index whose sentences are examined. */
  readonly candidates: number;
  /** Share of the passage's (normalised) index score added to its excerpt's score. */
  readonly passageWeight: number;
  /** Weight of question terms found only in the passage's section heading or label. */
  readonly headingWeight: number;
  /** Term overlap above which two excerpts count as saying the same thing. */
  readonly duplicateOverlap: number;
  /** Most distinct question terms searched; the rest of a very long question is ignored. */
  readonly maxTerms: number;
  /**
   * New content words (not in the question) an excerpt needs to keep its full score.
   * An answer tells the asker something: a sentence that only restates the question
   * ("North Korea has supplied Russia…" for "What has North Korea supplied Russia?")
   * yields to one that says what was supplied.
   */
  readonly noveltyWords: number;
  /** Score share an excerpt with no new words keeps. */
  readonly noveltyFloor: number;
}

export const DEFAULT_ANSWER_OPTIONS: AnswerOptions = {
  maxAnswers: 3,
  candidates: 24,
  passageWeight: 0.35,
  headingWeight: 0.5,
  duplicateOverlap: 0.6,
  maxTerms: 32,
  noveltyWords: 4,
  noveltyFloor: 0.7,
};

interface Candidate {
  excerpt: ScoredExcerpt;
  score: number;
  passageId: number;
  /** Question terms answered by the excerpt, its heading or its label: what the confidence rule reads. */
  covered: Set<string>;
}

function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  // Against the larger set: a short takeaway inside a longer excerpt is not a duplicate of it.
  return shared / Math.max(1, a.size, b.size);
}

export class Answerer {
  private readonly docs;
  private topicCache: { term: string; label: string }[] | null = null;
  private readonly analysis: PassageAnalysis;

  constructor(
    private readonly corpus: Corpus,
    private readonly index: PassageIndex,
    private readonly analyzer: Analyzer,
    private readonly options: AnswerOptions = DEFAULT_ANSWER_OPTIONS,
  ) {
    this.docs = new Map(corpus.documents.map((d) => [d.id, d]));
    this.analysis = new PassageAnalysis(analyzer);
  }

  answer(question: string): AnswerResult {
    const cleaned = cleanQuestion(question);
    const query = cleaned.text;
    const notAnswered = (notice: string, near: readonly string[] = []): AnswerResult => ({
      query,
      confident: false,
      answers: [],
      notice: cleaned.notice ? `${cleaned.notice} ${notice}` : notice,
      suggestions: this.suggestions(near),
    });

    if (this.corpus.passages.length === 0) {
      return notAnswered("The corpus is empty: no articles are loaded, so there is nothing to answer from.");
    }
    if (query === "") return notAnswered("Ask a question about North Korea and Russia, in a few words.");
    const terms = this.analyzer.queryTerms(query).slice(0, this.options.maxTerms);
    if (terms.length === 0) {
      const hasLetters = /[\p{L}\p{N}]/u.test(query);
      return notAnswered(
        hasLetters
          ? "Your question has only very common words; add what it is about (a name, a place, an event)."
          : "Your question has no words to search for.",
      );
    }

    const { hits, weights, queryTermOf } = this.index.search(terms, this.options.candidates);
    const topScore = hits[0]?.score ?? 0;
    const idf = (t: string) => this.index.idf(t);
    const asked = new Set(terms.map((t) => t.term));
    const { noveltyWords, noveltyFloor } = this.options;
    const candidates: Candidate[] = [];
    for (const hit of hits) {
      const analyzed = this.analysis.get(hit.passage);
      const excerpt = bestExcerpt(analyzed.sentences, weights, this.analyzer, idf);
      if (!excerpt) continue;
      const heading = new Set(analyzed.headingTerms.filter((t) => weights.has(t)));
      const headingOnly = [...heading].filter((t) => !excerpt.terms.has(t));
      let novel = 0;
      for (const t of excerpt.ownTerms) if (!asked.has(t)) novel++;
      const novelty = noveltyFloor + (1 - noveltyFloor) * Math.min(1, novel / noveltyWords);
      const score =
        novelty *
        (excerpt.mass +
          this.options.headingWeight * massOf(headingOnly, weights, idf) +
          this.options.passageWeight * (topScore > 0 ? hit.score / topScore : 0) * excerpt.mass);
      const covered = new Set([...excerpt.terms, ...heading].map((t) => queryTermOf.get(t) ?? t));
      candidates.push({ excerpt, score, passageId: hit.passage.id, covered });
    }
    candidates.sort((a, b) => b.score - a.score || a.passageId - b.passageId);

    const kept: Candidate[] = [];
    for (const c of candidates) {
      if (kept.length >= this.options.maxAnswers) break;
      const dup = kept.some((k) => overlap(c.excerpt.allTerms, k.excerpt.allTerms) >= this.options.duplicateOverlap);
      if (!dup) kept.push(c);
    }

    const verdict = judgeConfidence(
      terms,
      kept.map((k) => k.covered),
      this.index,
    );
    if (!verdict.confident) {
      return notAnswered(verdict.reason, [...(kept[0]?.covered ?? [])]);
    }
    return {
      query,
      confident: true,
      answers: kept.map((k) => this.toExcerpt(k)),
      notice: cleaned.notice,
      suggestions: null,
    };
  }

  private toExcerpt(c: Candidate): Excerpt {
    const p = this.corpus.passages[c.passageId];
    if (!p) throw new Error(`answer: passage ${c.passageId} is not in the corpus`);
    const doc = this.docs.get(p.docId);
    return {
      excerpt: c.excerpt.text,
      source: {
        id: p.docId,
        title: doc?.title ?? p.docId,
        author: doc?.author ?? null,
        section: p.section,
        passage: p.ordinal,
      },
      score: Math.round(c.score * 1000) / 1000,
      context: p.text,
      matched: c.excerpt.matched,
    };
  }

  /** Topics worth asking about: frequent, specific terms of the corpus, shown as written. */
  private computeTopics(): { term: string; label: string }[] {
    const n = this.corpus.passages.length;
    const surfaces = new Map<string, Map<string, number>>();
    // How words are written is learned from an even sample of whole documents (about
    // 3,000 passages): enough to label topics, cheap at any size, and a restored corpus
    // parses only the documents sampled.
    const stride = Math.max(1, Math.floor(n / 3000));
    const sampled = new Set(this.corpus.documents.filter((_, i) => i % stride === 0).map((d) => d.id));
    for (const p of this.corpus.passages) {
      if (!sampled.has(p.docId)) continue;
      for (const t of this.analyzer.tokenize(p.text)) {
        if (!t.term || /\d/.test(t.term) || t.surface.length < 4) continue;
        const forms = surfaces.get(t.term) ?? new Map<string, number>();
        forms.set(t.surface, (forms.get(t.surface) ?? 0) + 1);
        surfaces.set(t.term, forms);
      }
    }
    const topics: { term: string; label: string; df: number }[] = [];
    for (const [term, df] of this.index.termsByFrequency()) {
      if (topics.length >= 40) break;
      const forms = surfaces.get(term);
      if (!forms || df < 2 || df > n * 0.5) continue;
      if (this.analyzer.queryTerms(term).some((q) => q.common)) continue;
      const label = [...forms].sort((a, b) => b[1] - a[1])[0]?.[0] ?? term;
      topics.push({
        term,
        label: /^\p{Lu}\p{Ll}/u.test(label) && !/^\p{Lu}+$/u.test(label) ? label : label.toLowerCase(),
        df,
      });
    }
    const seen = new Set<string>();
    return topics
      .filter((t) => {
        const key = t.label.toLowerCase().replace(/[’']s$/, "");
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      })
      .map(({ term, label }) => ({ term, label }));
  }

  /** What the corpus covers; topics near the terms that did match come first. */
  suggestions(near: readonly string[] = []): Suggestions {
    const nearSet = new Set(near);
    this.topicCache ??= this.computeTopics();
    let topics = this.topicCache;
    if (nearSet.size > 0) {
      // Rank topics by how often they share a passage with what did match.
      const near_ = [...nearSet].map((term) => ({
        term,
        weight: 1,
        source: term,
        entity: this.analyzer.isEntity(term),
        common: false,
      }));
      const related = new Map<string, number>();
      for (const hit of this.index.search(near_, 50).hits) {
        for (const t of this.analysis.get(hit.passage).terms) related.set(t, (related.get(t) ?? 0) + 1);
      }
      topics = [...topics]
        .filter((t) => !nearSet.has(t.term))
        .sort((a, b) => (related.get(b.term) ?? 0) - (related.get(a.term) ?? 0));
    }
    return {
      topics: topics.slice(0, 8).map((t) => t.label),
      documents: this.corpus.documents.slice(0, 5).map((d) => ({ id: d.id, title: d.title })),
    };
  }
}
