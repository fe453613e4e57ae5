/**
 * A deterministic synthetic corpus and question set for the benchmark, shaped like the
 * bundled articles so that nkru's parser, analyzer and index do the work they would do
 * on a real corpus of that size.
 *
 * Text is drawn from three pools, mixed per word:
 * - runs of one to four words copied from the bundled articles (read at run time), so
 *   their word frequencies and names ("North Korea", "Kim Jong Un") come through;
 * - a generic English word list, Zipf-distributed, for common vocabulary;
 * - synthetic pseudo-words, Zipf-distributed, whose pool grows with the corpus the way a
 *   real vocabulary does: without them every term would be common and the index, and
 *   fuzzy matching over it, would be unrealistically small.
 * Sentence lengths and sentences per paragraph or list item follow the bundled articles.
 *
 *   npx tsx bench/generate-corpus.ts 10000 [OUT_DIR]   prints counts; writes the files if OUT_DIR is given
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { buildCorpus } from "../src/core/corpus/build-corpus.js";
import type { Corpus, Passage, SourceFile } from "../src/core/types.js";

const BUNDLED_CORPUS = fileURLToPath(new URL("../corpus/", import.meta.url));

/** Seeded PRNG (mulberry32): the same seed gives the same corpus on every machine. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;

function int(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1));
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new Error("pick: empty list");
  return item;
}

const capitalise = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);

/**
 * Samples items with probability proportional to 1 / (rank + offset)^exponent (Zipf–Mandelbrot).
 * The offset flattens the head, so that the first few filler words are not as frequent as "the".
 */
class Zipf<T> {
  private readonly cumulative: Float64Array;

  constructor(
    private readonly items: readonly T[],
    exponent = 1,
    offset = 0,
  ) {
    this.cumulative = new Float64Array(items.length);
    let sum = 0;
    for (let i = 0; i < items.length; i++) {
      sum += 1 / (i + 1 + offset) ** exponent;
      this.cumulative[i] = sum;
    }
  }

  sample(rng: Rng): T {
    const target = rng() * (this.cumulative[this.cumulative.length - 1] ?? 0);
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.cumulative[mid] ?? 0) < target) lo = mid + 1;
      else hi = mid;
    }
    return this.items[lo] as T;
  }
}

