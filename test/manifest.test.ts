import { existsSync, readFileSync } from "node:fs";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { registerListeners } from "../src/slack/listeners/index.js";
import { SUBCOMMANDS } from "../src/slack/subcommands.js";

const SCHEMA = new URL("../../shared/slack/manifest.schema.1.0.0.json", import.meta.url);
const manifest = parse(readFileSync(new URL("../manifest.yml", import.meta.url), "utf8"));

/** Records what the listeners register, without a real app. */
function registrations() {
  const seen = {
    commands: [] as string[],
    events: [] as string[],
    actions: [] as string[],
    shortcuts: [] as string[],
    views: [] as string[],
  };
  const fake = {
    use: () => {},
    command: (name: string) => seen.commands.push(name),
    event: (name: string) => seen.events.push(name),
    action: (id: string) => seen.actions.push(id),
    shortcut: (id: string) => seen.shortcuts.push(id),
    view: (id: string) => seen.views.push(id),
  };
  // biome-ignore lint/suspicious/noExplicitAny: a recording stand-in for Bolt's App
  registerListeners(fake as any, {} as any);
  return seen;
}

describe("manifest.yml", () => {
  it.skipIf(!existsSync(SCHEMA))("is valid against Slack's published manifest schema (../shared/slack)", () => {
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
    const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA, "utf8")));
    const ok = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });
  if (!existsSync(SCHEMA))
    console.warn("manifest schema test skipped: ../shared/slack/manifest.schema.1.0.0.json is absent");

  it("declares the slash command, shortcut and events the app handles", () => {
    const seen = registrations();
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual(seen.commands);
    expect(manifest.features.shortcuts.map((s: { callback_id: string }) => s.callback_id)).toEqual(seen.shortcuts);
    // "message" is registered for direct messages only: message.im.
    const expected = seen.events.map((e) => (e === "message" ? "message.im" : e)).sort();
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual(expected);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.features.bot_user.display_name).toBe("nkru");
    const hint: string = manifest.features.slash_commands[0].usage_hint;
    expect(hint).toMatch(/question/);
    // The usage hint names every subcommand of the one table, in its usage form.
    for (const s of SUBCOMMANDS) expect(hint, s.name).toContain(s.usage);
  });

  it("asks for exactly the bot scopes the app uses", () => {
    // commands: /nkru; chat:write: chat.postMessage and chat.postEphemeral;
    // app_mentions:read: app_mention; im:history: message.im and DM threads;
    // channels/groups/mpim:history: conversations.replies for summaries; users:read: users.info;
    // files:read: downloading a file shared with nkru in a DM. views.publish, chat.getPermalink and auth.test need none.
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([
      "app_mentions:read",
      "channels:history",
      "chat:write",
      "commands",
      "files:read",
      "groups:history",
      "im:history",
      "mpim:history",
      "users:read",
    ]);
  });
});
