/**
 * The adapters' one convention for an expected failure: a value, never a throw. `code`
 * is for the log (Slack's error code, or ours, such as `unreadable`), `message` for a
 * person where one reads it. Only bugs throw, and the front door turns those into words.
 */
export type Result<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly code: string; readonly message?: string };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export const failed = (code: string, message?: string): Result<never> => ({
  ok: false,
  code,
  ...(message !== undefined ? { message } : {}),
});
