#!/usr/bin/env node
// The `conveyor` command run from the repository's TypeScript sources, for developing Conveyor
// (tests, the demo): the tsx loader is registered before anything else is imported. The package's
// own `conveyor` command is the compiled dist/cli/main.js (package.json "bin"); this file is not
// shipped.
import { register } from "tsx/esm/api";

register();
await import("../src/cli/main.ts");
