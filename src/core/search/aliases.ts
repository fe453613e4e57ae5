/**
 * Names that mean the same actor, as one concept term each. Countries come from the
 * gazetteer (every country's names, spellings, demonyms and capitals; see lexicon.ts);
 * the small domain table below holds only what no general resource knows, each entry
 * with why.
 *
 * Every member, in text and in questions, is indexed both as itself and as the
 * concept, so "Pyongyang" finds "North Korea" while a passage that says "Pyongyang"
 * still ranks first for a question that does.
 *
 * - `phrases`: word sequences, matched longest first ("kim jong un").
 * - `upper`: tokens that only mean this when written in capitals ("US", "UN").
 * - `words`: single words, matched after stemming.
 */
import type { Lexicon } from "./lexicon.js";

export interface AliasGroup {
  readonly concept: string;
  readonly phrases?: readonly string[];
  readonly upper?: readonly string[];
  readonly words?: readonly string[];
  /** Names of actors and places: matched as themselves, never fuzzed. */
  readonly entity?: boolean;
}

/** What no gazetteer or dictionary holds, added to the countries' own names. */
const DOMAIN_GROUPS: readonly AliasGroup[] = [
  // Seats of government used as their country's name in news writing: the gazetteer has capitals, not these.
  { concept: "russia", entity: true, words: ["kremlin"], phrases: ["soviet union"], upper: ["USSR"] },
  // The two-letter forms news writing uses: the gazetteer's two-letter spellings are ISO codes ("KP",
  // "RU"), which text mostly does not use, so none are taken from it.
  // "America" and "Britain" are how news writing names the two countries; the gazetteer's common
  // names are "United States" and "United Kingdom".
  {
    concept: "unitedstates",
    entity: true,
    phrases: ["white house", "state department"],
    upper: ["US"],
    words: ["america"],
  },
  {
    concept: "unitedkingdom",
    entity: true,
    phrases: ["downing street", "great britain"],
    upper: ["UK"],
    words: ["britain"],
  },
  // The Koreas' short forms in analysts' and editors' shorthand ("nk troops russia when?"); the
  // gazetteer holds "DPRK" but not these. "nk" is no English word, so it counts in any case.
  { concept: "northkorea", entity: true, words: ["nk"], upper: ["NK"] },
  { concept: "southkorea", entity: true, upper: ["ROK", "SK"] },
  // Organisations are not countries; their short forms are written in capitals.
  { concept: "unitednations", entity: true, phrases: ["united nations"], upper: ["UN"] },
  { concept: "securitycouncil", entity: true, phrases: ["security council"], upper: ["UNSC"] },
  { concept: "europeanunion", entity: true, phrases: ["european union"], upper: ["EU"] },
  { concept: "nato", entity: true, phrases: ["north atlantic treaty organization"], upper: ["NATO"] },
  // The leaders at the centre of the subject, named in full or by surname alone ("Kim" in this
  // subject's writing is Kim Jong Un unless another given name follows, which the phrase would catch).
  { concept: "kimjongun", entity: true, phrases: ["kim jong un", "kim jong-un", "kim jongun"], words: ["kim"] },
  { concept: "putin", entity: true, phrases: ["vladimir putin", "vladimir vladimirovich putin"], words: ["putin"] },
  // Places that are not countries but stand for one side of the conflict in the region.
  { concept: "dmz", entity: true, phrases: ["demilitarized zone", "demilitarised zone"], upper: ["DMZ"] },
  { concept: "koreanpeninsula", entity: true, phrases: ["korean peninsula"] },
];

/** The concept groups the analyzer uses: the gazetteer's countries with the domain table merged in. */
export function aliasGroups(lexicon: Lexicon): AliasGroup[] {
  const groups = new Map<string, { phrases: Set<string>; upper: Set<string>; words: Set<string> }>();
  const groupOf = (concept: string) => {
    let g = groups.get(concept);
    if (!g) {
      g = { phrases: new Set(), upper: new Set(), words: new Set() };
      groups.set(concept, g);
    }
    return g;
  };
  for (const country of lexicon.countries()) {
    const g = groupOf(country.concept);
    for (const name of country.names) {
      if (/^\p{Lu}{2,5}$/u.test(name)) g.upper.add(name);
      else if (/[\s'-]/.test(name)) g.phrases.add(name.toLowerCase());
      else g.words.add(name.toLowerCase());
    }
  }
  for (const d of DOMAIN_GROUPS) {
    const g = groupOf(d.concept);
    for (const p of d.phrases ?? []) g.phrases.add(p);
    for (const u of d.upper ?? []) g.upper.add(u);
    for (const w of d.words ?? []) g.words.add(w);
  }
  return [...groups].map(([concept, g]) => ({
    concept,
    entity: true,
    phrases: [...g.phrases],
    upper: [...g.upper],
    words: [...g.words],
  }));
}
