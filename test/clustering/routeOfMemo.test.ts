import { describe, expect, it } from "@jest/globals";
import { routeOf } from "../../shared/clustering/routeOf.js";
import { WILDCARD } from "../../shared/clustering/maskToken.js";

/** "a", "b", … "z", "ba", …: words without digits, as many as asked. */
const word = (n: number) => {
  let s = "";
  do {
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26);
  } while (n > 0);
  return s;
};
const uuid = (n: number) => `${n.toString(16).padStart(8, "0")}-aa55-4806-a635-82759f961939`;

describe("routeOf remembers path words, not ids, and answers the same past its memo's bound", () => {
  it("gives every route its template whatever came before (10,000 distinct words, ids between them)", () => {
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 10_000; i++) {
        const w = word(i);
        expect(routeOf(`https://h.run.app/api/v1/${w}/items?x=${i}`)).toBe(`/api/v1/${w}/items`);
        expect(routeOf(`/api/v1/cart/${uuid(i)}`)).toBe(`/api/v1/cart/${WILDCARD}`);
      }
    }
  });

  it("decodes %-escapes only to judge a segment, and keeps a stray % as written", () => {
    for (let k = 0; k < 2; k++) {
      expect(routeOf("/caf%C3%A9/menu")).toBe("/caf%C3%A9/menu");
      expect(routeOf("/a%ZZ/b")).toBe("/a%ZZ/b");
      expect(routeOf("/order%2012345")).toBe(`/${WILDCARD}`);
      expect(routeOf(`/${"x".repeat(80)}/y`)).toBe(`/${WILDCARD}/y`);
    }
  });
});
