import { describe, expect, it } from "@jest/globals";
import { outcomesOf, runPass, workspace, useFakeGithub } from "./githubPass.js";

const TOKEN = "ghp_R8s2kLm0Qw9ZxYt7Vb3Nc5Hd1Jf4Gp6Ue8Ai";
const BACKTICKS = "`".repeat(9);
const HOSTILE = [
  `RuntimeError: refund failed, paging @org/team about #1 <img src=x onerror=alert(1)> auth=${TOKEN}`,
  BACKTICKS,
  "</code></pre><script>alert(2)</script> @octocat fixes #2",
  `Authorization: Bearer ${TOKEN}`,
  "customer jane.doe@example.com from 203.0.113.7",
].join("\n");

/** The Markdown outside fenced code blocks and inline code spans; fails if a fence never closes. */
function outsideCode(md: string): string {
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of md.split("\n")) {
    if (fence) {
      // GFM: a closing fence is at least as long as the opening one, with nothing but spaces after.
      if (new RegExp(`^ {0,3}${fence}\`*\\s*$`).test(line)) fence = undefined;
      continue;
    }
    const open = /^ {0,3}(`{3,})/.exec(line);
    if (open) {
      fence = open[1];
      continue;
    }
    out.push(line.replace(/(`+)(?!`).*?(?<!`)\1(?!`)/g, ""));
  }
  expect(fence).toBeUndefined();
  return out.join("\n");
}

const github = useFakeGithub();

describe("log text in an issue", () => {
  it("is redacted and inert: no token, no mention, no reference, no HTML, fences intact", async () => {
    const dir = await workspace();
    expect(outcomesOf(await runPass(github(), dir, 0, [{ text: HOSTILE, count: 12 }])).map((o) => o.action)).toEqual(["created"]);
    await runPass(github(), dir, 1, [{ text: HOSTILE, count: 12 }]); // and the status comment
    const issue = github().issues.get(1);
    const comment = [...github().comments.values()][0];
    expect(issue && comment).toBeTruthy();
    const everything = [issue?.title, issue?.body, comment?.body].join("\n");
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain("R8s2kLm0Qw9ZxYt7");
    expect(everything).not.toContain("jane.doe@example.com");
    expect(everything).not.toContain("203.0.113.7");
    for (const md of [issue?.body ?? "", comment?.body ?? ""]) {
      const prose = outsideCode(md);
      expect(prose).not.toMatch(/<[a-z/]/i); // no HTML tag outside code (the <!-- markers --> are comments)
      expect(prose).not.toMatch(/@[A-Za-z]/); // no live mention
      expect(prose).not.toMatch(/#\d/); // no live reference
      expect(md.length).toBeLessThan(65_536);
    }
    // The sample is there, inside a fence longer than the log's backtick run, so it cannot break out.
    expect(issue?.body).toContain(`${"`".repeat(10)}text\n`);
    expect(issue?.body).toContain("[REDACTED email]");
    // Titles are not Markdown but GitHub links references and mentions in them.
    expect(issue?.title).not.toMatch(/@[A-Za-z]|#\d/);
    expect(issue?.title.startsWith("[P1] shop-api: RuntimeError: refund failed")).toBe(true);
    expect(github().invalid).toEqual([]);
  });
});

describe("GARDENER_ISSUE_SAMPLES=none (public repositories)", () => {
  it("files templates and counts only: no sample, no evidence text, the worklog named", async () => {
    const dir = await workspace();
    const line = "RuntimeError: refund failed for customer account 88123 while contacting the ledger";
    expect(outcomesOf(await runPass(github(), dir, 0, [{ text: line, count: 12 }], { service: "public-api", issueSamples: "none" })).map((o) => o.action)).toEqual(["created"]);
    const issue = [...github().issues.values()].find((i) => i.labels.includes("service:public-api"));
    expect(issue?.body).not.toContain("## Sample");
    expect(issue?.body).not.toContain("88123");
    expect(issue?.body).toContain("GARDENER_ISSUE_SAMPLES=none");
    expect(issue?.body).toMatch(/- Worklog: `[^`]+public-api[^`]+\.md`/);
  });
});

describe("issue body size", () => {
  it("stays under GitHub's 65,536 characters whatever the log text", async () => {
    const { issueSnapshot } = await import("../../shared/issues/issueSnapshot.js");
    const huge = (n: number) => `ValueError: ${"x`@#<".repeat(n)}`;
    const cluster = (i: number) => ({
      fingerprint: `f${String(i).padStart(15, "0")}`,
      aliases: [],
      kind: "message" as const,
      template: huge(20_000),
      count: 5,
      bySeverity: { ERROR: 5 },
      inferredSeverity: 0,
      firstMs: Date.parse("2026-03-02T00:01:00Z"),
      lastMs: Date.parse("2026-03-02T00:59:00Z"),
      perMinute: new Map<number, number>(),
      samples: [huge(50_000)],
      instances: new Set(["a"]),
      revisions: new Map(Array.from({ length: 300 }, (_, r) => [`rev-${r}-${"y".repeat(200)}`, 1] as [string, number])),
      traces: new Set<string>(),
    });
    const clusters = Array.from({ length: 200 }, (_, i) => cluster(i));
    const s = issueSnapshot({
      service: "shop-api",
      window: { start: "2026-03-02T00:00:00Z", end: "2026-03-02T01:00:00Z" },
      worklogLocation: "/tmp/x.md",
      incident: { rootCause: clusters[0] as (typeof clusters)[0], clusters, priority: "P1", priorityReasons: Array(100).fill(huge(1000)), title: huge(1000), evidence: Array(100).fill(huge(1000)) },
    });
    expect(s.body.length).toBeLessThan(65_536);
    expect(s.status.length).toBeLessThan(65_536);
    expect(s.title.length).toBeLessThanOrEqual(120);
    expect(s.body).toContain("- … and 184 more in the worklog"); // symptoms beyond 15
    expect(s.body).toContain("and 290 more"); // revisions beyond 10
  });
});
