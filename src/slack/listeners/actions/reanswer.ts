/**
 * The question a "Share in channel" or 👍/👎 button carries, answered again from the
 * current index (buttons carry the question, not the answer, to stay within Slack's
 * limits). Null when the value is unreadable or no index is loaded.
 */
import type { AnswerResult } from "../../../core/types.js";
import { parseQuestionValue } from "../../blocks/answer.js";
import type { SlackDeps } from "../../deps.js";

export function reanswer(
  value: string | undefined,
  deps: SlackDeps,
): { question: string; result: AnswerResult } | null {
  const question = parseQuestionValue(value);
  const state = deps.knowledge.current;
  return question && state ? { question, result: state.kb.answer(question) } : null;
}
