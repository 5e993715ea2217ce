/**
 * Failures of talking to an S3 artifact store that the user fixes outside Conveyor: a bucket that
 * does not exist, credentials the server refuses, an endpoint nothing answers at. Each becomes a
 * ConveyorError naming the bucket and endpoint and what to do, instead of the SDK's
 * `UnknownError` or `connect ECONNREFUSED`.
 */
import { ConveyorError } from "../errors.ts";

export interface S3Target {
  bucket: string;
  endpoint: string;
}

interface SdkError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

const REFUSED_CREDENTIALS = new Set([
  "InvalidAccessKeyId",
  "SignatureDoesNotMatch",
  "AccessDenied",
  "InvalidToken",
  "ExpiredToken",
  "TokenRefreshRequired",
]);
const UNREACHABLE = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ECONNRESET"]);

/** Whether the object (not the bucket) a request named does not exist. */
export function isMissingObject(error: unknown): boolean {
  const { name, $metadata } = error as SdkError;
  return name === "NoSuchKey" || (name === "NotFound" && $metadata?.httpStatusCode === 404);
}

/**
 * `error` explained when it is one of those failures; otherwise `error` itself (a missing
 * object among them: callers handle that first, with isMissingObject).
 */
export function explainS3Error(error: unknown, target: S3Target): unknown {
  const { name, code, message, $metadata } = error as SdkError;
  const where = `s3://${target.bucket} at ${target.endpoint}`;
  const status = $metadata?.httpStatusCode;
  if (name === "NoSuchBucket") {
    return new ConveyorError(
      `the artifact bucket ${where} does not exist`,
      `create it (e.g. \`aws s3 mb s3://${target.bucket}\`, with --endpoint-url for your server), or set CONVEYOR_ARTIFACTS to an existing bucket`,
      "bucket_not_found",
    );
  }
  if (REFUSED_CREDENTIALS.has(name ?? "") || status === 403) {
    return new ConveyorError(
      `the artifact store ${where} refused the credentials (${name === "Unknown" || !name ? `HTTP ${status}` : name})`,
      "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE) to a key that may read and write the bucket",
      "credentials_refused",
    );
  }
  if (name === "CredentialsProviderError") {
    return new ConveyorError(
      `no credentials for the artifact store ${where}`,
      "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE) to a key that may read and write the bucket",
      "credentials_refused",
    );
  }
  if (UNREACHABLE.has(code ?? "") || name === "TimeoutError") {
    return new ConveyorError(
      `cannot reach the artifact store ${where} (${code ?? message})`,
      "start the S3 server, or set AWS_ENDPOINT_URL to where it listens (unset, it is AWS's endpoint for AWS_REGION)",
      "artifact_store_unreachable",
    );
  }
  return error;
}
