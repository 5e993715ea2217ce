/** The dashboard's build: `npm run build` (scripts/build.ts) writes it to dist/ui, which `conveyor server` serves at `/`. */
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/",
  plugins: [react()],
  logLevel: "warn",
  build: {
    outDir: fileURLToPath(new URL("../dist/ui", import.meta.url)),
    emptyOutDir: true,
    // Served compressed by the server; its size report only slows the build.
    reportCompressedSize: false,
    chunkSizeWarningLimit: 1024,
  },
});
