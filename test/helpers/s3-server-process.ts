/**
 * s3rver in a process of its own, started by `startS3Server` (s3-server.ts) with
 * --openssl-legacy-provider: s3rver makes its listing continuation tokens with DES, which
 * OpenSSL 3 only has in its legacy provider. Arguments: its folder, then the buckets to create.
 * Tells its parent its port, then answers each "created" message with the objects created so far.
 */
import S3rver from "s3rver";

const [directory, ...buckets] = process.argv.slice(2);
if (directory === undefined || !process.send) throw new Error("usage: started by test/helpers/s3-server.ts with a folder and bucket names");
const send = process.send.bind(process);
const server = new S3rver({ address: "127.0.0.1", port: 0, directory, silent: true, configureBuckets: buckets.map((name) => ({ name })) });
const created: { key: string; how: string }[] = [];
// Recorded before s3rver answers the request, so a client that got its answer and then asks sees it.
server.on("event", (event) => {
  for (const record of event.Records) {
    if (record.eventName.startsWith("ObjectCreated")) created.push({ key: record.s3.object.key, how: record.eventName });
  }
});
const { port } = await server.run();
process.on("message", () => send({ created }));
process.on("disconnect", () => {
  void server.close().then(() => process.exit(0));
});
send({ port });
