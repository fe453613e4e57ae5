/**
 * Every stamp that says what produced a saved file, in one place. Bump the one that
 * names what changed, so that a save made by an earlier version is worked out again,
 * never misread: the parser's when a text yields other passages, the takeaways' when
 * other takeaways are chosen, a format's when its layout changes.
 */
export const SAVED_FORMATS = {
  /** DATA_DIR/index.json as a whole: the parsed corpus and the index. */
  knowledgeBase: "nkru-kb/2",
  /** The parsed corpus inside it. */
  corpus: "nkru-corpus/2",
  /** The index inside it. */
  index: "nkru-index/10",
  /** DATA_DIR/takeaways.json. */
  takeaways: "nkru-takeaways/1",
} as const;

/** What parsing a text yields (passages, sections, the byline passage). */
export const PARSER_VERSION = "parse/4";

/** How takeaways are chosen. */
export const TAKEAWAYS_VERSION = "takeaways/5";
