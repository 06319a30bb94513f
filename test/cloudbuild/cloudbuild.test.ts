import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "@jest/globals";
import { parse } from "yaml";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

interface Step {
  id?: string;
  name?: string;
  entrypoint?: string;
  args?: string[];
  script?: string;
  env?: string[];
}
interface CloudBuild {
  steps: Step[];
  substitutions?: Record<string, string>;
  options?: { logging?: string };
  timeout?: string;
  serviceAccount?: string;
}

/** What a step runs, as one command line (entrypoint + args, or its script). */
const commandOf = (s: Step): string => s.script ?? [s.entrypoint ?? imageCommand(s.name ?? ""), ...(s.args ?? [])].join(" ");
/** The image's own entrypoint when the step gives none (only the images this pipeline uses). */
const imageCommand = (image: string): string => (image.startsWith("hashicorp/terraform") ? "terraform" : "");

/** The test command of the README's quick start: the `npm test` line of its first sh block. */
function readmeTestCommand(): string {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const block = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
  const line = block.split("\n").find((l) => /^npm (run )?test\b/.test(l.trim()));
  if (!line) throw new Error("README.md's quick start has no npm test line");
  return (line.split("#")[0] as string).trim();
}

let build: CloudBuild;
beforeAll(() => {
  build = parse(readFileSync(join(ROOT, "cloudbuild.yaml"), "utf8")) as CloudBuild;
});

describe("cloudbuild.yaml", () => {
  it("runs the README's test command", () => {
    const command = readmeTestCommand();
    expect(command).toBe("npm test");
    expect(build.steps.filter((s) => commandOf(s) === command).map((s) => s.id)).toEqual(["test"]);
  });

  it("installs from the lockfile, typechecks, tests, builds, packages, then fmt, init, validate, the secret, plan and apply", () => {
    expect(build.steps.map((s) => s.id)).toEqual([
      "npm-ci",
      "typecheck",
      "test",
      "build",
      "package",
      "terraform-fmt",
      "terraform-vars",
      "terraform-init",
      "terraform-validate",
      "terraform-secret",
      "terraform-plan",
      "terraform-apply",
    ]);
    const byId = Object.fromEntries(build.steps.map((s) => [s.id, commandOf(s)]));
    expect(byId["npm-ci"]).toMatch(/^npm ci\b/);
    expect(byId.typecheck).toBe("npm run typecheck");
    expect(byId.build).toBe("npm run build");
    expect(byId.package).toContain('getFunction("logGardener")');
    expect(byId["terraform-fmt"]).toMatch(/^terraform fmt -check -recursive\b/);
    expect(byId["terraform-init"]).toMatch(/^terraform -chdir=terraform\/examples\/basic init\b.* -lockfile=readonly\b/);
    expect(byId["terraform-validate"]).toMatch(/^terraform -chdir=terraform\/examples\/basic validate$/);
    expect(byId["terraform-plan"]).toMatch(/^terraform -chdir=terraform\/examples\/basic plan .*-out=tfplan/);
  });

  it("gives every step a unique id", () => {
    const ids = build.steps.map((s) => s.id);
    expect(ids.every((id) => typeof id === "string" && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("pins every tool image by digest, with its tag in a comment beside it", () => {
    const text = readFileSync(join(ROOT, "cloudbuild.yaml"), "utf8");
    const lines = text.split("\n").filter((l) => /^\s+name: /.test(l));
    expect(lines).toHaveLength(build.steps.length);
    for (const line of lines) {
      const m = /^\s+name: ([a-z0-9./-]+)@sha256:[0-9a-f]{64} # ([a-z0-9./-]+):(\d+\.\d+\.\d+[\w.-]*)$/.exec(line);
      expect({ line, pinned: m !== null && m[1] === m[2] }).toEqual({ line, pinned: true });
    }
    for (const s of build.steps) expect(s.name).toMatch(/^[a-z0-9./-]+@sha256:[0-9a-f]{64}$/);
    // The node image is the function's runtime major (nodejs22).
    const nodeTags = lines.filter((l) => / # node:/.test(l)).map((l) => / # node:(\S+)$/.exec(l)?.[1]);
    expect(nodeTags.length).toBeGreaterThan(0);
    expect(nodeTags.every((t) => t?.startsWith("22."))).toBe(true);
    // One digest per image: a tag and its digest cannot drift apart between steps.
    const byImage = new Map<string, Set<string>>();
    for (const l of lines) {
      const [, image, digest] = /name: ([^@]+)@(sha256:[0-9a-f]+)/.exec(l) ?? [];
      byImage.set(image as string, (byImage.get(image as string) ?? new Set()).add(digest as string));
    }
    for (const digests of byImage.values()) expect(digests.size).toBe(1);
  });

  it("runs as the deployer account with a timeout longer than the default 600 s", () => {
    expect(build.serviceAccount).toMatch(/^projects\/\$PROJECT_ID\/serviceAccounts\/[a-z][a-z0-9-]+@\$PROJECT_ID\.iam\.gserviceaccount\.com$/);
    const seconds = Number(/^(\d+)s$/.exec(build.timeout ?? "")?.[1]);
    expect(seconds).toBeGreaterThan(600);
    expect(seconds).toBeLessThanOrEqual(24 * 3600);
  });

  it("runs the example as the accounts terraform/deployer made", () => {
    const vars = build.steps.find((s) => s.id === "terraform-vars") as Step;
    expect(commandOf(vars)).toContain("create_service_accounts: false");
  });

  it("applies only the saved plan, and only when _APPLY=true; with _APPLY=secret only the secret", () => {
    expect(build.substitutions?._APPLY).toBe("false");
    const apply = build.steps.find((s) => s.id === "terraform-apply") as Step;
    expect(apply.env).toContain("APPLY=${_APPLY}");
    const script = commandOf(apply);
    expect(script).toMatch(/if \[ "\$\$APPLY" = "true" \]; then\s+terraform -chdir=terraform\/examples\/basic apply -input=false tfplan/);
    const secret = commandOf(build.steps.find((s) => s.id === "terraform-secret") as Step);
    expect(secret).toMatch(/if \[ "\$\$APPLY" = "secret" \]; then\s+terraform -chdir=terraform\/examples\/basic apply -input=false -auto-approve -target=module\.log_gardener\.google_secret_manager_secret\.github\n/);
    const applies = build.steps.filter((s) => / apply\b/.test(commandOf(s)));
    expect(applies.map((s) => s.id)).toEqual(["terraform-secret", "terraform-apply"]);
    // _APPLY is checked before anything runs: a typo is not a silent plan-only build.
    expect(commandOf(build.steps.find((s) => s.id === "terraform-vars") as Step)).toContain('["false", "secret", "true"].includes(e.APPLY)');
  });

  it("logs to Cloud Logging only (needed when the build runs as its own service account)", () => {
    expect(build.options?.logging).toBe("CLOUD_LOGGING_ONLY");
  });

  it("uses only substitutions it declares or Cloud Build provides", () => {
    const text = readFileSync(join(ROOT, "cloudbuild.yaml"), "utf8").replace(/^\s*#.*$/gm, "");
    const used = [...text.matchAll(/(?<!\$)\$\{?(_[A-Z0-9_]+)/g)].map((m) => m[1] as string);
    expect(used.filter((u) => !(u in (build.substitutions ?? {})))).toEqual([]);
  });
});
