package org.gen4j.models.ncpvae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import java.util.SplittableRandom;
import org.gen4j.train.Adam;
import org.gen4j.train.StepRandom;
import org.junit.jupiter.api.Test;

/** SIR, Langevin dynamics and the NCE loss against closed forms on 1-D Gaussians. */
class ReweightedSamplingTest {

    /** {@code log N(z; mu, s^2) - log N(z; 0, 1)}: the density ratio q / p of q = N(mu, s^2) to p = N(0, 1). */
    private static double logRatio(double z, double mu, double s) {
        return -Math.log(s) - (z - mu) * (z - mu) / (2 * s * s) + z * z / 2;
    }

    @Test
    void sirResamplesProposalsOfThePriorIntoTheTarget() {
        // proposals from p = N(0, 1), weights r = q / p for q = N(1, 0.5^2): the chosen ones follow q
        SplittableRandom rng = new SplittableRandom(7);
        int rows = 4000, m = 200;
        double sum = 0, sumSq = 0;
        float[] logW = new float[m];
        double[] z = new double[m];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < m; j++) {
                z[j] = rng.nextGaussian();
                logW[j] = (float) logRatio(z[j], 1, 0.5);
            }
            double chosen = z[ReweightedSampling.choose(logW, 0, m, rng.nextDouble())];
            sum += chosen;
            sumSq += chosen * chosen;
        }
        double mean = sum / rows, var = sumSq / rows - mean * mean;
        assertThat(mean).isCloseTo(1.0, within(0.04));
        assertThat(var).isCloseTo(0.25, within(0.03));
    }

    @Test
    void sirPicksByCumulativeWeightsAndOneProposalIsItself() {
        float[] logW = {0, 0, 0, 0, (float) Math.log(4)}; // weights 1, 1, 1, 1, 4 of 8 (from offset 1: 1, 1, 1, 4 of 7)
        assertThat(ReweightedSampling.choose(logW, 0, 5, 0.0)).isZero();
        assertThat(ReweightedSampling.choose(logW, 0, 5, 0.374)).isEqualTo(2);
        assertThat(ReweightedSampling.choose(logW, 0, 5, 0.376)).isEqualTo(3);
        assertThat(ReweightedSampling.choose(logW, 0, 5, 0.5)).isEqualTo(4);
        assertThat(ReweightedSampling.choose(logW, 1, 4, 3.5 / 7)).isEqualTo(3);
        assertThat(ReweightedSampling.choose(new float[] {1000, -1000}, 0, 1, 0.99)).isZero();
        // huge log weights do not overflow
        assertThat(ReweightedSampling.choose(new float[] {1000, 1000 + (float) Math.log(3)}, 0, 2, 0.3)).isEqualTo(1);
    }

    @Test
    void oneLangevinStepOnAGaussianEnergyMovesTowardTheModeAtRateEtaOverTwo() {
        try (NDManager m = NDManager.newBaseManager()) {
            double mu = 0.7, sigma = 0.3, eta = 0.2, a = 1.5;
            NDArray mean = m.full(new Shape(3), (float) mu), logSigma = m.full(new Shape(3), (float) Math.log(sigma));
            float[] e0 = {-2f, 0.5f, 3f}, xi = {0.3f, -1f, 0.1f};
            NDArray noise = m.create(xi);
            // log r = 0: E(z) = (z - mu)^2 / (2 sigma^2); in eps = (z - mu) / sigma one step gives eps (1 - eta / 2) + sqrt(eta) xi
            float[] z1 = ReweightedSampling.langevin(mean, logSigma, m.create(e0), z -> z.sum(new int[] {0}).mul(0).reshape(1), 1, eta,
                    t -> noise).toFloatArray();
            // log r(z) = a z: the target N(mu + a sigma^2, sigma^2), whose mode is at eps = a sigma
            float[] z2 = ReweightedSampling.langevin(mean, logSigma, m.create(e0), z -> z.mul(a), 1, eta, t -> noise).toFloatArray();
            for (int i = 0; i < 3; i++) {
                double plain = e0[i] * (1 - eta / 2) + Math.sqrt(eta) * xi[i];
                assertThat((double) z1[i]).isCloseTo(mu + sigma * plain, within(1e-5));
                double tilted = e0[i] - eta / 2 * (e0[i] - a * sigma) + Math.sqrt(eta) * xi[i];
                assertThat((double) z2[i]).isCloseTo(mu + sigma * tilted, within(1e-5));
            }
            // the plain step: z - eta / 2 grad E + sqrt(eta) xi on E = (x - mu)^2 / (2 s^2)
            NDArray x = m.create(new float[] {2f}), grad = x.sub(mu).div(sigma * sigma);
            float step = ReweightedSampling.langevinStep(x, grad, eta, m.create(new float[] {0.5f})).getFloat();
            assertThat((double) step).isCloseTo(2 - eta / 2 * (2 - mu) / (sigma * sigma) + Math.sqrt(eta) * 0.5, within(1e-5));
        }
    }

    @Test
    void langevinChainsSettleOnTheReweightedPriorWithTheUnadjustedSchemesVariance() {
        try (NDManager m = NDManager.newBaseManager()) {
            int chains = 4000, steps = 150;
            double mu = -0.5, sigma = 2, eta = 0.2, a = 0.4;
            NDArray mean = m.full(new Shape(chains), (float) mu), logSigma = m.full(new Shape(chains), (float) Math.log(sigma));
            StepRandom random = new StepRandom(3, 0);
            float[] z = ReweightedSampling.langevin(mean, logSigma, m.zeros(new Shape(chains)), x -> x.mul(a), steps, eta,
                    t -> random.normal(m, chains)).toFloatArray();
            double s = 0, ss = 0;
            for (float v : z) {
                s += (v - mu) / sigma;
                ss += ((v - mu) / sigma) * ((v - mu) / sigma);
            }
            double eMean = s / chains, eVar = ss / chains - eMean * eMean;
            // target in eps: N(a sigma, 1); the unadjusted scheme's stationary variance is 1 / (1 - eta / 4)
            assertThat(eMean).isCloseTo(a * sigma, within(0.06));
            assertThat(eVar).isCloseTo(1 / (1 - eta / 4), within(0.07));
        }
    }

    @Test
    void theNceLossAtItsOptimumGivesTheDensityRatio() {
        // q = N(1, 0.5^2) against p = N(0, 1): log q / p = (ln 2 - 2) + 4 z - 1.5 z^2, quadratic,
        // so a logistic classifier on (1, z, z^2) can reach it; its logit must be log r = log q / p
        try (NDManager m = NDManager.newBaseManager()) {
            int n = 20000;
            SplittableRandom rng = new SplittableRandom(11);
            float[] q = new float[n], p = new float[n];
            for (int i = 0; i < n; i++) {
                q[i] = (float) (1 + 0.5 * rng.nextGaussian());
                p[i] = (float) rng.nextGaussian();
            }
            NDArray zq = m.create(q), zp = m.create(p);
            NDArray w = m.zeros(new Shape(3));
            w.setRequiresGradient(true);
            Adam adam = new Adam(m, Map.of("w", w), 0.05, 0.9, 0.999, 1e-8);
            for (int t = 0; t < 800; t++) {
                if (t == 500) {
                    adam.setLearningRate(0.01);
                }
                try (ai.djl.training.GradientCollector c = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                    c.backward(NcpVae.nceLoss(quadratic(w, zq), quadratic(w, zp)));
                }
                adam.step();
            }
            for (double z : new double[] {-0.5, 0, 0.5, 1, 1.5, 2}) {
                double logR = quadratic(w, m.create(new float[] {(float) z})).getFloat();
                assertThat(logR).as("log r(%s)", z).isCloseTo(logRatio(z, 1, 0.5), within(0.12));
            }
        }
    }

    private static NDArray quadratic(NDArray w, NDArray z) {
        return w.get(0).add(w.get(1).mul(z)).add(w.get(2).mul(z.square()));
    }
}
