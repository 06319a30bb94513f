import { readFileSync } from "node:fs";

/** The package version, read once; "dev" when package.json is not beside the build. */
export const VERSION: string = (() => {
  for (const rel of ["../../package.json", "../../../package.json"]) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), "utf8")) as { name?: string; version?: string };
      if (pkg.name === "log-gardener" && pkg.version) return pkg.version;
    } catch (err) {
      // Not at this depth (source vs dist layout): try the next.
      void err;
    }
  }
  return "dev";
})();
