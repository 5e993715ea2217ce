import { ConveyorError } from "../../errors.ts";
import { component, param } from "../../sdk/index.ts";

/** A quality gate: fails the task, and so halts the pipeline, when accuracy is too low. */
export const checkModel = component({
  name: "check-model",
  version: "1",
  description: "Fail unless the model's accuracy reaches minAccuracy",
  inputs: {
    accuracy: param.number({ description: "the accuracy to check, e.g. evaluate-classifier's" }),
    minAccuracy: param.number({ min: 0, max: 1 }),
  },
  outputs: { passed: param.boolean() },
  run: ({ accuracy, minAccuracy }, ctx) => {
    // Rounded down, so the accuracy shown is never at or above the threshold it missed.
    const shown = Math.floor(accuracy * 10_000) / 10_000;
    if (accuracy < minAccuracy) {
      throw new ConveyorError(
        `accuracy ${shown} is below minAccuracy ${minAccuracy}`,
        "improve the model or its data, or lower minAccuracy",
        "gate_failed",
      );
    }
    ctx.log.info(`accuracy ${shown} reaches minAccuracy ${minAccuracy}`);
    return { passed: true };
  },
});
