#!/usr/bin/env node
import { isUserError } from "../shared/util/userError.js";
import { main } from "./cliMain.js";

main(process.argv.slice(2), process.env).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (isUserError(err)) {
      process.stderr.write(`log-gardener: ${err.message}\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(`log-gardener: internal error, please report it: ${(err as Error)?.stack ?? String(err)}\n`);
      process.exitCode = 70;
    }
  },
);
