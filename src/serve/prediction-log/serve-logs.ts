/** The two logs a model server keeps side by side: what it answered, and the labels posted for it. */
import { type FeedbackLog, openFeedbackLog } from "./feedback-log.ts";
import { PredictionLog, type PredictionLogOptions } from "./prediction-log.ts";

export interface ServeLogs {
  readonly predictions: PredictionLog;
  readonly labels: FeedbackLog;
  /** Writes what both hold and stops them. */
  close(): Promise<void>;
}

/** Opens the prediction log (`sample` applies to it) and the feedback log, in the same project folder and store. */
export async function openServeLogs(options: PredictionLogOptions): Promise<ServeLogs> {
  const predictions = await PredictionLog.open(options);
  const { sample: _sample, ...shared } = options;
  let labels: FeedbackLog;
  try {
    labels = await openFeedbackLog(shared);
  } catch (error) {
    await predictions.close();
    throw error;
  }
  return {
    predictions,
    labels,
    close: async () => {
      await Promise.all([predictions.close(), labels.close()]);
    },
  };
}
