#!/usr/bin/env node
// Conveyor runs TypeScript directly (the CLI and the user's pipeline files), so the tsx
// loader is registered before anything else is imported.
import { register } from "tsx/esm/api";

register();
await import("../src/cli/main.ts");
