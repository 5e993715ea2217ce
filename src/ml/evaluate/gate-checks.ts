import { ConveyorError } from "../../errors.ts";
import { metricDirection } from "./metric-direction.ts";

/** One check of a model gate, as its report shows it. */
export interface GateCheck {
  readonly metric: string;
  /** "min": value >= threshold; "max": value <= threshold; "champion": beats the champion's value by threshold. */
  readonly rule: "min" | "max" | "champion";
  readonly threshold: number;
  readonly value: number;
  /** The champion's score, for a "champion" check. */
  readonly champion?: number;
  readonly passed: boolean;
}

export interface GateThresholds {
  readonly min: Readonly<Record<string, number>>;
  readonly max: Readonly<Record<string, number>>;
}

/** The min and max checks of evaluation scores; a metric the scores lack fails its check by name. */
export function thresholdChecks(scores: Readonly<Record<string, number>>, { min, max }: GateThresholds): GateCheck[] {
  const checks = (rule: "min" | "max", bounds: Readonly<Record<string, number>>) => {
    if (typeof bounds !== "object" || bounds === null || Array.isArray(bounds)) {
      throw new ConveyorError(`${rule} must map metric names to numbers, got ${JSON.stringify(bounds)}`, `e.g. { "accuracy": 0.9 }`, "invalid_param");
    }
    return Object.entries(bounds).map(([metric, threshold]) => {
      metricDirection(metric);
      if (typeof threshold !== "number" || !Number.isFinite(threshold)) {
        throw new ConveyorError(`${rule} threshold of "${metric}" is ${JSON.stringify(threshold)}`, "give a number", "invalid_param");
      }
      const value = scoreOf(scores, metric);
      return { metric, rule, threshold, value, passed: rule === "min" ? value >= threshold : value <= threshold };
    });
  };
  return [...checks("min", min), ...checks("max", max)];
}

/**
 * The candidate must beat the champion on the metric by at least `minImprovement`: by that
 * much more for a score, that much less for an error or loss. 0 means "at least as good".
 */
export function championCheck(
  candidate: Readonly<Record<string, number>>,
  champion: Readonly<Record<string, number>>,
  metric: string,
  minImprovement: number,
): GateCheck {
  const direction = metricDirection(metric);
  const value = scoreOf(candidate, metric);
  const championValue = scoreOf(champion, metric, "the champion's");
  return {
    metric,
    rule: "champion",
    threshold: minImprovement,
    value,
    champion: championValue,
    passed: direction * (value - championValue) >= minImprovement,
  };
}

/** One line per failed check, with numbers shown precisely enough to see why they failed. */
export function describeFailure(check: GateCheck): string {
  const value = shown(check.value, check.champion ?? check.threshold);
  if (check.rule === "min") return `${check.metric} ${value} is below the minimum ${check.threshold}`;
  if (check.rule === "max") return `${check.metric} ${value} is above the maximum ${check.threshold}`;
  const champion = shown(check.champion!, check.value);
  const needed = check.threshold === 0 ? "at least as good as" : `better by at least ${check.threshold} than`;
  return `${check.metric} ${value} is not ${needed} the champion's ${champion}`;
}

function scoreOf(scores: Readonly<Record<string, number>>, metric: string, whose = "the model's"): number {
  const value = scores[metric];
  if (value === undefined) {
    throw new ConveyorError(
      `${whose} evaluation has no "${metric}" score`,
      `gate on one of its scores: ${Object.keys(scores).join(", ")}`,
      "invalid_param",
    );
  }
  return value;
}

/** Four significant digits, or as many more as it takes to tell the value from `other`. */
function shown(value: number, other: number): string {
  let digits = 4;
  while (digits < 17 && Number(value.toPrecision(digits)) === other && value !== other) digits++;
  return String(Number(value.toPrecision(digits)));
}
