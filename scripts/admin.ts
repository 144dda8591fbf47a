import { parseArgs } from "node:util";
import { closeDb, getDb } from "@/db/client";
import { revokeApiKey } from "@/db/queries/accounts";
import { getBalance } from "@/db/queries/ledger";
import { getUserByEmail, setUserPasswordHash } from "@/db/queries/users";
import { hashPassword } from "@/lib/auth/password";
import { Password } from "@/lib/auth/schemas";
import { createInvitation } from "@/lib/auth/invitations";
import { setApiKeyRateLimit } from "@/db/queries/rate-limits";
import { createAccount } from "@/lib/accounts/create-account";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { CAPABILITIES, type Capability } from "@/lib/api-keys/generate-api-key";
import { dollarsToMicros, microsToDollars } from "@/lib/billing/pricing";
import { grantCredit } from "@/lib/billing/grant-credit";
import { setAccountWebhook } from "@/lib/webhooks/set-account-webhook";
import { DEFAULT_RATE_LIMIT_PER_HOUR } from "@/lib/constants";
import { reembedCollection } from "@/lib/collections/reembed-collection";
import { getTextEmbedder } from "@/lib/embeddings";

const USAGE = `Tessera operator commands (npm run admin -- <command> [options])

  create-account --name NAME [--credit DOLLARS] [--key-name NAME]
      Creates an account, grants the opening credit and prints its first API key.
  grant-credit (--account ACCOUNT_ID | --email USER_EMAIL) --amount DOLLARS [--note TEXT]
      Adds credit (a negative amount debits) as an 'adjustment' in the ledger. --email finds
      the account of a console user (the console's Billing page shows this command).
  create-key --account ACCOUNT_ID [--name NAME] [--capabilities read,write,delete]
      Prints a new API key for the account. The secret is shown only once.
  invite --account ACCOUNT_ID --email EMAIL [--base-url URL]
      Prints a one-time console invitation link (7 days). The first person to join an account
      that has no console users yet becomes its owner; later ones join as admins.
  set-password --email EMAIL
      Sets a console user's password, read from the first line of standard input (so it stays
      out of shell history): printf '%s\n' 'new password' | npm run admin -- set-password --email a@b
      Tessera sends no e-mail, so this is how a forgotten password is reset.
  revoke-key --account ACCOUNT_ID --key KEY_ID
  set-rate-limit --account ACCOUNT_ID --key KEY_ID --per-hour N|default
      Sets how many requests an hour the key may make (default ${DEFAULT_RATE_LIMIT_PER_HOUR}).
  balance (--account ACCOUNT_ID | --email USER_EMAIL)
  set-webhook --account ACCOUNT_ID (--url URL | --clear)
      Sets the account's webhook endpoint (batch.completed for every batch) and prints the
      signing secret, which also signs per-batch callback_url deliveries.
  reembed --account ACCOUNT_ID --collection NAME [--space text]
      Re-embeds the collection's stored chunks with the text provider configured now
      (TEXT_EMBEDDINGS / COLLECTION_EMBEDDINGS) into a new index, then swaps it in and drops
      the old one. Search keeps working during the run; a crash leaves the old index live.

Needs DATABASE_URL: run it while \`npm start\` is running (it prints the URL), or set it.`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    name: { type: "string" },
    credit: { type: "string" },
    "key-name": { type: "string" },
    account: { type: "string" },
    email: { type: "string" },
    "base-url": { type: "string" },
    amount: { type: "string" },
    note: { type: "string" },
    capabilities: { type: "string" },
    key: { type: "string" },
    url: { type: "string" },
    clear: { type: "boolean" },
    "per-hour": { type: "string" },
    collection: { type: "string" },
    space: { type: "string" },
    help: { type: "boolean" },
  },
});

function required(name: keyof typeof values): string {
  const value = values[name];
  if (typeof value !== "string" || !value) throw new Error(`--${name} is required.\n\n${USAGE}`);
  return value;
}

function dollars(name: "credit" | "amount"): number {
  const raw = values[name] ?? "0";
  const amount = Number(raw);
  if (!Number.isFinite(amount)) throw new Error(`--${name} must be a number of dollars, e.g. 25 or 9.50`);
  return dollarsToMicros(amount);
}

async function readStdinLine(): Promise<string> {
  let data = "";
  for await (const chunk of process.stdin) {
    data += chunk;
    if (data.includes("\n")) break;
  }
  return data.split("\n")[0] ?? "";
}

/** --account, or the account of the console user with --email. */
async function accountId(db: ReturnType<typeof getDb>): Promise<string> {
  if (values.account || !values.email) return required("account");
  const user = await getUserByEmail(db, { email: values.email });
  if (!user) throw new Error(`No console user has the email ${values.email}.`);
  return user.accountId;
}

