/** The mean of fold scores and their population standard deviation (scikit-learn's mean_test_score, std_test_score). */
export function foldSummary(foldScores: readonly number[]): { meanScore: number; stdScore: number } {
  const meanScore = foldScores.reduce((a, b) => a + b, 0) / foldScores.length;
  const variance = foldScores.reduce((sum, s) => sum + (s - meanScore) ** 2, 0) / foldScores.length;
  return { meanScore, stdScore: Math.sqrt(variance) };
}
