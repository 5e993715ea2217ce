/** The drift reference samples and scipy's values for them (see fixtures/drift/README.md). */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

const folder = new URL("./fixtures/drift/", import.meta.url);

export function readFixtureText(file: string): string {
  return readFileSync(new URL(file, folder), "utf8");
}

/** One float per line. */
export function readSample(file: string): Float64Array {
  return Float64Array.from(readFixtureText(file).trim().split("\n"), Number);
}

export function sha256OfFixture(file: string): string {
  return createHash("sha256")
    .update(readFileSync(new URL(file, folder)))
    .digest("hex");
}
