/**
 * Holds the knowledge base the app answers from, and swaps in a new one whole, so a
 * question asked during a reload is answered from the previous index.
 */
import type { Clock } from "./clock.js";
import type { KnowledgeBase } from "./core/knowledge-base.js";

export interface KnowledgeState {
  readonly kb: KnowledgeBase;
  readonly loadedAt: Date;
  readonly loadMs: number;
}

export class KnowledgeHolder {
  private state: KnowledgeState | null = null;
  private waiters: ((s: KnowledgeState) => void)[] = [];
  /** The last failed (re)load, kept until a load succeeds. */
  lastError: string | null = null;

  constructor(private readonly clock: Clock) {}

  get current(): KnowledgeState | null {
    return this.state;
  }

  set(kb: KnowledgeBase, loadMs: number): void {
    this.state = { kb, loadedAt: this.clock(), loadMs };
    this.lastError = null;
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) w(this.state);
  }

  /** Resolves with the knowledge base once one is loaded. */
  ready(): Promise<KnowledgeState> {
    return this.state ? Promise.resolve(this.state) : new Promise((resolve) => this.waiters.push(resolve));
  }
}
