/** A Dataset's profile (per column: type, counts, summary statistics, top values, histogram), computed from the whole table. */
import type { ArtifactStore } from "../artifacts/types.ts";
import { ConveyorError } from "../errors.ts";
import type { DatasetProfile } from "../ml/profile/profile-table.ts";
import type { ArtifactRecord } from "../store/types.ts";

/** A profile reads every row into memory: larger datasets are refused rather than let one request hold the server's memory. */
export const PROFILE_LIMIT = 64 * 1024 * 1024;

const DATASET_TYPES = new Set(["application/vnd.apache.parquet", "text/csv"]);

export async function profileDataset(artifacts: ArtifactStore, artifact: ArtifactRecord): Promise<DatasetProfile> {
  if (!DATASET_TYPES.has(artifact.mediaType)) {
    throw new ConveyorError(
      `artifact ${artifact.id} (${artifact.type}, ${artifact.mediaType}) has no profile`,
      "only Parquet and CSV datasets have one; download it from /content instead",
      "no_preview",
    );
  }
  if (artifact.size > PROFILE_LIMIT) {
    throw new ConveyorError(
      `artifact ${artifact.id} is ${artifact.size} bytes, more than the ${PROFILE_LIMIT} bytes the server profiles`,
      "profile it in a pipeline (the profileData component), or download it from /content",
      "too_large_to_profile",
    );
  }
  // Checks the digest first, as the preview does.
  const path = await artifacts.open(artifact.uri, artifact.digest);
  const [{ readDatasetFile }, { profileTable }] = await Promise.all([import("../ml/dataset-file.ts"), import("../ml/profile/profile-table.ts")]);
  return profileTable(await readDatasetFile(path, artifact.mediaType));
}
