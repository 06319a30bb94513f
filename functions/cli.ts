#!/usr/bin/env node
import { runCli } from "./cliMain.js";

runCli(process.argv.slice(2), process.env).then((code) => {
  process.exitCode = code;
});
