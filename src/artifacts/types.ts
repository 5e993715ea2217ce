/**
 * The artifact store: content-addressed files. The metadata store records what an artifact
 * is (type, media type, lineage); this store only keeps bytes under their sha256 digest.
 */

export interface StoredContent {
  /** "sha256:<hex>" of the content. */
  digest: string;
  /** Where the content lives, e.g. "file:///abs/.conveyor/artifacts/sha256/ab/cdef...". */
  uri: string;
  size: number;
}

export interface ArtifactStore {
  /**
   * The folder where one attempt of a task writes its outputs before they are ingested.
   * Created if missing and never emptied, so asking twice gives the same folder and files.
   */
  stagingDir(runId: string, taskName: string, attempt: number): Promise<string>;
  /** Where `stagingDir` puts that folder, without creating it. */
  stagingPath(runId: string, taskName: string, attempt: number): string;
  /**
   * Removes an ended attempt's staging folder (outputs it did not hand over, its scratch
   * `workDir`), or a whole run's once it ended. Nothing there is needed afterwards: outputs
   * were ingested, and a resumed or retried task gets a new attempt and folder.
   */
  discardStaging(runId: string, attempt?: { taskName: string; number: number }): Promise<void>;
  /**
   * Stores a finished output file's content under its digest. Content already stored is kept,
   * not rewritten. The staged file stays until `settle`. `mediaType` is for stores that keep
   * it with the bytes (an object store's Content-Type); the local store does not.
   */
  ingest(stagedFilePath: string, options: { mediaType: string }): Promise<StoredContent>;
  /**
   * Called once the artifact's record is committed: makes sure the content is still stored
   * (a garbage collection running at the same moment may have taken content that no record
   * needed until this one), then removes the staged file.
   */
  settle(stagedFilePath: string, uri: string): Promise<void>;
  /**
   * A local path holding the artifact's content, checked against `expectedDigest`.
   * Throws a ConveyorError with code "corrupt_artifact" when missing or different.
   */
  open(uri: string, expectedDigest: string): Promise<string>;
  /** Throws a ConveyorError with code "corrupt_artifact" when the content is missing or different. */
  verify(uri: string, digest: string): Promise<void>;
  /**
   * Where the artifact's content is on this machine, without checking or fetching it: the file
   * of a file:// artifact, or a remote store's local copy, which `open` and `verify` make sure of.
   */
  localPath(uri: string): string;
  /** Whether the store holds content at `uri` with `size` bytes (unverified: a cheap check for a cache hit). */
  has(uri: string, size: number): Promise<boolean>;
  /** Every content file the store holds, recorded or not, as `ingest` described it (unverified). */
  contents(): AsyncIterable<StoredContent>;
}

/** What `conveyor gc` needs of an artifact store besides reading and writing content. */
export interface CollectableArtifactStore extends ArtifactStore {
  /**
   * Deletes the content at `uri` when it is this store's and, once it is out of the way,
   * `referenced()` says no record needs it (else puts it back). True when it was deleted.
   */
  remove(uri: string, referenced: () => Promise<boolean>): Promise<boolean>;
  /** Finishes or undoes what a `remove` stopped half-way left set aside; returns how many it found. */
  restoreSetAside(): Promise<number>;
  /** Removes temporary content a writer stopped half-way left, changed before `changedBefore` (ms since the epoch). */
  removeStaleTemporaries(changedBefore: number): Promise<{ files: number; bytes: number }>;
}
