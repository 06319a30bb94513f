import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { Browser, Page } from "playwright-core";
import { verdictOf } from "../../shared/worklog/verdict.js";
import type { WorklogJson } from "../../shared/worklog/worklog.js";
import { runPass } from "../analysis/runPass.js";
import { matches, parseFilter } from "../fakes/loggingServerFilter.js";
import { PROJECT_ROOT, SAMPLE_HOUR } from "../realdata/sharedData.js";
import { launchChromium } from "./chromium.js";

/** Screenshots for people to look at: not compared, just written. */
export const SCREENSHOTS = join(PROJECT_ROOT, "test-output", "screenshots");

let browser: Browser;
let dir: string;
beforeAll(async () => {
  browser = await launchChromium();
  dir = await mkdtemp(join(tmpdir(), "lg-html-"));
  await mkdir(SCREENSHOTS, { recursive: true });
}, 60_000);
afterAll(async () => browser?.close());

/** Opens a page from disk and records every request that is not the page itself, and every hook call. */
async function open(path: string, width: number): Promise<{ page: Page; requests: string[]; hooks: string[] }> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const requests: string[] = [];
  const hooks: string[] = [];
  // The hostile log text calls __hook(...) if it ever runs as script.
  await page.exposeFunction("__hook", (what: string) => hooks.push(String(what)));
  page.on("request", (r) => {
    if (r.url() !== `file://${path}`) requests.push(r.url());
  });
  await page.goto(`file://${path}`);
  return { page, requests, hooks };
}

/** The query and time range of a Logs Explorer URL. */
function logsQuery(href: string): { query: string; start: string; end: string } {
  const m = /\/logs\/query;query=([^;]*);startTime=([^;]*);endTime=([^?]*)/.exec(href);
  if (!m) throw new Error(`not a Logs Explorer URL: ${href}`);
  return { query: decodeURIComponent(m[1] as string), start: decodeURIComponent(m[2] as string), end: decodeURIComponent(m[3] as string) };
}

