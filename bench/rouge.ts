/**
 * ROUGE-1, ROUGE-2 and ROUGE-L F1 (Lin, 2004) as the common `rouge-score` package computes
 * them with stemming on: lower-cased alphanumeric tokens, Porter-stemmed, clipped n-gram
 * overlap, and the longest common subsequence over the whole text for ROUGE-L.
 */
import { stemmer } from "stemmer";

export interface Rouge {
  readonly r1: number;
  readonly r2: number;
  readonly rL: number;
}

export function rougeTokens(text: string): string[] {
  return (text.toLowerCase().match(/[a-z0-9]+/g) ?? []).map((w) => (w.length > 3 ? stemmer(w) : w));
}

function f1(overlap: number, candidate: number, reference: number): number {
  if (overlap === 0 || candidate === 0 || reference === 0) return 0;
  const p = overlap / candidate;
  const r = overlap / reference;
  return (2 * p * r) / (p + r);
}

function ngramOverlap(a: readonly string[], b: readonly string[], n: number): [number, number, number] {
  const grams = (t: readonly string[]) => {
    const m = new Map<string, number>();
    for (let i = 0; i + n <= t.length; i++) {
      const g = t.slice(i, i + n).join(" ");
      m.set(g, (m.get(g) ?? 0) + 1);
    }
    return m;
  };
  const ga = grams(a);
  const gb = grams(b);
  let overlap = 0;
  for (const [g, c] of ga) overlap += Math.min(c, gb.get(g) ?? 0);
  return [overlap, Math.max(0, a.length - n + 1), Math.max(0, b.length - n + 1)];
}

function lcs(a: readonly string[], b: readonly string[]): number {
  let prev = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const row = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) {
      row[j] = a[i - 1] === b[j - 1] ? (prev[j - 1] as number) + 1 : Math.max(prev[j] as number, row[j - 1] as number);
    }
    prev = row;
  }
  return prev[b.length] as number;
}

export function rouge(candidate: string, reference: string): Rouge {
  const c = rougeTokens(candidate);
  const r = rougeTokens(reference);
  return {
    r1: f1(...ngramOverlap(c, r, 1)),
    r2: f1(...ngramOverlap(c, r, 2)),
    rL: f1(lcs(c, r), c.length, r.length),
  };
}

/** Mean of each measure, in points (0–100). */
export function meanRouge(scores: readonly Rouge[]): Rouge {
  const mean = (k: keyof Rouge) => (100 * scores.reduce((s, x) => s + x[k], 0)) / Math.max(1, scores.length);
  return { r1: mean("r1"), r2: mean("r2"), rL: mean("rL") };
}
