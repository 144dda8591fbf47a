#!/usr/bin/env node
// `npx tessera` from the checkout (package.json "bin"): the CLI is TypeScript, run through tsx.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../cli/main.ts");
await main(process.argv);
