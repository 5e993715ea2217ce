/**
 * scikit-learn's rule: stop when none of the last `patience` scores beats the score just
 * before them by more than `tol`. Scores are negated losses, higher is better; scores[0] is
 * the baseline's.
 */
export function shouldStop(scores: readonly number[], patience: number, tol: number): boolean {
  if (scores.length < patience + 1) return false;
  const reference = scores[scores.length - patience - 1]! + tol;
  return scores.slice(-patience).every((score) => !(score > reference));
}
