/**
 * Prints the grant table of the deployment (who holds which role on what, and when), read from the
 * Terraform of terraform/, terraform/modules/identities and terraform/deployer: the table the README's
 * Deploy section shows (a test keeps the two equal).
 *
 *   npm run build && node dist/scripts/deployGrants.js
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { grantTable, grantTableMarkdown } from "../test/terraform/grantTable.js";
import { loadTfDir } from "../test/terraform/tfConfig.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = [resolve(here, ".."), resolve(here, "../..")].find((d) => existsSync(join(d, "terraform", "iam.tf")));
if (!root) {
  process.stderr.write("deployGrants: terraform/iam.tf not found above this script\n");
  process.exit(2);
}
const load = (d: string) => loadTfDir(join(root, "terraform", d));
const [module, identities, deployer] = await Promise.all([load(""), load("modules/identities"), load("deployer")]);
process.stdout.write(`${grantTableMarkdown(grantTable({ module, identities, deployer }))}\n`);
