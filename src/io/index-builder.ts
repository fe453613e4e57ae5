/**
 * Builds the saved index in a process of its own (`nkru index`), so that the app keeps
 * answering, and `/healthz` keeps answering, while a large corpus is read and indexed:
 * at 50,000 passages that is 8 s of work that would otherwise hold the event loop. The
 * app then loads the saved index, which takes a tenth of the time.
 *
 * The child inherits the environment (CORPUS_DIR, DATA_DIR, DATABASE_URL), so it reads
 * the same corpus and added articles the app does; its progress lines go to the log.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Logger } from "../logger.js";
import { failed, ok, type Result } from "../result.js";

const CLI = fileURLToPath(new URL("../../bin/nkru.js", import.meta.url));

export interface IndexBuildRequest {
  readonly corpusDir: string;
  readonly indexFile: string;
}

/** What builds a saved index aside; resolves once the file is written, or with why not. */
export type BuildIndexAside = (request: IndexBuildRequest) => Promise<Result<void>>;

export function indexBuilder(logger: Logger, env: NodeJS.ProcessEnv = process.env): BuildIndexAside {
  return (request) =>
    new Promise((resolve) => {
      const started = performance.now();
      const child = spawn(
        process.execPath,
        [CLI, "index", "--corpus", request.corpusDir, "--index", request.indexFile],
        { env, stdio: ["ignore", "ignore", "pipe"] },
      );
      let tail = "";
      child.stderr.setEncoding("utf8");
      child.stderr.on("data", (chunk: string) => {
        const lines = (tail + chunk).split("\n");
        tail = lines.pop() ?? "";
        for (const line of lines) if (line.trim()) logger.info({ builder: child.pid }, line.trim());
      });
      child.on("error", (error) => resolve(failed("spawn_failed", `could not start nkru index: ${error.message}`)));
      child.on("close", (code) => {
        if (tail.trim()) logger.info({ builder: child.pid }, tail.trim());
        const ms = Math.round(performance.now() - started);
        if (code === 0) {
          logger.info({ ms }, "index built aside");
          resolve(ok(undefined));
        } else resolve(failed("build_failed", `nkru index exited with ${code} after ${ms} ms`));
      });
    });
}
