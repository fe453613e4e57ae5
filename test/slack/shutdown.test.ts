import { describe, expect, it } from "vitest";
import { API, BOT_USER, nock, startHarness } from "./harness.js";

describe("stopping", () => {
  it("stops taking requests but finishes the work under way", async () => {
    const h = await startHarness();
    let release: (() => void) | null = null;
    const posted: unknown[] = [];
    nock(API)
      .post("/api/chat.postMessage")
      .reply((_uri, body, callback) => {
        posted.push(body);
        // Hold Slack's reply until the test lets it go.
        release = () => callback(null, [200, { ok: true }]);
      });

    await h.event(
      {
        type: "app_mention",
        user: "U1",
        text: `<@${BOT_USER}> Is Russia desperate?`,
        ts: "5.1",
        channel: "C1",
        event_ts: "5.1",
      },
      {},
      { wait: false },
    );
    while (!release) await new Promise((r) => setImmediate(r)); // the post is under way

    let stopped = false;
    const stopping = h.slack.stop().then(() => {
      stopped = true;
    });
    await new Promise((r) => setImmediate(r));
    expect(stopped).toBe(false);
    await expect(fetch(h.url, { method: "POST" })).rejects.toThrow(); // no new requests

    (release as () => void)();
    await stopping;
    expect(stopped).toBe(true);
    expect(posted).toHaveLength(1);
    expect(h.logs().find((l) => l.msg === "request")).toMatchObject({ outcome: "answered" });
    await h.close();
  });
});
