import { randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { rm } from "node:fs/promises";
import type { Readable } from "node:stream";
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  type S3Client,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { ConveyorError } from "../errors.ts";
import { hashStaged } from "./blob-file.ts";
import { ContentCache } from "./content-cache.ts";
import { digestHex } from "./digest.ts";
import { explainS3Error, isMissingObject } from "./s3-errors.ts";
import { contentKey, contentPrefix, hexOfKey, keyOfUri, type S3Location, s3Uri } from "./s3-location.ts";
import { StagingArea } from "./staging.ts";
import type { CollectableArtifactStore, StoredContent } from "./types.ts";

export interface S3ArtifactStoreOptions {
  /** The project folder: tasks stage their outputs, and read their inputs, under its `.conveyor/`. */
  root: string;
  location: S3Location;
  client: S3Client;
  /** The endpoint, for messages. */
  endpoint: string;
  /**
   * Files larger than this go up in parts of this size, several at once (S3's smallest part is
   * 5 MiB); smaller ones in one request.
   */
  partSize?: number;
}

const DEFAULT_PART_SIZE = 16 * 1024 * 1024;
/** Parts of one upload in flight at once: a large model goes up several times faster, in 4 parts' memory. */
const PARTS_AT_ONCE = 4;
/** A gc's set-aside copy: `<prefix>sha256/<2 hex>/.<62 hex>.<uuid>.gc`, which `contents` skips. */
const SET_ASIDE = /^(.*sha256\/[0-9a-f]{2}\/)\.([0-9a-f]{62})\.[0-9a-f-]{36}\.gc$/;

/**
 * Content-addressed objects at `s3://bucket/<prefix>sha256/<2 hex>/<62 hex>`, for a team or a
 * fleet of workers sharing one store. Tasks still read and write local files: outputs are
 * staged on this machine and uploaded (in parts when large), inputs are downloaded into a
 * local cache, checked against their digest as they arrive, and reused from there.
 */
export class S3ArtifactStore implements CollectableArtifactStore {
  readonly #location: S3Location;
  readonly #client: S3Client;
  readonly #endpoint: string;
  readonly #partSize: number;
  readonly #staging: StagingArea;
  readonly #cache: ContentCache;

  constructor(options: S3ArtifactStoreOptions) {
    this.#location = options.location;
    this.#client = options.client;
    this.#endpoint = options.endpoint;
    this.#partSize = options.partSize ?? DEFAULT_PART_SIZE;
    this.#staging = new StagingArea(options.root);
    this.#cache = new ContentCache(options.root);
  }

  /** Where the store is, for messages: `s3://bucket/prefix at endpoint`. */
  get location(): string {
    return `${s3Uri(this.#location, this.#location.prefix)} at ${this.#endpoint}`;
  }

  /**
   * Fails with a clear error when the bucket does not exist, the credentials are refused or the
   * endpoint does not answer. A listing, not a HEAD: its error has a body naming the cause, and
   * `conveyor gc` needs the permission to list. Of a prefix no content key has (they go on with
   * two hex digits), so it costs the same whatever the bucket holds.
   */
  async check(): Promise<void> {
    const probe = new ListObjectsV2Command({ Bucket: this.#location.bucket, Prefix: `${contentPrefix(this.#location)}probe`, MaxKeys: 1 });
    await this.#explained(this.#client.send(probe));
  }

  stagingDir(runId: string, taskName: string, attempt: number): Promise<string> {
    return this.#staging.dir(runId, taskName, attempt);
  }

  stagingPath(runId: string, taskName: string, attempt: number): string {
    return this.#staging.path(runId, taskName, attempt);
  }

  discardStaging(runId: string, attempt?: { taskName: string; number: number }): Promise<void> {
    return this.#staging.discard(runId, attempt);
  }

  async ingest(stagedFilePath: string, options: { mediaType: string }): Promise<StoredContent> {
    const { hex, size } = await hashStaged(stagedFilePath);
    const key = contentKey(this.#location, hex);
    // An object of the right size under its digest is this content: keys are only ever written
    // with the content they name, and a damaged one is found (and named) when it is read.
    if ((await this.#size(key)) !== size) await this.#upload(stagedFilePath, key, options.mediaType);
    await this.#cache.keep(stagedFilePath, hex);
    return { digest: `sha256:${hex}`, uri: s3Uri(this.#location, key), size };
  }

  async settle(stagedFilePath: string, uri: string): Promise<void> {
    const key = this.#key(uri);
    // Gone only if `conveyor gc` took it between ingest and the record: the staged copy restores
    // it (without its Content-Type, which only a browser would read: the record keeps the media type).
    if ((await this.#size(key)) === undefined) await this.#upload(stagedFilePath, key, "application/octet-stream");
    await rm(stagedFilePath, { force: true });
  }

  async has(uri: string, size: number): Promise<boolean> {
    const key = keyOfUri(this.#location, uri);
    return key !== undefined && (await this.#size(key)) === size;
  }

  async open(uri: string, expectedDigest: string): Promise<string> {
    const key = this.#key(uri);
    const hex = digestHex(expectedDigest);
    return this.#cache.fetch(hex, uri, async () => {
      try {
        const { Body } = await this.#explained(this.#client.send(new GetObjectCommand({ Bucket: this.#location.bucket, Key: key })));
        // The SDK types the body for browsers too; in Node it is a Readable.
        return Body as Readable | undefined;
      } catch (error) {
        if (isMissingObject(error)) return undefined;
        throw error;
      }
    });
  }

  async verify(uri: string, digest: string): Promise<void> {
    await this.open(uri, digest);
  }

  localPath(uri: string): string {
    const key = this.#key(uri);
    return this.#cache.path(hexOfKey(this.#location, key) as string);
  }

  async *contents(): AsyncIterable<StoredContent> {
    for await (const { key, size } of this.#list()) {
      const hex = hexOfKey(this.#location, key);
      if (hex !== undefined) yield { digest: `sha256:${hex}`, uri: s3Uri(this.#location, key), size };
    }
  }

  /**
   * As the local store does: the object is set aside (copied to a dot-key `contents` skips, then
   * deleted) before `referenced()` is asked, and put back when a run recorded it meanwhile.
   * With `settle`, which restores an object taken before its record, every recorded artifact
   * keeps its content whichever runs first.
   */
  async remove(uri: string, referenced: () => Promise<boolean>): Promise<boolean> {
    const key = keyOfUri(this.#location, uri);
    if (key === undefined) return false;
    const hex = hexOfKey(this.#location, key) as string;
    const trash = `${key.slice(0, key.lastIndexOf("/") + 1)}.${hex.slice(2)}.${randomUUID()}.gc`;
    try {
      await this.#copy(key, trash);
    } catch (error) {
      if (isMissingObject(error)) return false;
      throw error;
    }
    await this.#delete(key);
    if (await referenced()) {
      await this.#copy(trash, key);
      await this.#delete(trash);
      return false;
    }
    await this.#delete(trash);
    await this.#cache.forget(hex);
    return true;
  }

  async restoreSetAside(): Promise<number> {
    let found = 0;
    for await (const { key } of this.#list()) {
      const setAside = SET_ASIDE.exec(key);
      if (!setAside) continue;
      found += 1;
      const blob = `${setAside[1]}${setAside[2]}`;
      if ((await this.#size(blob)) === undefined) await this.#copy(key, blob);
      await this.#delete(key);
    }
    return found;
  }

  /**
   * None to remove: an object appears only whole (a put, or a multipart upload once completed).
   * The parts of an upload a killed process left are not objects; a bucket lifecycle rule
   * (AbortIncompleteMultipartUpload) removes them, as S3 recommends.
   */
  async removeStaleTemporaries(_changedBefore: number): Promise<{ files: number; bytes: number }> {
    return { files: 0, bytes: 0 };
  }

  /** The content key a URI of this store names; a clear error for any other URI. */
  #key(uri: string): string {
    const key = keyOfUri(this.#location, uri);
    if (key !== undefined) return key;
    throw new ConveyorError(
      `artifact URI ${uri} is not in the artifact store ${this.location}`,
      "this artifact lives in another artifact store; run with the CONVEYOR_ARTIFACTS that recorded it",
      "unsupported_uri",
    );
  }

  /** The object's size, undefined when there is no such object. */
  async #size(key: string): Promise<number | undefined> {
    try {
      const head = await this.#explained(this.#client.send(new HeadObjectCommand({ Bucket: this.#location.bucket, Key: key })));
      return head.ContentLength;
    } catch (error) {
      if (isMissingObject(error)) return undefined;
      throw error;
    }
  }

  async #upload(path: string, key: string, mediaType: string): Promise<void> {
    const upload = new Upload({
      client: this.#client,
      params: { Bucket: this.#location.bucket, Key: key, Body: createReadStream(path), ContentType: mediaType },
      partSize: this.#partSize,
      queueSize: PARTS_AT_ONCE,
    });
    try {
      await upload.done();
    } catch (error) {
      throw explainS3Error(error, this.#target);
    }
  }

  async #copy(from: string, to: string): Promise<void> {
    const source = `${this.#location.bucket}/${from}`.split("/").map(encodeURIComponent).join("/");
    await this.#explained(this.#client.send(new CopyObjectCommand({ Bucket: this.#location.bucket, Key: to, CopySource: source })));
  }

  async #delete(key: string): Promise<void> {
    await this.#explained(this.#client.send(new DeleteObjectCommand({ Bucket: this.#location.bucket, Key: key })));
  }

  async *#list(): AsyncIterable<{ key: string; size: number }> {
    let token: string | undefined;
    do {
      const list = new ListObjectsV2Command({ Bucket: this.#location.bucket, Prefix: contentPrefix(this.#location), ContinuationToken: token });
      const page = await this.#explained(this.#client.send(list));
      for (const object of page.Contents ?? []) {
        if (object.Key !== undefined) yield { key: object.Key, size: object.Size ?? 0 };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
  }

  get #target() {
    return { bucket: this.#location.bucket, endpoint: this.#endpoint };
  }

  /** `request`, its failure explained when it is the user's to fix (explainS3Error). */
  async #explained<T>(request: Promise<T>): Promise<T> {
    try {
      return await request;
    } catch (error) {
      throw explainS3Error(error, this.#target);
    }
  }
}
