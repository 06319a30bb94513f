import { http } from "@google-cloud/functions-framework";
import { loadConfig, settingsFromEnv } from "../shared/config/loadConfig.js";
import { createLogger } from "../shared/logging/createLogger.js";
import { isUserError } from "../shared/util/userError.js";
import { buildDeps } from "./buildDeps.js";
import { createGardenerHandler, misconfiguredHandler } from "./gardenerHandler.js";
import { bridleHeapGrowth } from "./heapGrowth.js";

/** The functions-framework target; Terraform's entry_point must equal it. */
export const FUNCTION_TARGET = "logGardener";

// One pass per instance at a time over up to an hour of logs: keep the heap near what the pass keeps
// alive rather than near the instance's memory (heapGrowth.ts).
bridleHeapGrowth();

// Read the environment once, at start. A bad setting is logged once here with every problem listed,
// and every call then answers 500 with the same text (so Scheduler's failures and the alert show it).
let handler;
let logger;
try {
  const config = loadConfig(settingsFromEnv(process.env), "function");
  logger = createLogger({ level: config.logLevel });
  handler = createGardenerHandler({
    config,
    logger,
    makeDeps: (c, dryRun, projectId) => buildDeps({ ...c, dryRun }, { kind: "cloud" }, { kind: "gcs", bucket: c.bucket as string, prefix: c.prefix }, undefined, projectId),
  });
} catch (err) {
  if (!isUserError(err)) throw err;
  logger = createLogger({ level: "info" });
  logger.error({ error: err.message }, `configuration invalid: ${err.message}`);
  handler = misconfiguredHandler(err.message, logger);
}
http(FUNCTION_TARGET, handler);
