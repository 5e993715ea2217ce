/**
 * `npm run build` (and `prepare`, so `npm install` and `npm pack` build too): compiles src/ to
 * dist/ as JavaScript, `.d.ts` types and source maps, from an empty dist/ so no file of a
 * deleted module is left behind.
 *
 * tsc rewrites the `.ts` specifiers of relative imports to `.js` in the JavaScript it emits but
 * not in declaration files (microsoft/TypeScript#61037). TypeScript accepts them there, yet
 * editors and other tools look for the `.js` module each names, so they are rewritten here.
 *
 * Kysely's CommonJS build is bundled into one file, dist/vendor/kysely.cjs, which the built
 * store loads (src/store/kysely/runtime.ts): requiring its 279 files was about one `node -e 0`
 * of every command that opens the store, the one file about a quarter of that.
 *
 * The SQLite store (dist/store/sqlite/open.js and the modules it imports, about 60) is bundled
 * the same way into dist/store/sqlite/bundle.js, which src/store/open.ts loads in the built
 * package. It lies beside open.js, so the paths it builds from its own URL (Kysely's bundle)
 * still hold. Its copies of modules that other parts load too (errors.ts, ids.ts) are harmless:
 * Conveyor's classes are told apart by a brand, not by `instanceof` (src/brand.ts).
 *
 * The web dashboard (ui/) is built by Vite into dist/ui, which `conveyor server` serves at `/`.
 * The command table (dist/cli/main.js), every command's module and the CLI modules they import
 * (about 30) are bundled into dist/cli/main.js, the `conveyor` command, since `conveyor --help`
 * loads every command's module. Only those go in. What they import from the rest of the package
 * stays in its own file, imported from the bundle, so a pipeline that imports `conveyor` shares
 * those modules with the command that runs it rather than getting copies (no other part imports
 * the CLI's modules, so the bundle has no copies either). And what a command imports only when
 * it runs (`import()`, as a view or the progress display) stays in its own file too: in the
 * bundle, the imports of such a module would be loaded with the bundle, by every command.
 *
 * The commands in package.json's `bin` are made executable: npm does so when it installs or
 * links the package, but a build after that (in the repository, where `npx conveyor` runs the
 * linked folder) writes them afresh without the bit.
 */
import { spawnSync } from "node:child_process";
import { chmod, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve, sep } from "node:path";
import { build } from "esbuild";

const root = join(import.meta.dirname, "..");
const dist = join(root, "dist");
const tsc = join(dirname(createRequire(import.meta.url).resolve("typescript/package.json")), "bin", "tsc");

/** A relative specifier ending in .ts, in `from "…"` and `import("…")` alike. */
const RELATIVE_TS = /(["'])(\.{1,2}\/[^"']*?)\.ts\1/g;

await rm(dist, { recursive: true, force: true });
const compiled = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], { stdio: "inherit" });
if (compiled.status !== 0) {
  console.error("build: tsc failed (see above); dist/ is incomplete");
  process.exit(1);
}
await build({
  entryPoints: [createRequire(import.meta.url).resolve("kysely")],
  outfile: join(dist, "vendor", "kysely.cjs"),
  bundle: true,
  platform: "node",
  format: "cjs",
  // Without its comments and blank space (names kept, for stack traces): 740 kB → 420 kB, which
  // V8 parses in about a quarter less time.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: "warning",
});
await build({
  entryPoints: [join(dist, "store", "sqlite", "open.js")],
  outfile: join(dist, "store", "sqlite", "bundle.js"),
  bundle: true,
  platform: "node",
  format: "esm",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});
const cli = join(dist, "cli");
const cliMain = join(cli, "main.js");
await build({
  entryPoints: [cliMain],
  outfile: cliMain,
  allowOverwrite: true,
  bundle: true,
  platform: "node",
  format: "esm",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
  plugins: [
    {
      name: "package-modules-external",
      setup(plugin) {
        plugin.onResolve({ filter: /^\.\.?\// }, ({ path, resolveDir, kind, importer }) => {
          const target = resolve(resolveDir, path);
          const inBundle = target.startsWith(`${cli}${sep}`) && (kind !== "dynamic-import" || importer === cliMain);
          if (inBundle) return undefined;
          const specifier = relative(cli, target).split(sep).join("/");
          return { path: specifier.startsWith("../") ? specifier : `./${specifier}`, external: true };
        });
      },
    },
  ],
});
// Only the bundle imports the commands' modules.
await rm(join(cli, "commands"), { recursive: true });
for (const entry of await readdir(dist, { recursive: true })) {
  if (!entry.endsWith(".d.ts")) continue;
  const file = join(dist, entry);
  const text = await readFile(file, "utf8");
  const rewritten = text.replace(RELATIVE_TS, "$1$2.js$1");
  if (rewritten !== text) await writeFile(file, rewritten);
}
const dashboard = spawnSync(process.execPath, [join(root, "node_modules", "vite", "bin", "vite.js"), "build", "--config", join(root, "ui", "vite.config.ts")], {
  stdio: "inherit",
});
if (dashboard.status !== 0) {
  console.error("build: the dashboard's build (vite) failed (see above); dist/ui is incomplete");
  process.exit(1);
}
const { bin } = JSON.parse(await readFile(join(root, "package.json"), "utf8")) as { bin: Record<string, string> };
for (const file of Object.values(bin)) await chmod(join(root, file), 0o755);
