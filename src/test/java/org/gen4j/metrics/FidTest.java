package org.gen4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class FidTest {

    static GaussianFit fit(double[] mean, double[][] cov) {
        return new GaussianFit(mean, new DMatrixRMaj(cov), 1000);
    }

    /**
     * For 2x2 covariances, Tr((S1 S2)^(1/2)) = sqrt(Tr(S1 S2) + 2 sqrt(det S1 det S2)), because the
     * eigenvalues l1, l2 of S1 S2 satisfy (sqrt l1 + sqrt l2)^2 = l1 + l2 + 2 sqrt(l1 l2).
     */
    @Test
    void equalsTheClosedFormForNonCommutingCovariances() {
        double[][] s1 = {{2.0, 0.8}, {0.8, 1.0}}, s2 = {{1.5, -0.6}, {-0.6, 0.7}};
        double[] m1 = {0.3, -1.2}, m2 = {1.1, 0.4};
        double trS1S2 = s1[0][0] * s2[0][0] + s1[0][1] * s2[1][0] + s1[1][0] * s2[0][1] + s1[1][1] * s2[1][1];
        double det1 = s1[0][0] * s1[1][1] - s1[0][1] * s1[1][0], det2 = s2[0][0] * s2[1][1] - s2[0][1] * s2[1][0];
        double traceSqrt = Math.sqrt(trS1S2 + 2 * Math.sqrt(det1 * det2));
        double expected = Math.pow(m1[0] - m2[0], 2) + Math.pow(m1[1] - m2[1], 2) + (s1[0][0] + s1[1][1]) + (s2[0][0] + s2[1][1])
                - 2 * traceSqrt;
        // S1 S2 is not symmetric: the matrices do not commute
        assertThat(s1[0][0] * s2[0][1] + s1[0][1] * s2[1][1]).isNotCloseTo(s1[1][0] * s2[0][0] + s1[1][1] * s2[1][0], within(1e-3));
        double fid = Fid.distance(fit(m1, s1), fit(m2, s2));
        assertThat(fid).isCloseTo(expected, within(1e-6 * expected));
        assertThat(Fid.distance(fit(m2, s2), fit(m1, s1))).isCloseTo(expected, within(1e-6 * expected));
    }

    @Test
    void isZeroForIdenticalFitsAndTheMeanGapForEqualCovariances() {
        double[][] s = {{1.0, 0.3, 0.0}, {0.3, 2.0, 0.5}, {0.0, 0.5, 1.5}};
        assertThat(Fid.distance(fit(new double[3], s), fit(new double[3], s))).isCloseTo(0, within(1e-9));
        assertThat(Fid.distance(fit(new double[] {1, 2, 2}, s), fit(new double[3], s))).isCloseTo(9, within(1e-9));
    }

    /** Fewer samples than dimensions give singular covariances; the distance stays finite and exact. */
    @Test
    void singularCovariancesFromFewSamplesAreHandled() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(4);
            NDArray a = m.randomNormal(new Shape(20, 64)), b = m.randomNormal(new Shape(20, 64)).add(0.5);
            GaussianFit fa = GaussianFit.of(a), fb = GaussianFit.of(b);
            assertThat(Fid.distance(fa, fa)).isCloseTo(0, within(1e-6));
            double d = Fid.distance(fa, fb);
            assertThat(d).isFinite().isGreaterThan(0);
            // a rank-deficient matrix's square root still squares back to it
            DMatrixRMaj r = Fid.symmetricSqrt(fa.covariance()), sq = new DMatrixRMaj(64, 64);
            org.ejml.dense.row.CommonOps_DDRM.mult(r, r, sq);
            for (int i = 0; i < 64 * 64; i++) {
                assertThat(sq.get(i)).isCloseTo(fa.covariance().get(i), within(1e-8));
            }
        }
    }

    @Test
    void fitIsTheUnbiasedMeanAndCovariance() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new double[] {1, 2, 3, 6, 5, 4}, new Shape(3, 2)).toType(DataType.FLOAT32, false);
            GaussianFit f = GaussianFit.of(x);
            assertThat(f.mean()).containsExactly(3, 4);
            // deviations (-2,-2), (0,2), (2,0): covariance [[8, 4], [4, 8]] / 2
            assertThat(f.covariance().get(0, 0)).isCloseTo(4, within(1e-9));
            assertThat(f.covariance().get(0, 1)).isCloseTo(2, within(1e-9));
            assertThat(f.covariance().get(1, 1)).isCloseTo(4, within(1e-9));
        }
    }
}
