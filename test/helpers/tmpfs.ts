/** A small tmpfs for tests of a full disk: the real ENOSPC and SQLITE_FULL, not a simulated one. */
import { execFileSync } from "node:child_process";

/** Mounts a tmpfs of `size` at `dir`; false when this machine does not let us (not root, or no mount). */
export function mountTmpfs(dir: string, size: string): boolean {
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", dir], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
