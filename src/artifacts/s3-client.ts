/** An S3 client configured the way the AWS tools are: from the usual AWS_* environment variables. */
import { S3Client } from "@aws-sdk/client-s3";
import { ConveyorError } from "../errors.ts";

export interface S3Connection {
  client: S3Client;
  /** The endpoint, for messages: the custom one, or AWS's for the region. */
  endpoint: string;
}

/**
 * AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL names an S3-compatible server (MinIO, Ceph, s3rver,
 * ...), addressed path-style (`http://host/bucket/key`), since such servers rarely resolve
 * bucket subdomains; without one, AWS itself. AWS_REGION defaults to us-east-1. The key is
 * AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (with AWS_SESSION_TOKEN) from `env`; without
 * them the SDK looks further as the AWS tools do (AWS_PROFILE, the instance's role, ...).
 */
export function s3Connection(env: NodeJS.ProcessEnv = process.env): S3Connection {
  const custom = env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || undefined;
  if (custom !== undefined && !URL.canParse(custom)) {
    throw new ConveyorError(
      `the S3 endpoint "${custom}" (from ${env.AWS_ENDPOINT_URL_S3 ? "AWS_ENDPOINT_URL_S3" : "AWS_ENDPOINT_URL"}) is not a URL`,
      "set it to the server's URL, e.g. http://127.0.0.1:9000, or unset it to use AWS",
      "invalid_config",
    );
  }
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION || "us-east-1";
  // The SDK warns on Node 20 that its releases from 2027 will need Node 22: nothing a Conveyor
  // user can act on (the package pins its SDK), and it would print in every command's output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken } = env;
  const client = new S3Client({
    region,
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey, sessionToken } : undefined,
    endpoint: custom,
    forcePathStyle: custom !== undefined,
    // S3-compatible servers do not all know the SDK's newer default checksum headers; the
    // content's sha256 is checked on every read anyway.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    // An address nothing answers at should fail in seconds, not hang a run.
    requestHandler: { connectionTimeout: 5000 },
  });
  return { client, endpoint: custom ?? `https://s3.${region}.amazonaws.com` };
}