/** General English content words, commonest first (roughly), for the Zipf pool. */
const ENGLISH = `
time year people way day man government world life work part child case week company system program
question number night point home water room mother area money story fact month lot right study book eye job
word business issue side kind head house service friend father power hour game line end member law car city
community name president team minute idea kid body information school face others level office door health
person art war history party result change morning reason research girl guy moment air teacher force education
foot boy age policy process music market sense nation plan college interest death experience effect use class
control care field development role effort rate heart drug show leader light voice wife police mind price report
decision son view relationship town road arm difference value building action model season society tax director
position player record paper space ground form event official matter center couple site project activity star
table need court oil situation cost industry figure street image phone data picture practice piece land product
doctor wall patient worker news test movie north love support technology step baby computer type attention film
tree source organization hair window evidence population site film method theory letter choice region capital
agreement border treaty summit minister ministry embassy envoy sanction missile weapon shell rocket artillery
drone tank troop soldier officer general army navy fleet port railway pipeline grain fuel coal fertiliser
factory plant shipment cargo vessel container convoy warehouse supply demand export import trade budget deal
contract loan debt currency bank payment account market analyst expert scholar observer diplomat delegation
visit meeting talks conference forum statement speech interview briefing document memo cable archive record
satellite launch test engine reactor warhead uranium plutonium facility site laboratory institute academy
university student journalist reporter editor newspaper magazine channel broadcast network platform message
campaign protest election vote parliament assembly council committee commission agency bureau department
province district village island coast river mountain valley forest desert winter summer autumn spring
strategy tactic doctrine posture alliance partnership coalition bloc rival enemy neighbour ally partner
pressure threat risk danger crisis conflict tension dispute incident attack strike raid invasion occupation
defence defense security stability peace order balance influence leverage interest benefit cost gain loss
aid food medicine fuel energy electricity power grid water shortage famine harvest farm farmer labour labor
wage income economy growth recession inflation poverty wealth resource mineral metal steel gold silver
cooperation exchange transfer delivery shipment route corridor bridge tunnel airport airline flight ticket
tourism tourist visitor guest host dinner banquet ceremony parade anniversary celebration holiday festival
rifle gift limousine car truck train ship plane aircraft helicopter jet fighter bomber submarine carrier
able bad best better big black certain clear close cold common dark deep difficult early easy economic
entire environmental federal final financial fine foreign free full future good great green hard high
historical hot huge human important international large late little local long low main major military
modern national natural necessary new nice normal old only open other past personal physical political
poor popular possible potential private public real recent red religious right serious short significant
similar simple single small social special strong sure traditional true various white whole wide young
regional global strategic tactical nuclear ballistic conventional illicit covert secret official formal
bilateral trilateral multilateral diplomatic humanitarian technical industrial commercial maritime naval
northern southern eastern western central remote rural urban coastal frozen isolated reclusive pragmatic
accept add agree allow appear apply argue arrive ask avoid become begin believe bring build buy call carry
catch cause change choose claim come consider continue control cover create cut decide describe destroy
develop die discover discuss draw drive drop eat enjoy enter establish expect explain face fail fall feel
fight fill find finish fly follow forget form gain give grow handle happen hear help hit hold hope identify
improve include increase indicate involve join keep kill know lead learn leave let lie like listen live
look lose love maintain manage mean meet mention miss move need note notice obtain occur offer open order
own pass pay perform pick place plan play point prepare present prevent produce protect prove provide pull
push put raise reach read realise receive recognise reduce reflect refuse relate release remain remember
remove report represent require rest return reveal run save say see seek seem sell send serve set settle
shake share shoot show sign sing sit sleep smile speak spend stand start state stay stop suffer suggest
supply support suppose survive take talk teach tell tend thank think throw touch train travel treat try
turn understand use visit wait walk want warn watch wear win wish wonder work worry write
accused announced approved arrived blocked called claimed confirmed declined delivered denied deployed
described discussed expanded expected failed grew helped hosted imposed increased joined launched left
limited met moved noted offered opened ordered pledged pressed promised proposed raised received refused
rejected remained reported requested returned revealed seemed sent shipped signed stated stopped supplied
suggested supported travelled urged visited warned welcomed worked
again almost already also always away back certainly clearly closely currently directly early easily
especially even eventually ever exactly fairly finally frequently fully generally greatly hardly heavily
highly increasingly initially instead largely later likely mainly merely mostly nearly never now often
openly only partly perhaps possibly quickly quietly rapidly rarely recently reportedly roughly seldom
sharply simply slowly soon steadily still strongly suddenly therefore together usually widely yet
`
  .split(/\s+/)
  .filter(Boolean)
  .filter((w, i, all) => all.indexOf(w) === i);

const FIRST_NAMES = `Anna Boris Chen Dana Elena Farid Grace Hyun Ivan Jae Julia Kenji Laura Min Nadia Oleg Priya Quinn
Rosa Sergei Tae Uma Viktor Wei Yuna Zara Daniel Maria Sofia Pavel Ji-woo Lena Marcus Irina Omar Hana`.split(/\s+/);
const LAST_NAMES = `Abrams Baek Cho Delgado Ermolov Fischer Gupta Han Ivanova Jung Kim Lee Markov Novak Oh Park
Petrov Quintero Rhee Smirnova Tanaka Usmanov Volkova Walsh Yoon Zhang Moreau Lindqvist Sato Okafor Kowalski`.split(
  /\s+/,
);

/** Words that carry no topic: skipped when building questions and headings. */
const FUNCTION = new Set(
  `a an and are as at be been but by can could did do does for from had has have he her his how i if in into is it
its may might more most much must no not of on or our over she should so such than that the their them then there
these they this those through to under up us was we were what when where which while who why will with would you
also about after against all amid among any because before between both during each few other some very`.split(/\s+/),
);

