/**
 * Cleans a question as typed (or pasted) into something safe to search, and says
 * what was changed when the asker should know.
 */

/** Longer questions are cut here: nobody asks 10,000 characters, and terms beyond it add noise and time. */
export const MAX_QUESTION_CHARS = 500;

export interface CleanQuestion {
  readonly text: string;
  /** Set when the question was shortened. */
  readonly notice: string | null;
}

export function cleanQuestion(raw: string): CleanQuestion {
  let text = String(raw ?? "")
    .normalize("NFC")
    // Control and format characters (NUL, escapes, zero-width, bidi overrides) become spaces.
    .replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, " ")
    // A pasted link and an @mention say where the question came from or whom it is for,
    // not what it is about: their words ("https", "example", a colleague's name) would
    // count as question words the corpus lacks, and an answerable question be declined.
    .replace(/(?:\bhttps?:\/\/|\bwww\.)[^\s<>|]+/giu, " ")
    .replace(/(^|\s)@[\p{L}\p{N}._-]+/gu, "$1")
    .replace(/\s+/g, " ")
    .trim();
  let notice: string | null = null;
  if (text.length > MAX_QUESTION_CHARS) {
    const cut = text.slice(0, MAX_QUESTION_CHARS);
    const lastSpace = cut.lastIndexOf(" ");
    text = (lastSpace > MAX_QUESTION_CHARS * 0.6 ? cut.slice(0, lastSpace) : cut).trim();
    notice = `Your question was long, so only its first ${MAX_QUESTION_CHARS} characters were used.`;
  }
  return { text, notice };
}
