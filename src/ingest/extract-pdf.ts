/**
 * The text of a PDF by unpdf (Mozilla's PDF.js packaged for servers; no native code, no
 * canvas), with its Title, Author and CreationDate fields as metadata. Version 1.7 is
 * pinned: later ones need Node 22. The text then goes through the same parser as any
 * text file (extract-text.ts).
 */
import { getDocumentProxy, getMeta, extractText as pdfText } from "unpdf";
import { isoDateOfTimestamp } from "../core/corpus/dates.js";
import { splitAuthors } from "../core/corpus/front-matter.js";
import { failed, type Result } from "../result.js";
import { extractText } from "./extract-text.js";
import type { ExtractedArticle } from "./extracted-article.js";

/** "D:20250105093000+09'00'" → "2025-01-05". */
function pdfDate(value: unknown): string | null {
  const m = /^D:(\d{4})(\d{2})(\d{2})/.exec(String(value ?? ""));
  return m ? isoDateOfTimestamp(`${m[1]}-${m[2]}-${m[3]}`) : null;
}

export async function extractPdf(bytes: Uint8Array, name: string): Promise<Result<ExtractedArticle>> {
  try {
    const pdf = await getDocumentProxy(new Uint8Array(bytes), {
      isEvalSupported: false,
      useSystemFonts: false,
      verbosity: 0,
    });
    const [{ info }, { text }] = await Promise.all([getMeta(pdf), pdfText(pdf, { mergePages: false })]);
    await pdf.destroy();
    const fields = (info ?? {}) as Record<string, unknown>;
    const body = (text as string[]).join("\n\n");
    if (!body.trim()) return failed("not_article", "the PDF has no text (it may be scanned images)");
    const title = typeof fields.Title === "string" ? fields.Title : null;
    const author = typeof fields.Author === "string" ? fields.Author : "";
    return extractText(body, name, { title, authors: splitAuthors(author), date: pdfDate(fields.CreationDate) });
  } catch (error) {
    return failed("unreadable", `the PDF could not be read (${(error as Error).message.slice(0, 120)})`);
  }
}
