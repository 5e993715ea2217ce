/**
 * Chromium for the dashboard's browser tests and bench: Debian's, driven by playwright-core,
 * with the dashboard built first when its sources are newer. A failed step saves a screenshot
 * (CONVEYOR_TEST_ARTIFACTS, or a folder under the system's temporary folder) and names it in the error.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
const REPO = fileURLToPath(new URL("../..", import.meta.url));
const BUILT = join(REPO, "dist", "ui", "index.html");
export const ARTIFACTS = process.env.CONVEYOR_TEST_ARTIFACTS ?? join(tmpdir(), "conveyor-ui-artifacts");

/** Why the browser tests cannot run here, or undefined when they can. */
export function skipReason(): string | undefined {
  return existsSync(CHROMIUM) ? undefined : `no Chromium at ${CHROMIUM}: install it (apt-get install chromium) to run the dashboard's browser tests`;
}

function newestUnder(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/**
 * Builds the dashboard into dist/ui when it is missing or older than its sources (npm install
 * builds it; an edit since would otherwise go untested). A lock folder keeps two test files
 * from building at once.
 */
export async function ensureDashboardBuilt(): Promise<void> {
  const lock = join(REPO, "dist", ".ui-build-lock");
  mkdirSync(join(REPO, "dist"), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  try {
    const sources = Math.max(newestUnder(join(REPO, "ui")), newestUnder(join(REPO, "src", "ir")));
    if (existsSync(BUILT) && statSync(BUILT).mtimeMs >= sources) return;
    const built = spawnSync(process.execPath, [join(REPO, "node_modules", "vite", "bin", "vite.js"), "build", "--config", join(REPO, "ui", "vite.config.ts")], {
      encoding: "utf8",
    });
    assert.equal(built.status, 0, `building the dashboard failed:\n${built.stdout}${built.stderr}`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Runs `body`; when it throws, saves a screenshot of `page` named after `name` and says where in the error. */
export async function step(page: Page, name: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = join(ARTIFACTS, `${name.replace(/[^\w-]+/g, "-")}-${Date.now()}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => {});
    if (error instanceof Error) error.message += `\n(screenshot: ${file})`;
    throw error;
  }
}

