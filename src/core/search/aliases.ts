/**
 * The domain's names and synonyms, collected by reading the corpus: the ways its
 * articles (and people asking about them) name the same actor or thing.
 *
 * Each group maps to one concept term. Every member, in text and in questions, is
 * indexed both as itself and as the concept, so "Pyongyang" finds "North Korea" while
 * a passage that says "Pyongyang" still ranks first for a question that does.
 *
 * - `phrases`: lower-case word sequences, matched longest first ("kim jong un").
 * - `upper`: tokens that only mean this when written in capitals ("US", "UN").
 * - `words`: single words, matched after stemming, so "soldier" covers "soldiers".
 */
export interface AliasGroup {
  readonly concept: string;
  readonly phrases?: readonly string[];
  readonly upper?: readonly string[];
  readonly words?: readonly string[];
  /** Names of actors and places: matched as themselves, never fuzzed. */
  readonly entity?: boolean;
}

export const ALIAS_GROUPS: readonly AliasGroup[] = [
  // Actors and places.
  {
    concept: "northkorea",
    entity: true,
    phrases: [
      "north korea",
      "north korean",
      "north koreans",
      "democratic people's republic of korea",
      "северная корея",
    ],
    upper: ["DPRK"],
    words: ["pyongyang", "dprk", "кндр", "북한", "조선"],
  },
  {
    concept: "southkorea",
    entity: true,
    phrases: ["south korea", "south korean", "south koreans", "republic of korea", "южная корея"],
    upper: ["ROK"],
    words: ["seoul", "한국"],
  },
  {
    concept: "russia",
    entity: true,
    phrases: ["russian federation", "soviet union"],
    words: ["russia", "russian", "russians", "moscow", "kremlin", "soviet", "ussr", "россия", "러시아"],
  },
  {
    concept: "unitedstates",
    entity: true,
    phrases: ["united states", "united states of america", "white house", "state department"],
    upper: ["US", "USA"],
    words: ["washington", "america", "american", "americans"],
  },
  { concept: "unitednations", entity: true, phrases: ["united nations"], upper: ["UN"], words: ["un"] },
  { concept: "securitycouncil", entity: true, phrases: ["security council"], upper: ["UNSC"] },
  { concept: "ukraine", entity: true, words: ["ukraine", "ukrainian", "ukrainians", "kyiv", "kiev", "україна"] },
  {
    concept: "china",
    entity: true,
    phrases: ["people's republic of china"],
    upper: ["PRC"],
    words: ["china", "chinese", "beijing"],
  },
  { concept: "japan", entity: true, words: ["japan", "japanese", "tokyo"] },
  {
    concept: "europe",
    entity: true,
    phrases: ["european union"],
    upper: ["EU"],
    words: ["europe", "european", "europeans", "brussels"],
  },
  {
    concept: "unitedkingdom",
    entity: true,
    phrases: ["united kingdom", "great britain", "downing street"],
    upper: ["UK"],
    words: ["britain", "british", "london"],
  },
  {
    concept: "kimjongun",
    entity: true,
    phrases: ["kim jong un", "kim jong-un", "kim jongun"],
    words: ["kim", "김정은"],
  },
  {
    concept: "putin",
    entity: true,
    phrases: ["vladimir putin", "vladimir vladimirovich putin"],
    words: ["putin", "путин", "푸틴"],
  },
  { concept: "dmz", entity: true, phrases: ["demilitarized zone", "demilitarised zone"], upper: ["DMZ"] },
  { concept: "korea", entity: true, phrases: ["korean peninsula"] },

  // Things and actions, grouped as the articles use them.
  { concept: "troop", words: ["troop", "troops", "soldier", "soldiers", "forces", "servicemen", "infantry"] },
  {
    concept: "munition",
    words: [
      "munition",
      "munitions",
      "ammunition",
      "ammo",
      "shell",
      "shells",
      "artillery",
      "weapon",
      "weapons",
      "weaponry",
      "arms",
      "armament",
    ],
  },
  { concept: "missil", words: ["missile", "missiles", "rocket", "rockets", "icbm", "ballistic"] },
  { concept: "nuclear", words: ["nuclear", "atomic", "nuke", "nukes", "denuclearize", "denuclearization"] },
  {
    concept: "suppli",
    words: [
      "supply",
      "supplied",
      "supplies",
      "provide",
      "provided",
      "ship",
      "shipped",
      "send",
      "sent",
      "deliver",
      "delivered",
      "transfer",
      "export",
    ],
  },
  { concept: "visit", words: ["visit", "visited", "trip", "tour", "journey"] },
  { concept: "aid", words: ["aid", "assistance", "help", "lifeline"] },
  { concept: "sanction", words: ["sanction", "sanctions", "sanctioned", "embargo", "penalty", "penalties"] },
  {
    concept: "allianc",
    words: [
      "alliance",
      "alliances",
      "partnership",
      "partner",
      "ties",
      "relationship",
      "relations",
      "cooperation",
      "cooperate",
      "collusion",
      "alignment",
      "axis",
      "bromance",
      "affinity",
    ],
  },
  { concept: "war", words: ["war", "conflict", "invasion", "invade", "fighting", "battlefield", "frontline"] },
  { concept: "concern", words: ["concern", "concerned", "concerning", "worry", "worried", "alarm", "unease", "fear"] },
  { concept: "threat", words: ["threat", "danger", "dangerous", "risk", "menace", "destabilize", "destabilise"] },
  { concept: "deal", words: ["deal", "agreement", "pact", "treaty", "accord", "bargain"] },
  { concept: "summit", words: ["summit", "meeting", "talks", "met"] },
  { concept: "food", words: ["food", "grain", "famine", "hunger"] },
  { concept: "money", words: ["money", "cash", "funds", "financial", "payment"] },
  { concept: "technolog", words: ["technology", "technologies", "tech", "advancements"] },
  { concept: "gift", words: ["gift", "gifts", "gifted"] },
  { concept: "exchang", words: ["exchange", "exchanged", "exchanges", "swap", "swapped", "swaps"] },
  { concept: "deter", words: ["deter", "deterrence", "deterrent"] },
  { concept: "leader", words: ["leader", "president", "ruler", "dictator"] },
  { concept: "defector", words: ["defector", "defectors", "escapee", "refugee"] },
  { concept: "exercis", words: ["exercise", "exercises", "drill", "drills", "maneuvers", "manoeuvres"] },
  { concept: "propaganda", words: ["propaganda", "disinformation", "misinformation"] },
  { concept: "shield", words: ["shield", "shielding", "protect", "protected", "protection", "veto"] },
];
