import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after } from "node:test";

/** A fresh directory removed when the test file finishes, and a way to write files in it. */
export async function tempDir(): Promise<{
  path: (name: string) => string;
  write: (name: string, content: string | Buffer) => Promise<string>;
}> {
  const dir = await mkdtemp(join(tmpdir(), "conveyor-ml-"));
  after(() => rm(dir, { recursive: true, force: true }));
  const path = (name: string) => join(dir, name);
  return {
    path,
    write: async (name, content) => {
      await writeFile(path(name), content);
      return path(name);
    },
  };
}
