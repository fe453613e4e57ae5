/**
 * The question a "Share in channel" or 👍/👎 button carries, answered again from the
 * current index (buttons carry the question, not the answer, to stay within Slack's
 * limits). Null when the value is unreadable or no index is loaded. Answered in turn
 * with every other reply (see turn-queue.ts).
 */
import type { AnswerResult } from "../../../core/types.js";
import { parseQuestionValue } from "../../blocks/answer.js";
import type { SlackDeps } from "../../deps.js";
import { replyTurns } from "../replies.js";

export async function reanswer(
  value: string | undefined,
  deps: SlackDeps,
): Promise<{ question: string; result: AnswerResult } | null> {
  const question = parseQuestionValue(value);
  const state = deps.knowledge.current;
  if (!question || !state) return null;
  return { question, result: await replyTurns.run(() => state.kb.answer(question)) };
}
