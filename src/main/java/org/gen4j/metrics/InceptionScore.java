package org.gen4j.metrics;

/**
 * Inception Score (Salimans et al. 2016, section 4):
 * {@code exp(E_x KL(p(y|x) || p(y)))}, computed on each of {@code splits} equal parts of the
 * samples, with p(y) the part's mean prediction; the result is the mean and standard deviation
 * over the parts. It ranges from 1 (every sample gets the same prediction) to the number of
 * classes (confident predictions spread evenly over all classes).
 */
public final class InceptionScore {

    /** Mean and standard deviation over splits. */
    public record Result(double mean, double std) {}

    private InceptionScore() {}

    /**
     * @param probs class probabilities {@code [N][K]}, rows summing to 1
     * @param splits number of parts (10 in the paper's protocol)
     */
    public static Result compute(float[][] probs, int splits) {
        int n = probs.length;
        if (n < splits) {
            throw new IllegalArgumentException("IS needs at least one sample per split: " + n + " samples, " + splits + " splits");
        }
        int k = probs[0].length;
        double[] scores = new double[splits];
        for (int s = 0; s < splits; s++) {
            int from = s * n / splits, to = (s + 1) * n / splits;
            double[] marginal = new double[k];
            for (int i = from; i < to; i++) {
                for (int c = 0; c < k; c++) {
                    marginal[c] += probs[i][c];
                }
            }
            for (int c = 0; c < k; c++) {
                marginal[c] /= to - from;
            }
            double kl = 0;
            for (int i = from; i < to; i++) {
                for (int c = 0; c < k; c++) {
                    double p = probs[i][c];
                    if (p > 0) {
                        kl += p * (Math.log(p) - Math.log(marginal[c]));
                    }
                }
            }
            scores[s] = Math.exp(kl / (to - from));
        }
        double mean = 0;
        for (double v : scores) {
            mean += v;
        }
        mean /= splits;
        double var = 0;
        for (double v : scores) {
            var += (v - mean) * (v - mean);
        }
        return new Result(mean, Math.sqrt(var / splits));
    }
}
