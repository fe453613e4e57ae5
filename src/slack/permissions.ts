/** Who may do what: one rule for the slash command, mentions, direct messages and buttons. */
import type { SlackDeps } from "./deps.js";
import type { Role } from "./subcommands.js";

export function mayRun(role: Role, user: string, deps: SlackDeps): boolean {
  const admin = (deps.adminUserIds ?? []).includes(user);
  if (role === "admins") return admin;
  if (role === "adders") return admin || (deps.ingest?.addArticles ?? "everyone") === "everyone";
  return true;
}

/** Why not, in words, for a user who may not. */
export function refusalText(role: Role, what: string): string {
  return role === "admins"
    ? `Only the admins listed in ADMIN_USER_IDS can ${what}.`
    : `In this workspace only the admins listed in ADMIN_USER_IDS can ${what} (ADD_ARTICLES=admins).`;
}
