/** What nkru says in Slack, in one place so the wording stays consistent and testable. */

export const MSG = {
  loading: "I'm still loading the corpus; your answer will follow in a moment.",
  slow: "This is taking a moment; the answer will follow here.",
  noAnswerLead: "I couldn't find an answer to that in the corpus.",
  emptyQuestion: "Ask me a question about North Korea and Russia, for example:",
  genericFailure: "Sorry, something went wrong on my side while answering. It has been logged; please try again.",
  feedbackThanks: "Thanks for the feedback, it helps us improve the corpus.",
  feedbackFailed: "Sorry, I couldn't save your feedback just now. Please try again in a minute.",
  contextMissing: "That passage is no longer in the corpus (it was re-indexed since). Ask again for a fresh answer.",
  notInChannel:
    "I'm not a member of this channel, so I can't post here. Invite me with `/invite @nkru` and try again, or ask with `/nkru` which works anywhere.",
  channelNotFound: "I can't see this conversation. If it's a private channel, invite me with `/invite @nkru` first.",
  archived: "This channel is archived, so I can't post in it.",
  rateLimited: "Slack is rate-limiting me right now. Please try again in a minute.",
  slackUnreachable: "I couldn't reach Slack just now. Please try again in a minute.",
  threadGone: "I can't find that thread any more; it may have been deleted.",
  missingScope:
    "I don't have the permission to read this conversation. An admin can reinstall nkru from its manifest to grant it.",
  summarizeWhere:
    "Mention me with `summarize` inside a thread to summarize it, or use the *Summarize thread* shortcut on any message of the thread.",
} as const;