describe("the demo's HTML worklog in headless Chromium", () => {
  let json: WorklogJson;
  let path: string;
  beforeAll(async () => {
    const r = await runPass(SAMPLE_HOUR, join(dir, "demo"));
    json = r.json;
    path = join(dir, "demo", "checkout-api", "latest.html");
  }, 60_000);

  it("shows the verdict, one card per incident and a 60-bar timeline with the deploy marked", async () => {
    const { page, requests } = await open(path, 1280);
    const verdict = await page.locator("#verdict").textContent();
    expect(verdict).toBe(verdictOf(json).text);
    expect(verdict).toBe("checkout-api degraded since 14:12 UTC: 23% of user requests failed, crash loop after deploy of revision checkout-api-00042-vex");
    expect(await page.locator("article.card .badge").allTextContents()).toEqual(json.incidents.map((i) => i.priority));
    expect(await page.locator("#timeline-entries g.bucket").count()).toBe(60);
    expect(await page.locator("#timeline-requests g.bucket").count()).toBe(60);
    expect(await page.locator("#timeline-entries g.marker title").allTextContents()).toEqual(["14:11:40 UTC revision Ready: checkout-api-00042-vex"]);
    // Every bar's tooltip carries its numbers: the busiest error minute is the one the data table names.
    const tips = await page.locator("#timeline-entries g.bucket > title").allTextContents();
    expect(tips[12]).toMatch(/^14:12 UTC: \d+ errors/);
    // The next steps: the rollback to the revision that served healthily, and the image check.
    const steps = await page.locator("#next-steps pre").allTextContents();
    expect(steps[0]).toBe("gcloud run services update-traffic checkout-api --to-revisions=checkout-api-00041-kof=100 --region=us-central1 --project=acme-shop-prod");
    expect(steps[1]).toContain("import checkout.payments.stripe_gateway");
    expect(requests).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, "demo-1280.png"), fullPage: true });
    await page.close();
  });

  it("links each pattern to a Logs Explorer query that selects that pattern's entries", async () => {
    const { page } = await open(path, 1280);
    const raw = JSON.parse(await readFile(SAMPLE_HOUR, "utf8")) as Array<Record<string, unknown>>;
    for (const c of json.clusters.filter((x) => x.kind === "exception" || x.kind === "platform")) {
      const href = await page.locator(`tr#${c.id} a`, { hasText: "Logs" }).first().getAttribute("href");
      const q = logsQuery(href as string);
      expect(q.query).toContain('resource.labels.service_name="checkout-api"');
      for (const rev of Object.keys(c.revisions)) expect(q.query).toContain(`resource.labels.revision_name="${rev}"`);
      const node = parseFilter(q.query);
      const hits = raw.filter((e) => String(e.timestamp) >= q.start && String(e.timestamp) <= q.end && matches(node, e));
      // A chained traceback names its exception on two entries of each event.
      expect(hits.length === c.count || hits.length === 2 * c.count).toBe(true);
    }
    // The incident's link selects its root cause and its symptoms, on the revision it started with.
    const i1 = logsQuery((await page.locator("#I1 a", { hasText: "Logs for this incident" }).getAttribute("href")) as string);
    expect(i1.query).toContain('resource.labels.revision_name="checkout-api-00042-vex"');
    expect(i1.query).toContain("ModuleNotFoundError");
    const hits = raw.filter((e) => String(e.timestamp) >= i1.start && String(e.timestamp) <= i1.end && matches(parseFilter(i1.query), e)).length;
    expect(hits).toBeGreaterThanOrEqual(json.incidents[0]?.count ?? Infinity);
    // Error Reporting and Cloud Trace links come from the pattern's own ids.
    const trace = await page.locator("#I3 a", { hasText: "A trace" }).getAttribute("href");
    expect(trace).toMatch(/^https:\/\/console\.cloud\.google\.com\/traces\/list\?tid=[0-9a-f]{32}&project=acme-shop-prod$/);
    await page.close();
  });

  it("reads at 390 px (a phone) and in the dark scheme", async () => {
    const { page } = await open(path, 390);
    // Nothing but the tables and code blocks (which scroll inside their boxes) is wider than the screen.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(overflow).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(SCREENSHOTS, "demo-390.png"), fullPage: true });
    await page.emulateMedia({ colorScheme: "dark" });
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).toBe("rgb(13, 17, 23)");
    await page.screenshot({ path: join(SCREENSHOTS, "demo-390-dark.png") });
    await page.close();
  });
});

/** Log text that would run script, load something or reorder text if it were ever trusted as HTML. */
const HOSTILE = [
  `<script>__hook("script")</script>`,
  `<img src=x onerror="__hook('img')">`,
  `<svg onload="__hook('svg')"></svg>`,
  `<a href="javascript:__hook('a')">click me</a> and [md](javascript:__hook('md'))`,
  `</code></pre></td></tr></table><script>__hook("breakout")</script>`,
  `<meta http-equiv="refresh" content="0;url=https://attacker.invalid/"> <iframe src="https://attacker.invalid/"></iframe>`,
  `<style>body{display:none}</style><link rel=stylesheet href="https://attacker.invalid/x.css">`,
  `user \u202Egnp.exe\u202C admin\u200B and \u2066isolated\u2069 text`,
];

