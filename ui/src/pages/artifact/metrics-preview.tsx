/**
 * A Metrics artifact: its scores as a table and, for a classifier's evaluation (evaluate-model),
 * the confusion matrix and each class's ROC and precision-recall curves.
 */
import { useMemo } from "react";
import type { Json } from "../../api/types.ts";
import { formatValue } from "../../components/format.ts";
import { type Curve, CurveChart } from "./curve-chart.tsx";

interface ClassCurves {
  label: Json;
  roc: { fpr: number[]; tpr: number[] };
  precisionRecall: { precision: number[]; recall: number[] };
}

interface Evaluation {
  scores?: Record<string, number>;
  unavailable?: Record<string, string>;
  confusionMatrix?: { labels: Json[]; matrix: number[][] };
  curves?: ClassCurves[];
}

/** The scores: evaluate-model's `scores`, or else every number at the top (a metrics file a user logged). */
function scoresOf(content: { [key: string]: Json }): [string, Json][] {
  const scores = content.scores;
  if (scores && typeof scores === "object" && !Array.isArray(scores)) return Object.entries(scores);
  return Object.entries(content).filter(([, v]) => typeof v !== "object" || v === null);
}

function ConfusionMatrix({ labels, matrix }: { labels: Json[]; matrix: number[][] }) {
  return (
    <div className="table-scroll">
      <table aria-label="confusion matrix" className="confusion">
        <caption className="muted small">rows: true class · columns: predicted class</caption>
        <thead>
          <tr>
            <th scope="col">true \ predicted</th>
            {labels.map((l) => (
              <th key={String(l)} scope="col">
                {String(l)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {matrix.map((row, i) => (
            <tr key={String(labels[i])}>
              <th scope="row">{String(labels[i])}</th>
              {row.map((n, j) => (
                <td key={String(labels[j])} className={i === j ? "diagonal" : undefined}>
                  {n}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function MetricsPreview({ content }: { content: { [key: string]: Json } }) {
  const evaluation = content as unknown as Evaluation;
  const scores = scoresOf(content);
  const [roc, pr] = useMemo((): [Curve[], Curve[]] => {
    const curves = evaluation.curves ?? [];
    return [
      curves.map((c) => ({ label: String(c.label), x: c.roc.fpr, y: c.roc.tpr })),
      curves.map((c) => ({ label: String(c.label), x: c.precisionRecall.recall, y: c.precisionRecall.precision })),
    ];
  }, [evaluation.curves]);
  return (
    <>
      <h2>Metrics</h2>
      {scores.length === 0 ? (
        <p className="muted">This metrics file holds no values at its top level.</p>
      ) : (
        <table aria-label="metrics" className="kv">
          <tbody>
            {scores.map(([name, value]) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                <td className="mono">{formatValue(value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {evaluation.unavailable && Object.keys(evaluation.unavailable).length > 0 && (
        <ul className="muted small" aria-label="unavailable metrics">
          {Object.entries(evaluation.unavailable).map(([name, why]) => (
            <li key={name}>
              {name}: {why}
            </li>
          ))}
        </ul>
      )}
      {evaluation.confusionMatrix && (
        <>
          <h2>Confusion matrix</h2>
          <ConfusionMatrix labels={evaluation.confusionMatrix.labels} matrix={evaluation.confusionMatrix.matrix} />
        </>
      )}
      {roc.length > 0 && (
        <>
          <h2>Curves</h2>
          <div className="charts">
            <CurveChart title="ROC curve" xLabel="false positive rate" yLabel="true positive rate" curves={roc} />
            <CurveChart title="Precision-recall curve" xLabel="recall" yLabel="precision" curves={pr} />
          </div>
        </>
      )}
    </>
  );
}
