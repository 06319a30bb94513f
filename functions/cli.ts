#!/usr/bin/env node
import { runCli } from "./cliMain.js";
import { bridleHeapGrowth } from "./heapGrowth.js";

const argv = process.argv.slice(2);
// A pass whose heap grows large stays near what it keeps alive (see heapGrowth.ts); `cluster` is the
// benchmark interface and keeps V8's defaults.
if (argv[0] === "run") bridleHeapGrowth();
runCli(argv, process.env).then((code) => {
  process.exitCode = code;
});