function hostileExport(): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  const t0 = Date.parse("2026-03-10T14:00:00Z");
  const resource = {
    type: "cloud_run_revision",
    labels: { project_id: "p-1", service_name: "svc", revision_name: "svc-00001-abc", configuration_name: "svc", location: "europe-west1" },
  };
  HOSTILE.forEach((text, i) => {
    for (let k = 0; k < 12; k++) {
      out.push({
        insertId: `h${i}-${k}`,
        timestamp: new Date(t0 + (i * 12 + k) * 20_000).toISOString(),
        severity: "ERROR",
        logName: "projects/p-1/logs/run.googleapis.com%2Fstderr",
        resource,
        labels: { instanceId: `inst-${k % 3}` },
        textPayload: `Error: ${text}`,
      });
    }
  });
  out.push({
    insertId: "req-1",
    timestamp: new Date(t0 + 600_000).toISOString(),
    severity: "ERROR",
    logName: "projects/p-1/logs/run.googleapis.com%2Frequests",
    resource,
    httpRequest: { requestMethod: "GET", requestUrl: `https://svc.a.run.app/<script>__hook("route")</script>/x?q="><img src=x onerror=__hook('q')>`, status: 500, latency: "0.2s" },
  });
  return out;
}

describe("hostile log text in the HTML worklog stays inert", () => {
  let path: string;
  beforeAll(async () => {
    const input = join(dir, "hostile.json");
    await writeFile(input, JSON.stringify(hostileExport()));
    await runPass(input, join(dir, "hostile"));
    path = join(dir, "hostile", "svc", "latest.html");
  }, 60_000);

  it("runs no script, loads nothing, and shows the text as text", async () => {
    const { page, requests, hooks } = await open(path, 1280);
    const html = await readFile(path, "utf8");
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;sha256-`);
    expect(await page.evaluate(() => document.querySelectorAll("script, iframe, img, link, object, embed, meta[http-equiv=refresh], form, base").length)).toBe(0);
    // Only the page's own stylesheet: log text's <style> never became an element.
    expect(await page.evaluate(() => document.querySelectorAll("style").length)).toBe(1);
    const handlers = await page.evaluate(() => [...document.querySelectorAll("*")].flatMap((el) => [...el.attributes].filter((a) => a.name.startsWith("on")).map((a) => `${el.tagName} ${a.name}`)));
    expect(handlers).toEqual([]);
    const hrefs = await page.evaluate(() => [...document.querySelectorAll("a")].map((a) => a.getAttribute("href") ?? ""));
    expect(hrefs.filter((h) => !/^(https:\/\/console\.cloud\.google\.com\/|#|[A-Za-z0-9_./-]+\.(html|md|json)$)/.test(h))).toEqual([]);
    const body = (await page.locator("body").textContent()) ?? "";
    expect(body).toContain(`<script>__hook("script")</script>`);
    expect(body).toContain(`<img src=x onerror="__hook('img')">`);
    expect(body).toContain("javascript:__hook('a')");
    // Direction overrides, isolates and zero-width characters are shown, not obeyed.
    expect(body).toContain("\\u{202E}gnp.exe\\u{202C}");
    expect(body).toContain("admin\\u{200B}");
    expect(body).toContain("\\u{2066}isolated\\u{2069}");
    expect(body).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u200b]/);
    // Clicking a javascript:-looking text does nothing either: it is not a link.
    await page.getByText("click me", { exact: false }).first().click();
    expect(hooks).toEqual([]);
    expect(requests).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, "hostile-1280.png"), fullPage: true });
    await page.close();
  });

  it("refuses script even if some got into the page: the CSP blocks it", async () => {
    const { page, hooks } = await open(path, 1280);
    // The hook itself works: a call from outside the page (not subject to the page's CSP) is counted.
    await page.evaluate(() => (window as unknown as { __hook: (w: string) => Promise<void> }).__hook("probe"));
    expect(hooks).toEqual(["probe"]);
    hooks.length = 0;
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy/.test(m.text())) violations.push(m.text());
    });
    await page.evaluate(() => {
      const s = document.createElement("script");
      s.textContent = `__hook("injected")`;
      document.body.append(s);
      const img = document.createElement("img");
      img.src = "https://attacker.invalid/pixel.png";
      document.body.append(img);
    });
    await page.waitForTimeout(200);
    expect(hooks).toEqual([]);
    expect(violations.length).toBeGreaterThanOrEqual(1);
    await page.close();
  });
});
