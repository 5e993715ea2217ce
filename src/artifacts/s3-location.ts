/** Where an S3 artifact store keeps content: `s3://bucket/prefix/sha256/<2 hex>/<62 hex>`. */
import { ConveyorError } from "../errors.ts";

export interface S3Location {
  bucket: string;
  /** The key prefix, "" or ending in "/". */
  prefix: string;
}

/** S3's bucket naming rules (lowercase letters, digits, dots and hyphens; 3 to 63 characters). */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Parses `s3://bucket` or `s3://bucket/some/prefix`; `from` names where the URL came from, for the error. */
export function parseS3Url(url: string, from: string): S3Location {
  const match = /^s3:\/\/([^/]*)\/*(.*)$/.exec(url);
  const bucket = match?.[1] ?? "";
  if (!BUCKET_NAME.test(bucket)) {
    throw new ConveyorError(
      `"${url}" (from ${from}) does not name an S3 bucket`,
      "use the form s3://bucket/prefix, where the bucket name has 3 to 63 lowercase letters, digits, dots and hyphens",
      "invalid_config",
    );
  }
  const path = (match?.[2] ?? "").replace(/\/+$/, "");
  return { bucket, prefix: path === "" ? "" : `${path}/` };
}

/** The key of content `hex` under the store's prefix. */
export function contentKey(location: S3Location, hex: string): string {
  return `${location.prefix}sha256/${hex.slice(0, 2)}/${hex.slice(2)}`;
}

/** The key prefix every content key starts with, for listing. */
export function contentPrefix(location: S3Location): string {
  return `${location.prefix}sha256/`;
}

export function s3Uri(location: S3Location, key: string): string {
  return `s3://${location.bucket}/${key}`;
}

/** The content digest's hex of a content key of this store, undefined for any other key. */
export function hexOfKey(location: S3Location, key: string): string | undefined {
  if (!key.startsWith(contentPrefix(location))) return undefined;
  const match = /^([0-9a-f]{2})\/([0-9a-f]{62})$/.exec(key.slice(contentPrefix(location).length));
  return match ? `${match[1]}${match[2]}` : undefined;
}

/** The content key a URI of this store names, undefined for a URI of anywhere else. */
export function keyOfUri(location: S3Location, uri: string): string | undefined {
  const head = `s3://${location.bucket}/`;
  if (!uri.startsWith(head)) return undefined;
  const key = uri.slice(head.length);
  return hexOfKey(location, key) === undefined ? undefined : key;
}
