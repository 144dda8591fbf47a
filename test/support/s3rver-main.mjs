// A local S3-compatible server for tests (s3rver), in its own process like a real object store:
// node test/support/s3rver-main.mjs DIR BUCKET prints {"port":N} once it listens on 127.0.0.1.
import S3rver from "s3rver";

const [directory, bucket] = process.argv.slice(2);
const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
const { port } = await server.run();
process.stdout.write(`${JSON.stringify({ port })}\n`);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close().finally(() => process.exit(0)));
