/** An article as extracted from a page, a PDF or a text file, before it is saved. */
export interface ExtractedArticle {
  readonly title: string;
  readonly authors: readonly string[];
  /** The site or publisher's name. */
  readonly outlet: string | null;
  /** YYYY-MM-DD. */
  readonly date: string | null;
  /** The canonical address (or where it was fetched from). */
  readonly url: string | null;
  readonly language: string | null;
  /** The text, in reading order. */
  readonly blocks: readonly TextBlock[];
}

export interface TextBlock {
  readonly kind: "heading" | "paragraph" | "item";
  readonly text: string;
}

/** Characters of article text below which a page is a stub, a login wall or a list of links. */
export const MIN_ARTICLE_CHARS = 400;

export function textLength(blocks: readonly TextBlock[]): number {
  return blocks.reduce((n, b) => n + (b.kind === "heading" ? 0 : b.text.length), 0);
}