/** A word as a tokenizer for sentences copied from the articles sees it: initialisms, numbers, possessives. */
const WORD = /(?:\p{L}\.){2,}|[\p{L}\p{N}]+(?:[’'.,-][\p{L}\p{N}]+)*/gu;

/** What the bundled articles contribute: their words in running order, and their shape. */
interface SourceModel {
  /** Every word of every sentence, sentence-initial capitals undone where the word is not a name. */
  readonly words: readonly string[];
  /** For each word, the index one past the end of its sentence, so copied runs stay within one. */
  readonly sentenceEnd: Int32Array;
  readonly sentenceLengths: readonly number[];
  readonly paragraphSentences: readonly number[];
  readonly itemSentences: readonly number[];
  readonly headings: readonly string[];
  readonly contentWords: readonly string[];
}

let sourceModel: SourceModel | null = null;

function loadSourceModel(): SourceModel {
  if (sourceModel) return sourceModel;
  const files = readdirSync(BUNDLED_CORPUS)
    .filter((n) => /\.(?:md|txt)$/.test(n))
    .map((name) => ({ name, bytes: readFileSync(join(BUNDLED_CORPUS, name)) }));
  const corpus = buildCorpus(files);
  const sentences = corpus.passages.flatMap((p) => p.sentences.map((s) => [...s.matchAll(WORD)].map((m) => m[0])));
  // A capital that only ever opens a sentence is not a name ("Initially", "The").
  const midSentence = new Set(sentences.flatMap((s) => s.slice(1)));
  const words: string[] = [];
  const ends: number[] = [];
  for (const s of sentences) {
    const end = words.length + s.length;
    s.forEach((w, i) => {
      words.push(i === 0 && !midSentence.has(w) ? w.toLowerCase() : w);
      ends.push(end);
    });
  }
  const of = (kind: (k: string) => boolean) =>
    corpus.passages.filter((p) => kind(p.kind)).map((p) => Math.max(1, p.sentences.length));
  sourceModel = {
    words,
    sentenceEnd: Int32Array.from(ends),
    sentenceLengths: sentences.map((s) => s.length).filter((n) => n >= 5),
    paragraphSentences: of((k) => k === "paragraph" || k === "callout"),
    itemSentences: of((k) => k === "item" || k === "takeaway"),
    headings: corpus.documents.flatMap((d) => d.sections).filter((h) => !/takeaway/i.test(h)),
    contentWords: words.filter((w) => w.length >= 4 && !FUNCTION.has(w.toLowerCase()) && /^\p{L}+$/u.test(w)),
  };
  return sourceModel;
}

const ONSETS = "b br c ch d dr f g gr h j k kh l m n p pr r s sh st t tr v z zh".split(" ");
const VOWELS = "a e i o u a e o ai ei ou ia".split(" ");
const CODAS = ["", "", "", "n", "r", "l", "s", "k", "m", "v", "sk", "nt"];

/**
 * Pronounceable made-up words; about one in five is capitalised, as names of people and
 * places are. Drawn from their own stream so the pool does not depend on the text drawn.
 */
function pseudoWords(count: number, seed: number): string[] {
  const rng = mulberry32(seed ^ 0x9e3779b9);
  const english = new Set(ENGLISH);
  const out = new Set<string>();
  while (out.size < count) {
    let w = "";
    for (let s = int(rng, 2, 4); s > 0; s--) w += pick(rng, ONSETS) + pick(rng, VOWELS) + pick(rng, CODAS);
    if (w.length < 4 || english.has(w)) continue;
    out.add(rng() < 0.2 ? capitalise(w) : w);
  }
  return [...out];
}

/** Draws the words, sentences and blocks of articles from one seeded stream. */
class TextModel {
  private readonly source = loadSourceModel();
  private readonly english = new Zipf(ENGLISH, 1, 10);
  private readonly pseudo: Zipf<string>;
  private readonly content: Zipf<string>;

  constructor(
    private readonly rng: Rng,
    pseudoCount: number,
    seed: number,
  ) {
    const pseudo = pseudoWords(pseudoCount, seed);
    this.pseudo = new Zipf(pseudo, 1, 100);
    // Headings and titles favour words worth a heading: the articles', then common, then rare ones.
    this.content = new Zipf(
      [...new Set([...this.source.contentWords, ...ENGLISH.filter((w) => w.length >= 4), ...pseudo])],
      0.9,
    );
  }

  /**
   * 55% runs copied from the articles, which keep their function words, phrases and names
   * together; 30% common English; 15% pseudo-words, mostly rare.
   */
  private words(count: number): string[] {
    const out: string[] = [];
    const { words, sentenceEnd } = this.source;
    while (out.length < count) {
      const r = this.rng();
      if (r < 0.55) {
        const at = Math.floor(this.rng() * words.length);
        const end = Math.min(sentenceEnd[at] ?? at + 1, at + int(this.rng, 1, 4));
        for (let i = at; i < end; i++) out.push(words[i] as string);
      } else if (r < 0.85) out.push(this.english.sample(this.rng));
      else out.push(this.pseudo.sample(this.rng));
    }
    return out.slice(0, count);
  }

  sentence(length = pick(this.rng, this.source.sentenceLengths) + int(this.rng, -2, 2)): string {
    const w = this.words(Math.max(4, length));
    let text = capitalise(w[0] as string);
    for (let i = 1; i < w.length; i++) {
      const prev = w[i - 1] as string;
      text += (this.rng() < 0.06 && !prev.endsWith(".") ? ", " : " ") + w[i];
    }
    return text.endsWith(".") ? text : `${text}.`;
  }

  paragraph(sentences = pick(this.rng, this.source.paragraphSentences)): string {
    return Array.from({ length: sentences }, () => this.sentence()).join(" ");
  }

  item(): string {
    return Array.from({ length: pick(this.rng, this.source.itemSentences) }, () => this.sentence()).join(" ");
  }

  /** Bare, short and capitalised, so the parser takes it as a heading (or a label, or a title). */
  heading(min = 2, max = 6): string {
    const n = int(this.rng, min, max);
    const parts: string[] = [];
    for (let i = 0; i < n; i++) {
      if (i > 0 && i < n - 1 && this.rng() < 0.25) parts.push(pick(this.rng, ["of", "and", "in", "for", "the"]));
      parts.push(capitalise(this.content.sample(this.rng)));
    }
    return parts.join(" ");
  }

  /** Now and then a heading of the bundled articles, so headings repeat across documents as real ones do. */
  sectionHeading(): string {
    return this.rng() < 0.08 ? pick(this.rng, this.source.headings) : this.heading();
  }

  author(): string {
    const first = pick(this.rng, FIRST_NAMES);
    const last = pick(this.rng, LAST_NAMES);
    return this.rng() < 0.15 ? `${first} ${pick(this.rng, FIRST_NAMES)} ${last}` : `${first} ${last}`;
  }

  /**
   * One article with exactly `passages` paragraphs and list items. Every block the parser
   * indexes counts one passage; headline, byline, headings and page furniture count none.
   */
  article(id: string, passages: number): string {
    const rng = this.rng;
    const title = this.heading(5, 10);
    const author = this.author();
    const head = [`---\nid: ${id}\ntitle: ${JSON.stringify(title)}\nauthor: ${JSON.stringify(author)}\n---`, title];
    head.push(rng() < 0.7 ? `by ${author}` : author);
    if (rng() < 0.1) head.push("New Update");

    const blocks: string[] = [];
    let left = passages;
    const takeaways = left >= 5 && rng() < 0.15 ? int(rng, 3, Math.min(6, left - 2)) : 0;
    if (left - takeaways > 1 && rng() < 0.5) {
      blocks.push(this.paragraph(1)); // the dek under the headline
      left--;
    }
    while (left > takeaways) {
      // A heading straight above its first paragraph, as pasted articles have it, or after a blank line.
      let section = this.sectionHeading() + (rng() < 0.5 ? "\n" : "\n\n");
      for (let k = int(rng, 1, 5); k > 0 && left > takeaways; k--) {
        const room = left - takeaways;
        const r = rng();
        if (r < 0.18 && room >= 3) {
          // A lead-in ending in ":" and its list: bullets, or "Label: text" lines as in the bundled articles.
          const count = int(rng, 2, Math.min(6, room - 1));
          const labelled = rng() < 0.3;
          const lines = Array.from({ length: count }, () => {
            const text = rng() < 0.4 || labelled ? `${this.heading(2, 4)}: ${this.item()}` : this.item();
            return labelled ? text : `${rng() < 0.3 ? "  " : ""}• ${text}`;
          });
          section += `${this.paragraph(int(rng, 1, 2)).replace(/\.$/, ":")}\n\n${lines.join("\n")}`;
          left -= count + 1;
        } else if (r < 0.22) {
          section += `${pick(rng, ["Why this matters", "The big picture", "Bottom line"])}: ${this.paragraph()}`;
          left--;
        } else {
          section += this.paragraph();
          left--;
        }
        blocks.push(section);
        section = "";
      }
    }
    if (takeaways > 0) {
      const items = Array.from({ length: takeaways }, () => `  • ${this.sentence(int(rng, 8, 14))}`);
      blocks.push(`Key Takeaways\n\n${items.join("\n")}`);
    }
    if (rng() < 0.1)
      blocks.push(`© ${int(rng, 2019, 2025)} ${capitalise(this.content.sample(rng))} Media. All rights reserved.`);
    return `${[...head, ...blocks].join("\n\n")}\n`;
  }
}

/**
 * About `passages` passages (paragraphs and list items, as nkru's parser counts them) in
 * articles of 8 to 40 passages each, as in-memory files. The same arguments always give
 * the same bytes.
 */
export function generateCorpus(passages: number, seed = 1): { name: string; bytes: Uint8Array }[] {
  const rng = mulberry32(seed);
  // Heaps' law, roughly: the vocabulary keeps growing with the text.
  const model = new TextModel(rng, 5000 + Math.round(1.5 * passages), seed);
  const encoder = new TextEncoder();
  const files: { name: string; bytes: Uint8Array }[] = [];
  const width = String(Math.ceil(passages / 8)).length;
  for (let left = passages, n = 1; left > 0; n++) {
    const count = Math.min(left, int(rng, 8, 40));
    const id = `gen-${String(n).padStart(width, "0")}`;
    files.push({ name: `${id}.md`, bytes: encoder.encode(model.article(id, count)) });
    left -= count;
  }
  return files;
}

/** Parses the files with nkru's own parser and throws unless the passage count is within ±5% of the target. */
export function checkPassageCount(files: readonly SourceFile[], target: number): Corpus {
  const corpus = buildCorpus(files);
  const got = corpus.passages.length;
  if (Math.abs(got - target) > target * 0.05 || corpus.skipped.length > 0) {
    const skipped = corpus.skipped.map((s) => `${s.file}: ${s.reason}`).join("; ");
    throw new Error(`generated corpus has ${got} passages for a target of ${target}${skipped ? `; ${skipped}` : ""}`);
  }
  return corpus;
}

const OFF_TOPIC = [
  "best laptop for programming",
  "how do I bake sourdough bread",
  "what is the capital of Australia",
  "how to train a puppy",
  "cheap flights to Lisbon",
  "who won the world cup in 2014",
  "how many calories in a banana",
  "recipe for chocolate chip cookies",
  "how to fix a leaking tap",
  "what is the population of Brazil",
  "best running shoes for flat feet",
  "how does photosynthesis work",
  "what time is it in Tokyo",
  "how to learn the guitar quickly",
  "is coffee bad for you",
  "what is the speed of light",
  "how to change a car tyre",
  "best pizza in Naples",
  "how to write a cover letter",
  "what is a good credit score",
  "how to grow tomatoes on a balcony",
  "who painted the Mona Lisa",
  "symptoms of the common cold",
  "how to invest in index funds",
  "what is machine learning",
  "how far is the moon",
  "why is the sky blue",
  "how to knit a scarf",
  "weather forecast for the weekend",
  "how to reset my router password",
  "which programming language should I learn first",
  "how long to boil an egg",
  "what are the rules of cricket",
  "how to meditate for beginners",
  "good books about ancient Rome",
  "how to remove a red wine stain",
  "what is the tallest building in the world",
  "how do vaccines work",
  "best hiking trails in Colorado",
  "how to make cold brew coffee",
];
const OFF_TOPIC_TAILS = ["", "", "?", " in 2024", " for beginners", " near me", " quickly", " on a budget"];
const QUESTION_FORMS = [
  (w: string) => `What did ${w}?`,
  (w: string) => `Why did ${w}?`,
  (w: string) => `How does ${w}?`,
  (w: string) => `Who ${w}?`,
  (w: string) => `When did ${w}?`,
  (w: string) => `What is ${w}?`,
  (w: string) => `Tell me about ${w}`,
  (w: string) => `${w}?`,
];

/**
 * `count` questions in a deterministic mix: 40% built from a sentence of the corpus (two to
 * four of its content words in a question form), 20% single words, 20% the same with a
 * typo (one letter changed in a word of six or more letters), 20% off-topic. The corpus
 * defaults to the 1,000-passage one for this seed; pass the corpus being searched so the
 * questions reach all of it.
 */
export function generateQuestions(
  count: number,
  seed = 1,
  corpus: Corpus = buildCorpus(generateCorpus(1000, seed)),
): string[] {
  return generateQuestionsWithSources(count, seed, corpus).map((q) => q.question);
}

/** A generated question and the passage it was written from (null for off-topic ones). */
export interface SourcedQuestion {
  readonly question: string;
  readonly source: { readonly docId: string; readonly ordinal: number } | null;
}

/** {@link generateQuestions} with each question's source passage, the same questions for the same arguments. */
export function generateQuestionsWithSources(
  count: number,
  seed = 1,
  corpus: Corpus = buildCorpus(generateCorpus(1000, seed)),
): SourcedQuestion[] {
  const rng = mulberry32(seed * 7919 + 17);
  const passages = corpus.passages;
  if (passages.length === 0) throw new Error("generateQuestions: the corpus has no passages");

  let from: Passage | null = null;
  const contentWordsOfASentence = (): string[] => {
    const p = pick(rng, passages);
    from = p;
    const sentence = pick(rng, p.sentences.length ? p.sentences : [p.text]);
    return [...sentence.matchAll(WORD)].map((m) => m[0]).filter((w) => w.length >= 3 && !FUNCTION.has(w.toLowerCase()));
  };
  const fromSentence = (): string => {
    for (;;) {
      const words = contentWordsOfASentence();
      if (words.length < 2) continue;
      const k = Math.min(words.length, int(rng, 2, 4));
      const start = int(rng, 0, words.length - k);
      return pick(rng, QUESTION_FORMS)(words.slice(start, start + k).join(" "));
    }
  };
  const singleWord = (): string => {
    for (;;) {
      const w = contentWordsOfASentence().filter((x) => x.length >= 4);
      if (w.length === 0) continue;
      const word = pick(rng, w);
      return rng() < 0.5 ? word.toLowerCase() : rng() < 0.5 ? `${word}?` : word;
    }
  };
  const withTypo = (): string => {
    for (;;) {
      const q = rng() < 0.5 ? fromSentence() : singleWord();
      const long = [...q.matchAll(/\p{L}{6,}/gu)];
      if (long.length === 0) continue;
      const m = pick(rng, long);
      const at = (m.index ?? 0) + int(rng, 1, m[0].length - 1);
      const old = q[at] as string;
      let letter = old;
      while (letter.toLowerCase() === old.toLowerCase()) letter = String.fromCharCode(97 + int(rng, 0, 25));
      return q.slice(0, at) + letter + q.slice(at + 1);
    }
  };
  const offTopic = () => pick(rng, OFF_TOPIC) + pick(rng, OFF_TOPIC_TAILS);

  const out: SourcedQuestion[] = [];
  for (let i = 0; i < count; i++) {
    const r = rng();
    from = null;
    const question = r < 0.4 ? fromSentence() : r < 0.6 ? singleWord() : r < 0.8 ? withTypo() : offTopic();
    const p = from as Passage | null;
    out.push({ question, source: p ? { docId: p.docId, ordinal: p.ordinal } : null });
  }
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const target = Number(process.argv[2] ?? 1000);
  const out = process.argv[3];
  const started = performance.now();
  const files = generateCorpus(target);
  const generatedMs = performance.now() - started;
  const corpus = checkPassageCount(files, target);
  const bytes = files.reduce((s, f) => s + f.bytes.length, 0);
  console.log(
    `${corpus.passages.length} passages (target ${target}) in ${files.length} files, ${(bytes / 2 ** 20).toFixed(1)} MB, generated in ${Math.round(generatedMs)} ms`,
  );
  if (out) {
    mkdirSync(out, { recursive: true });
    for (const f of files) writeFileSync(join(out, f.name), f.bytes);
    console.log(`written to ${out}`);
  }
}
