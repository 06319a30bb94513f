/** Jest runs the TypeScript sources as ESM (see ../shared/docs/PLATFORM-NOTES.md): ts-jest with
 * isolatedModules keeps start-up fast; `npm run typecheck` does the type checking. */
export default {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  extensionsToTreatAsEsm: [".ts"],
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
  transform: {
    "^.+\\.ts$": ["ts-jest", { useESM: true, tsconfig: "tsconfig.json" }],
  },
  testTimeout: 30000,
  // One temporary folder per run, removed at its end (test/env/testTmpdir.mjs).
  globalSetup: "<rootDir>/test/env/testTmpdirSetup.mjs",
  globalTeardown: "<rootDir>/test/env/testTmpdirTeardown.mjs",
};
