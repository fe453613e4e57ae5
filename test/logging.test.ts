import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../src/logger.js";
import { BOT_TOKEN, mockApi, SIGNING_SECRET, startHarness } from "./slack/harness.js";

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _e, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, destination };
}

describe("logging", () => {
  it("redacts secret fields, Slack tokens anywhere, and the configured secret values", () => {
    const { lines, destination } = capture();
    const secret = "0123456789abcdef0123456789abcdef";
    const logger = createLogger({ destination, pretty: false, secrets: [secret] });
    logger.info(
      { token: "anything", headers: { authorization: "Bearer abc" }, config: { signingSecret: secret } },
      "fields",
    );
    logger.info(`a message quoting xoxb-12345-67890-abcdefABCDEF and xapp-1-A1-123-abc and ${secret}`);
    logger.error({ err: new Error(`failed with token xoxp-999-888-abc in it`) }, "error");
    const text = lines.join("");
    expect(text).not.toMatch(/xox[bp]-\d|xapp-1|Bearer abc|0123456789abcdef0123/);
    expect(text.match(/\[REDACTED\]/g)?.length).toBeGreaterThanOrEqual(6);
    for (const l of lines) expect(() => JSON.parse(l)).not.toThrow();
  });

  it("writes one line per Slack request with kind, command, user, latency and outcome, and never a secret", async () => {
    const h = await startHarness();
    try {
      await h.command("Who is Andrei Kozyrev?");
      await h.command("What is the population of Brazil?");
      mockApi("chat.postMessage", { ok: false, error: "not_in_channel" });
      mockApi("chat.postEphemeral", { ok: false, error: "not_in_channel" });
      await h.event({
        type: "app_mention",
        user: "U9",
        text: "<@UBOT> Kozyrev",
        ts: "1.1",
        channel: "C1",
        event_ts: "1.1",
      });
      const requests = h.logs().filter((l) => l.msg === "request");
      expect(requests).toHaveLength(3);
      expect(requests[0]).toMatchObject({ kind: "command", name: "/nkru", user: "U123", outcome: "answered" });
      expect(requests[1]).toMatchObject({ outcome: "not_confident" });
      expect(requests[2]).toMatchObject({
        kind: "event",
        name: "app_mention",
        user: "U9",
        outcome: "post_failed:not_in_channel",
      });
      for (const r of requests) expect(typeof r.latencyMs).toBe("number");
      const raw = h.rawLog();
      expect(raw).not.toContain(BOT_TOKEN);
      expect(raw).not.toContain(SIGNING_SECRET);
      expect(raw).not.toMatch(/xoxb-/);
    } finally {
      await h.close();
    }
  });
});
