import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", "node_modules/**", ".data/**", ".test-data/**", "next-env.d.ts", "test/fixtures/**"],
  },
  {
    // Tests read untyped JSON response bodies; production code keeps explicit types.
    files: ["test/**", "e2e/**", "**/*.test.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    // Every console spec runs with the page-error fixture (e2e/console/fixtures.ts).
    files: ["e2e/console/**/*.spec.ts"],
    rules: {
      "no-restricted-imports": ["error", { paths: [{ name: "@playwright/test", message: "Import test and expect from ./fixtures: it fails a test on page errors, error boundaries and console errors." }] }],
    },
  },
  {
    // One query layer: keys, fetches and cached shapes live in lib/console/queries.ts.
    files: ["components/**/*.tsx", "components/**/*.ts", "app/**/*.tsx"],
    rules: {
      "no-restricted-syntax": ["error", { selector: "Property[key.name='queryKey']", message: "Use a factory from lib/console/queries.ts instead of a queryKey literal." }],
    },
  },
];

export default config;
