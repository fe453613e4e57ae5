/**
 * What the corpus covers, in words a person recognises: the people, places and bodies it
 * names most (capitalised names such as "Kim Jong Un" or "United Nations"), then the
 * phrases it repeats ("ballistic missile", "military cooperation"). Single frequent words
 * ("international", "increasing") say nothing about what a corpus is on, so they are
 * not topics. Read from an even sample of documents, so the cost is the same at any size.
 */
import type { Analyzer } from "../search/analyzer.js";
import { COMMON_WORDS, STOP_WORDS } from "../search/stop-words.js";
import type { Passage } from "../types.js";

export interface Topic {
  /** The label's rarest analysed term: how a topic is matched against a question's terms. */
  readonly term: string;
  readonly label: string;
}

const NAME = /\b(?:[A-Z][\p{L}'’-]*\.?|[A-Z]{2,})(?:\s+(?:of\s+)?(?:[A-Z][\p{L}'’-]*|[A-Z]{2,}))*/gu;
/** Capitalised words that start sentences or titles, not names. */
const NOT_NAMES = new Set([
  "The",
  "A",
  "An",
  "In",
  "On",
  "At",
  "By",
  "For",
  "As",
  "But",
  "And",
  "This",
  "That",
  "These",
  "Those",
  "It",
  "Its",
  "He",
  "She",
  "They",
  "Their",
  "His",
  "Her",
  "However",
  "While",
  "With",
  "From",
  "After",
  "Before",
  "Since",
  "Both",
  "Key",
  "New",
  "Update",
]);

/** Verbs that follow a noun often enough to make a false phrase ("alliance poses"). */
const VERBISH =
  /(?:ing|ed|ly)$|^(?:poses|remains|says|makes|seeks|faces|needs|shows|gives|means|takes|comes|goes|becomes|serves|helps|plays|looks|wants|continues|includes|provides|supports|threatens)$/;

function isContentWord(w: string): boolean {
  const lower = w.toLowerCase();
  return w.length >= 4 && !STOP_WORDS.has(lower) && !COMMON_WORDS.has(lower) && /^\p{Ll}[\p{Ll}-]+$/u.test(w);
}

const TITLE_WORDS =
  /^(?:President|Prime|Minister|Foreign|Defence|Defense|Leader|Chairman|General|Secretary|Ambassador|Spokesman|Spokeswoman|Senator|King|Queen|Supreme)$/;

/**
 * The names in a text a reader would ask about, longest first: people, places and bodies
 * of two or more words, without a leading title ("Russian President Vladimir Putin" is
 * "Vladimir Putin") and without demonyms alone ("North Korean").
 */
export function namesIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(NAME)) {
    let words = m[0]
      .replace(/['’]s$/, "")
      .replace(/\.$/, "")
      .split(/\s+/);
    while (words.length && NOT_NAMES.has(words[0] as string)) words = words.slice(1);
    const titled = words.findIndex((w) => TITLE_WORDS.test(w));
    if (titled >= 0 && titled < words.length - 2) words = words.slice(titled + 1);
    const last = words[words.length - 1] ?? "";
    if (words.length < 2 || /(?:an|ese|ish)$/.test(last)) continue;
    const name = words.join(" ");
    if (!out.includes(name)) out.push(name);
  }
  return out.sort((a, b) => b.split(" ").length - a.split(" ").length);
}

export function corpusTopics(passages: Iterable<Passage>, documents: number, analyzer: Analyzer, limit = 12): Topic[] {
  const nameDocs = new Map<string, Set<string>>();
  const phraseDocs = new Map<string, Set<string>>();
  const count = (map: Map<string, Set<string>>, key: string, doc: string) => {
    const set = map.get(key) ?? new Set<string>();
    set.add(doc);
    map.set(key, set);
  };
  for (const p of passages) {
    for (const sentence of p.sentences) {
      for (const m of sentence.matchAll(NAME)) {
        const words = m[0]
          .replace(/['’]s$/, "")
          .replace(/\.$/, "")
          .split(/\s+/);
        while (words.length && NOT_NAMES.has(words[0] as string)) words.shift();
        const name = words.join(" ");
        // A single capitalised word at the start of a sentence may be any word: names of one word count mid-sentence only.
        if (!name || (words.length === 1 && (m.index === 0 || name.length < 4))) continue;
        count(nameDocs, name, p.docId);
      }
      const words = sentence.split(/[^\p{L}'’-]+/u).filter(Boolean);
      for (let i = 0; i + 1 < words.length; i++) {
        const a = words[i] as string;
        const b = words[i + 1] as string;
        if (isContentWord(a) && isContentWord(b) && !VERBISH.test(b) && !/(?:ly|ing|ed)$/.test(a))
          count(phraseDocs, `${a} ${b}`, p.docId);
      }
    }
  }
  // In nearly every document ("North Korea" in a corpus about it): true, but no help to a reader.
  const everywhere = (docs: Set<string>) => documents >= 3 && docs.size > documents * 0.9;
  const rank = (map: Map<string, Set<string>>, min: number) =>
    [...map]
      .filter(([, docs]) => docs.size >= min && !everywhere(docs))
      .sort((a, b) => b[1].size - a[1].size || (a[0] < b[0] ? -1 : 1))
      .map(([label]) => label);
  const minDocs = documents >= 3 ? 2 : 1;
  const names = rank(nameDocs, minDocs);
  const phrases = rank(phraseDocs, minDocs);
  const out: Topic[] = [];
  const seen = new Set<string>();
  const add = (label: string) => {
    const terms = analyzer.terms(label);
    const key = terms.join(" ");
    if (!terms.length || seen.has(key)) return;
    // One name inside another ("Putin" and "Russian President Vladimir Putin") is one topic.
    const inside = (a: readonly string[], b: readonly string[]) => a.every((t) => b.includes(t));
    if ([...seen].some((k) => inside(terms, k.split(" ")) || inside(k.split(" "), terms))) return;
    seen.add(key);
    out.push({ term: terms[terms.length - 1] as string, label });
  };
  for (const n of names) if (out.length < Math.ceil(limit * 0.6)) add(n);
  for (const p of phrases) if (out.length < limit) add(p);
  for (const n of names) if (out.length < limit) add(n);
  return out;
}
