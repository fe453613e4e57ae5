/** The "What was wrong?" dialog submitted: its reason is added to the user's 👎 on that answer. */
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from "@slack/bolt";
import type { FeedbackReasonKind } from "../../../store/store.js";
import { REASONS } from "../../blocks/feedback.js";
import type { SlackDeps } from "../../deps.js";

export function feedbackReason(deps: SlackDeps) {
  return async ({ ack, body, view, context }: SlackViewMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const values = view.state.values;
    const picked = values.kind?.kind?.selected_option?.value ?? null;
    const kind = picked && picked in REASONS ? (picked as FeedbackReasonKind) : null;
    const text = values.text?.text?.value?.trim() || null;
    if (!kind && !text) {
      context.outcome = "reason_empty";
      return;
    }
    const saved = await deps.store.setFeedbackReason(body.user.id, view.private_metadata, { kind, text });
    context.outcome = saved ? "reason_saved" : "reason_without_vote";
  };
}
