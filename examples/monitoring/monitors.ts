/**
 * The example's monitor, typed: `conveyor monitors run examples/monitoring/monitors.ts` judges
 * the windows of the champion's answers in the project's prediction log (see docs/monitoring.md).
 */
import { monitor } from "../../src/index.ts";

export default monitor({
  name: "iris-watch",
  model: "models:/iris@champion",
  // The reference is, by default, the data the champion was trained on (its lineage says which).
  window: { rows: 50 },
  correction: "benjaminiHochberg",
  // One drifted window is noise; two in a row raise the alert.
  consecutiveWindows: 2,
  quality: { maxOutOfRange: 0.1 },
  performance: { maxDrop: 0.1, minLabels: 20 },
});
