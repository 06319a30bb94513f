export { setup as default } from "./testTmpdir.mjs";
