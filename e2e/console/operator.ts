import { execFileSync } from "node:child_process";
import path from "node:path";

/** What an operator types: `npm run admin -- grant-credit --email ... --amount ...`, against the test database. */
export function grantCredit({ email, dollars }: { email: string; dollars: number }): string {
  const tsx = path.resolve("node_modules/.bin/tsx");
  return execFileSync(tsx, ["scripts/admin.ts", "grant-credit", "--email", email, "--amount", String(dollars), "--note", "Operator grant (test)"], {
    env: process.env,
    encoding: "utf8",
  });
}
