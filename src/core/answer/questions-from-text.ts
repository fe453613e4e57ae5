/**
 * Questions a sentence answers, as a reader would ask them: "Who is Andrei Kozyrev?"
 * from "Andrei Kozyrev, a former Russian foreign minister, …"; "How many containers has
 * North Korea shipped to Russia?" and "What has North Korea shipped to Russia?" from
 * "North Korea has shipped at least 10,000 containers … to Russia". Used for example
 * questions (help, App Home, the no-answer reply) and for the digest's "Ask about this";
 * each is kept only if the corpus answers it with confidence, so a pattern that reads a
 * sentence wrongly costs a candidate, never a wrong example.
 */

/** A capitalised name of one to four words ("North Korea", "Kim Jong Un", "the United Nations"). */
const NAME = String.raw`(?:the )?[A-Z][\p{L}'’.-]+(?:[ -](?:of |and )?[A-Z][\p{L}'’.-]+){0,3}`;
const AUX = String.raw`(?:has|have|had|is|are|was|were)`;

/**
 * Past forms that do not end in -ed, and their past participles. Questions use "has"
 * with the participle ("What has Russia provided?"), which is right for any verb whose
 * past ends in -ed and needs no guess at its base form.
 */
const PARTICIPLE: Record<string, string> = {
  sent: "sent",
  sold: "sold",
  gave: "given",
  given: "given",
  made: "made",
  built: "built",
  began: "begun",
  begun: "begun",
  took: "taken",
  taken: "taken",
  brought: "brought",
  bought: "bought",
  held: "held",
  met: "met",
  paid: "paid",
  sought: "sought",
  won: "won",
  led: "led",
  kept: "kept",
  lent: "lent",
  spent: "spent",
  told: "told",
  said: "said",
  grew: "grown",
  grown: "grown",
  drew: "drawn",
  drawn: "drawn",
  fled: "fled",
  struck: "struck",
  shown: "shown",
  saw: "seen",
  seen: "seen",
  wrote: "written",
  written: "written",
  became: "become",
};

/** Words in -ed that are not a clause's verb. */
const NOT_VERBS = new Set(["need", "united", "limited", "based", "armed", "advanced", "isolated", "sanctioned"]);

/** The past participle of a past-tense verb ("shipped", "sent" → "sent", "gave" → "given"), or null. */
export function participle(verb: string): string | null {
  const v = verb.toLowerCase();
  if (PARTICIPLE[v]) return PARTICIPLE[v] as string;
  return /[a-z]{3,}ed$/.test(v) && !NOT_VERBS.has(v) ? v : null;
}

/** Capitalised words that say when, not where. */
const WHEN =
  /^(?:january|february|march|april|may|june|july|august|september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/i;

/** A capitalised first word that is not a name: "She made…", "This has…", "Both sides…". */
const PRONOUN_OR_ARTICLE =
  /^(?:he|she|it|they|we|i|you|this|that|these|those|there|here|such|both|all|some|many|most|each|its|their|his|her|our|a|an|the|however|but|and|also|yet|still|then|thus|meanwhile|instead|today|now|experts?|analysts?|officials?|critics?)\b/i;

function clean(s: string): string {
  return s
    .replace(/\s+/g, " ")
    .replace(/[\s,;:]+$/, "")
    .trim();
}

/** The phrase after the object that says where or to whom: "to Russia", "from Moscow", "in Ukraine". */
function destination(rest: string): string {
  // "to Russia", but not "for North Korea's …": a possessive names what follows, not where.
  const m = new RegExp(String.raw`\b(to|from|with|in|for) (${NAME})`, "u").exec(rest);
  const name = (m?.[2] ?? "").replace(/\.+$/, "");
  if (!m || !name || /['’]s$/.test(name) || WHEN.test(name)) return "";
  return ` ${m[1]} ${name}`;
}

/** Questions `sentence` answers, best first; none when no pattern reads it. */
export function questionsFrom(sentence: string): string[] {
  const s = sentence.replace(/\s+/g, " ").trim();
  const out: string[] = [];

  // "Andrei Kozyrev, a former Russian foreign minister, said …"
  const appositive = new RegExp(String.raw`(?:^|[.;:] |, )(${NAME}), (?:a|an|the) [\p{Ll}][^,]{3,80},`, "u").exec(s);
  if (appositive?.[1] && /\s/.test(appositive[1]) && !/^the /i.test(appositive[1]))
    out.push(`Who is ${appositive[1]}?`);

  // An opening clause ("In return, ", "By October 2024, ") comes off before the subject.
  const body = s.replace(/^(?:[A-Z][^,]{0,40}, )(?=[A-Z])/, "");
  const clause = new RegExp(
    String.raw`^(${NAME}) (?:(${AUX}) )?(?:also |now |reportedly |already |since )?([\p{Ll}]+) (.+)$`,
    "u",
  ).exec(body);
  if (clause && !PRONOUN_OR_ARTICLE.test(clause[1] ?? "")) {
    const [, subject = "", aux, verb = "", rest = ""] = clause;
    const done = participle(verb);
    // "is/was shipped" is passive: the subject is what was shipped, not who shipped.
    // "Moscow has pulled Pyongyang into its orbit": a named object would need "whom"; left out.
    if (done && !/^(?:is|are|was|were)$/.test(aux ?? "") && !/^\p{Lu}/u.test(rest)) {
      const plural = /\b(?:and|states|countries|nations|leaders|officials|forces|troops)\b/i.test(subject);
      const has = aux === "had" ? "had" : plural ? "have" : "has";
      const where = destination(rest);
      const count =
        /^(?:at least |more than |over |about |nearly |some |up to )?(?:[\d,.]+|\p{Ll}+ (?:thousand|million|hundred))(?: (?:million|thousand|billion))? ([\p{Ll}-]{3,})/u.exec(
          rest,
        );
      if (count?.[1] && !/^(?:percent|per|and|the)$/.test(count[1]))
        out.push(`How many ${count[1]} ${has} ${subject} ${done}${where}?`);
      out.push(`What ${has} ${subject} ${done}${where}?`);
    }
  }
  return [...new Set(out.map(clean).map((q) => q.replace(/\s+\?$/, "?")))];
}
