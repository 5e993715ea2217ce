/** Who is making a registry change, for the audit trail: $USER, else the operating system's account name. */
import { userInfo } from "node:os";

export function currentActor(): string {
  if (process.env.USER) return process.env.USER;
  try {
    return userInfo().username;
  } catch {
    // No passwd entry (some containers): better an honest "unknown" than no record.
    return "unknown";
  }
}