async function main(): Promise<void> {
  const db = getDb();
  switch (positionals[0]) {
    case "create-account": {
      const { account, key } = await createAccount(db, { name: required("name"), creditMicros: dollars("credit"), keyName: values["key-name"] ?? "default" });
      console.log(`account:  ${account.id} (${account.name})`);
      console.log(`balance:  $${microsToDollars((await getBalance(db, { accountId: account.id })) ?? 0).toFixed(2)}`);
      console.log(`api key:  ${key.secret}`);
      console.log("          (shown once: store it now)");
      return;
    }
    case "grant-credit": {
      const result = await grantCredit(db, { accountId: await accountId(db), amountMicros: dollars("amount"), description: values.note ?? "Operator adjustment" });
      console.log(`balance: $${microsToDollars(result.balanceAfterMicros).toFixed(2)}`);
      return;
    }
    case "create-key": {
      const capabilities = (values.capabilities ?? CAPABILITIES.join(",")).split(",").map((c) => c.trim());
      const unknown = capabilities.filter((c) => !(CAPABILITIES as readonly string[]).includes(c));
      if (unknown.length) throw new Error(`Unknown capabilities: ${unknown.join(", ")} (use ${CAPABILITIES.join(", ")})`);
      const key = await createApiKey(db, { accountId: required("account"), name: values.name ?? "default", capabilities: capabilities as Capability[] });
      console.log(`key id:   ${key.id}\napi key:  ${key.secret}\n          (shown once: store it now)`);
      return;
    }
    case "invite": {
      const { token, expiresAt } = await createInvitation(db, { accountId: required("account"), email: required("email"), invitedByUserId: null });
      const base = (values["base-url"] ?? "http://localhost:3000").replace(/\/$/, "");
      console.log(`invitation: ${base}/invite/${token}\n            (works once, until ${expiresAt.toISOString()})`);
      return;
    }
    case "set-password": {
      const line = (await readStdinLine()).replace(/\r$/, "");
      const parsed = Password.safeParse(line);
      if (!parsed.success) throw new Error(`The password: ${parsed.error.issues[0]?.message}`);
      const updated = await setUserPasswordHash(db, { email: required("email"), passwordHash: await hashPassword(parsed.data) });
      console.log(updated ? "password set" : "no console user has that email");
      if (!updated) process.exitCode = 1;
      return;
    }
    case "revoke-key": {
      const revoked = await revokeApiKey(db, { accountId: required("account"), id: required("key") });
      console.log(revoked ? "revoked" : "no such active key in that account");
      if (!revoked) process.exitCode = 1;
      return;
    }
    case "set-rate-limit": {
      const raw = required("per-hour");
      const perHour = raw === "default" ? null : Number(raw);
      if (perHour !== null && (!Number.isSafeInteger(perHour) || perHour < 1)) throw new Error("--per-hour must be a whole number of at least 1, or 'default'");
      const updated = await setApiKeyRateLimit(db, { accountId: required("account"), keyId: required("key"), perHour });
      console.log(updated ? `rate limit: ${perHour ?? `default (${DEFAULT_RATE_LIMIT_PER_HOUR})`} requests an hour` : "no such key in that account");
      if (!updated) process.exitCode = 1;
      return;
    }
    case "balance": {
      const balance = await getBalance(db, { accountId: await accountId(db) });
      if (balance === null) throw new Error("no such account");
      console.log(`$${microsToDollars(balance).toFixed(2)}`);
      return;
    }
    case "set-webhook": {
      const url = values.clear ? null : required("url");
      const { secret } = await setAccountWebhook(db, { accountId: required("account"), url });
      console.log(url ? `webhook:  ${url}` : "webhook:  cleared");
      console.log(`secret:   ${secret}\n          (verify the Tessera-Signature header with it; keep it private)`);
      return;
    }
    case "reembed": {
      // Pictures are not kept after processing, so only the text space can be rebuilt from storage.
      if ((values.space ?? "text") !== "text") throw new Error("Only --space text can be re-embedded: pictures are not kept after processing; submit the media again.");
      const name = required("collection");
      const result = await reembedCollection({ accountId: required("account"), name, embedder: await getTextEmbedder(name), log: (line) => console.log(line) });
      const label = (m: { provider: string; model: string; dimension: number } | null) => (m ? `${m.provider}/${m.model} (${m.dimension}-d)` : "none");
      console.log(`${result.outcome}: '${result.collection}' ${label(result.from)} -> ${label(result.to)}, ${result.chunks} chunks`);
      return;
    }
    default:
      console.log(USAGE);
      if (!values.help && positionals[0]) process.exitCode = 1;
  }
}

main()
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(closeDb);
