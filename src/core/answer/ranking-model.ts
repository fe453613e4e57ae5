/**
 * The answer ranking model: a logistic regression over a candidate excerpt's features
 * (features.ts). Its weights are not chosen by eye: `npm run train` fits them on the
 * development question sets and writes ranking-weights.ts.
 */
import type { Features } from "./features.js";
import { RANKING_WEIGHTS } from "./ranking-weights.js";

export interface RankingModel {
  /** One weight per feature, in FEATURE_NAMES order, then the bias: orders the candidates. */
  readonly weights: readonly number[];
  /**
   * One weight per confidence feature (see {@link confidenceFeatures}), then the bias:
   * the probability that the corpus answers the question at all.
   */
  readonly confidence: readonly number[];
  /** Probability at or above which the best excerpt is a confident answer. */
  readonly threshold: number;
}

export const DEFAULT_MODEL: RankingModel = RANKING_WEIGHTS;

/** A linear score: the weights times the features, plus the bias (the last weight). */
export function linear(weights: readonly number[], f: Features): number {
  let s = weights[f.length] ?? 0;
  for (let i = 0; i < f.length; i++) s += (weights[i] ?? 0) * (f[i] ?? 0);
  return s;
}

/** The model's raw score (log-odds) for a candidate. */
export function score(model: RankingModel, f: Features): number {
  return linear(model.weights, f);
}

/**
 * What the confidence model reads: the best candidate's features, how far it stands
 * above the next best (an answer that barely beats another is less sure), and the
 * thresholds a reader would apply to its coverage of the question.
 */
export function confidenceFeatures(
  best: { features: Features; logOdds: number; matchedWords: number; questionWords: number },
  next: { logOdds: number } | null,
): Features {
  const gap = next ? Math.min(1, Math.max(0, (best.logOdds - next.logOdds) / 4)) : 1;
  const coverage = (best.features[0] ?? 0) + (best.features[1] ?? 0) + (best.features[2] ?? 0);
  return [
    ...best.features,
    gap,
    // Thresholds a reader would apply: one word of several is a brush, not an answer.
    best.questionWords > 1 && best.matchedWords < 2 ? 1 : 0,
    coverage < 0.4 ? 1 : 0,
    coverage < 0.6 ? 1 : 0,
  ];
}

/** The probability that the best candidate answers the question. */
export function confidenceOf(
  model: RankingModel,
  best: Parameters<typeof confidenceFeatures>[0],
  next: { logOdds: number } | null,
): number {
  return probability(linear(model.confidence, confidenceFeatures(best, next)));
}

export function probability(logOdds: number): number {
  return 1 / (1 + Math.exp(-logOdds));
}
