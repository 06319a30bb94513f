import { describe, expect, it } from "@jest/globals";
import { routeOf } from "../../shared/clustering/routeOf.js";

describe("routes of build artefacts survive a deploy", () => {
  it.each([
    ["https://h/_expo/static/js/web/index-d72a98e15df05a6f48b77e3c2de9188c.js", "/_expo/static/js/web/index-<*>.js"],
    ["https://h/_expo/static/js/web/index-af2be6194208bc33098fb232219b5148.js", "/_expo/static/js/web/index-<*>.js"],
    ["/assets/antidotum-intro.0449099e86f9d4b2f124a9d0ddd98a31.gif", "/assets/antidotum-intro.<*>.gif"],
    ["/assets/index-DiwrgTda.js", "/assets/index-<*>.js"],
    ["/assets/index.BxT3kL9a.css", "/assets/index.<*>.css"],
    ["/static/js/main.8f3a2c1b.chunk.js", "/static/js/main.<*>.chunk.js"],
    ["/_next/static/chunks/pages/_app-3f3c5b9e8b7a1c2d.js", "/_next/static/chunks/pages/_app-<*>.js"],
  ])("%s -> %s", (url, route) => {
    expect(routeOf(url)).toBe(route);
  });

  it.each(["/favicon.ico", "/static/css/output.css", "/docs/getting-started.html", "/api/orders.json", "/manifest.json"])("leaves plain names alone: %s", (path) => {
    expect(routeOf(path)).toBe(path);
  });
});
