import { ConveyorError } from "../errors.ts";

/** `--port`: a whole number from 0 (a free port) to 65535. */
export function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new ConveyorError(`--port must be a whole number from 0 to 65535, got "${value}"`, "e.g. --port 4000 (0 picks a free port)", "invalid_option");
  }
  return n;
}

/** Listens, turning the address errors a user can fix into a ConveyorError naming the address. */
export async function listenOn(listen: () => Promise<string>, host: string, portNumber: number): Promise<string> {
  try {
    return await listen();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EADDRINUSE" && code !== "EACCES" && code !== "EADDRNOTAVAIL") throw error;
    throw new ConveyorError(`cannot listen on ${host}:${portNumber} (${code})`, "choose another --port or --host", "listen_failed");
  }
}
