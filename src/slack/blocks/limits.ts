/**
 * Slack's message limits, applied last to every message nkru sends, so that no corpus
 * document or question can get a message refused as `invalid_blocks` or `msg_too_long`.
 */
import type { types } from "@slack/bolt";
import { truncate } from "../mrkdwn.js";

export type Block = types.KnownBlock;

export interface Message {
  /** Fallback for notifications and clients without blocks. */
  text: string;
  blocks: Block[];
}

export const LIMITS = {
  blocks: 50,
  sectionText: 3000,
  contextText: 2000,
  headerText: 150,
  /** Slack does not publish one figure; about 12,000 characters of block text is accepted. */
  totalText: 11_000,
  fallbackText: 3900,
  buttonText: 75,
  buttonValue: 2000,
} as const;

function textLength(block: Block): number {
  const b = block as { text?: { text?: string }; elements?: { text?: unknown }[]; fields?: { text?: string }[] };
  let n = b.text?.text?.length ?? 0;
  for (const e of b.elements ?? []) {
    const t = e.text as string | { text?: string } | undefined;
    n += typeof t === "string" ? t.length : (t?.text?.length ?? 0);
  }
  for (const f of b.fields ?? []) n += f.text?.length ?? 0;
  return n;
}

function clampBlock(block: Block): Block {
  if (block.type === "section" && block.text) {
    return { ...block, text: { ...block.text, text: truncate(block.text.text, LIMITS.sectionText) } };
  }
  if (block.type === "header") {
    return { ...block, text: { ...block.text, text: truncate(block.text.text, LIMITS.headerText) } };
  }
  if (block.type === "context") {
    return {
      ...block,
      elements: block.elements
        .slice(0, 10)
        .map((e) =>
          "text" in e && typeof e.text === "string" ? { ...e, text: truncate(e.text, LIMITS.contextText) } : e,
        ),
    };
  }
  if (block.type === "actions") {
    return {
      ...block,
      elements: block.elements.slice(0, 25).map((e) =>
        e.type === "button"
          ? {
              ...e,
              text: { ...e.text, text: truncate(e.text.text, LIMITS.buttonText) },
              ...(e.value !== undefined ? { value: e.value.slice(0, LIMITS.buttonValue) } : {}),
            }
          : e,
      ),
    };
  }
  return block;
}

/** Clamps every block, then drops trailing content blocks until the whole fits, keeping the last actions. */
export function fitMessage(message: Message): Message {
  let blocks = message.blocks.map(clampBlock);
  const lastActions = blocks.length && blocks[blocks.length - 1]?.type === "actions" ? blocks[blocks.length - 1] : null;
  let body = lastActions ? blocks.slice(0, -1) : blocks;
  const room = LIMITS.blocks - (lastActions ? 2 : 1);
  let cut = body.length > room;
  if (cut) body = body.slice(0, room);
  let total = body.reduce((n, b) => n + textLength(b), 0);
  while (total > LIMITS.totalText && body.length > 1) {
    total -= textLength(body.pop() as Block);
    cut = true;
  }
  blocks = [
    ...body,
    ...(cut
      ? [
          {
            type: "context",
            elements: [{ type: "mrkdwn", text: "_(shortened to fit Slack's message limits)_" }],
          } as Block,
        ]
      : []),
    ...(lastActions ? [lastActions] : []),
  ];
  return { text: truncate(message.text, LIMITS.fallbackText), blocks };
}
