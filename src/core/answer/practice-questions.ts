/**
 * Questions of the corpus's own making, for the app to answer right after start-up,
 * before people ask: the first few hundred answers of a fresh process were several
 * times slower than later ones (at 5,000 passages p95 3.4 ms against 0.8), while the
 * code answering them was compiled and the caches of word analysis filled.
 *
 * One question of each kind the answer path treats differently: each answer type (how
 * many, when, who, why, yes/no, what), a bare word, a few words, a misspelling and a
 * question the corpus cannot answer. The words come from evenly spaced passages, so the
 * questions cover the corpus and are the same for the same corpus.
 */
import type { Passage } from "../types.js";

/** Everyday questions no news corpus answers: the path that declines and suggests topics. */
const OFF_TOPIC = [
  "how do I bake sourdough bread at home",
  "what is the weather tomorrow",
  "best laptop for students",
  "how to fix a flat bicycle tyre",
];

const FRAMES: readonly ((w: readonly string[]) => string)[] = [
  (w) => `How many ${w[0]} ${w[1]}?`,
  (w) => `When did ${w[0]} ${w[1]}?`,
  (w) => `Who ${w[0]} ${w[1]} ${w[2]}?`,
  (w) => `Why did ${w[0]} ${w[1]}?`,
  (w) => `Did ${w[0]} ${w[1]} ${w[2]}?`,
  (w) => `What is ${w[0]} ${w[1]}?`,
  (w) => `${w[0]}`,
  (w) => `${w[0]} ${w[1]} ${w[2]}`,
  (w) => `What did ${misspelt(w[0] as string)} ${w[1]}?`,
];

/**
 * A word with one inner letter dropped, as a hurried typist writes it: one edit, so the
 * typo lookup is practised without its search two edits away (at 500,000 passages up to
 * 48 ms for one word, which a step of practice must not hold the event loop for).
 */
function misspelt(word: string): string {
  if (word.length < 6) return word;
  const i = Math.floor(word.length / 2);
  return word.slice(0, i) + word.slice(i + 1);
}

export function practiceQuestions(passages: readonly Passage[], count: number): string[] {
  const out: string[] = [];
  if (passages.length === 0 || count <= 0) return out;
  const stride = Math.max(1, Math.floor(passages.length / count));
  // A few more passages than questions are read: bylines and short sentences are passed over.
  for (let k = 0; out.length < count && k < count * 3; k++) {
    const n = out.length;
    if (n % 10 === 9) {
      out.push(OFF_TOPIC[Math.floor(n / 10) % OFF_TOPIC.length] as string);
      continue;
    }
    const passage = passages[(k * stride + Math.floor(k / count)) % passages.length] as Passage;
    if (passage.kind === "meta") continue;
    const words = (passage.sentences[n % Math.max(1, passage.sentences.length)] ?? "")
      .split(/\s+/)
      .map((w) => w.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, ""))
      .filter((w) => w.length >= 4 && /^[\p{L}’'-]+$/u.test(w));
    if (words.length < 3) continue;
    const from = n % (words.length - 2);
    out.push((FRAMES[n % FRAMES.length] as (w: readonly string[]) => string)(words.slice(from, from + 3)));
  }
  return out;
}
