import type { Json } from "../json.ts";

/** An artifact as a task reads it: its record, and a local path holding its verified content. */
export interface ResolvedArtifact {
  path: string;
  uri: string;
  digest: string;
  size: number;
  type: string;
  mediaType: string;
  metadata: Record<string, Json>;
}
