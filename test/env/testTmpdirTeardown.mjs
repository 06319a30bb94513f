export { teardown as default } from "./testTmpdir.mjs";
