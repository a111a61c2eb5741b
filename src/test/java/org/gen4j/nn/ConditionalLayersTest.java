package org.gen4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.gen4j.ManagedTest;
import org.gen4j.Tensors;
import org.gen4j.train.StepRandom;
import org.junit.jupiter.api.Test;

/** Batch norm, conditional batch norm, self-attention and the projection head against closed forms. */
class ConditionalLayersTest extends ManagedTest {

    NDArray random(long seed, long... shape) {
        return new StepRandom(seed, 0).normal(m, shape);
    }

    @Test
    void batchNormInTrainingModeStandardisesEveryChannelOverTheBatchAndMovesTheRunningStatistics() {
        BatchNorm2d bn = new BatchNorm2d(m, 3);
        NDArray x = random(1, 4, 3, 2, 2).mul(3).add(5);
        NDArray y = bn.forward(x);
        float[] v = y.toFloatArray();
        float[] xv = x.toFloatArray();
        for (int c = 0; c < 3; c++) {
            double sum = 0, sq = 0, xs = 0, xsq = 0;
            for (int n = 0; n < 4; n++) {
                for (int p = 0; p < 4; p++) {
                    int i = (n * 3 + c) * 4 + p;
                    sum += v[i];
                    sq += v[i] * v[i];
                    xs += xv[i];
                    xsq += xv[i] * xv[i];
                }
            }
            assertThat(sum / 16).isCloseTo(0, within(1e-5));
            assertThat(sq / 16).isCloseTo(1, within(1e-3)); // eps 1e-5 in the denominator
            double mean = xs / 16, unbiasedVar = (xsq - 16 * mean * mean) / 15;
            assertThat((double) bn.runningMean().toFloatArray()[c]).isCloseTo(0.1 * mean, within(1e-4));
            assertThat((double) bn.runningVar().toFloatArray()[c]).isCloseTo(0.9 + 0.1 * unbiasedVar, within(1e-3));
        }
    }

    @Test
    void standingStatisticsAreTheExactAverageOfThePassesAndLeaveTheRunningStatisticsAlone() {
        BatchNorm2d bn = new BatchNorm2d(m, 2);
        float[] running = bn.runningMean().toFloatArray();
        bn.startStanding();
        NDArray a = random(2, 8, 2, 3, 3), b = random(3, 8, 2, 3, 3).add(4);
        bn.forward(a);
        bn.forward(b);
        bn.useStanding(true);
        bn.setTraining(false);
        assertThat(bn.runningMean().toFloatArray()).containsExactly(running);
        // normalising by the average of the two batch means: a + b's midpoint maps to 0
        NDArray mid = a.add(b).div(2);
        NDArray y = bn.forward(mid);
        double meanOfMeans = mid.mean().getFloat();
        assertThat((double) y.mean().getFloat()).isCloseTo(0, within(0.05 * Math.abs(meanOfMeans) + 1e-3));
        bn.useStanding(false);
        assertThat(Tensors.maxAbsDiff(bn.forward(mid), mid.sub(bn.runningMean().reshape(1, -1, 1, 1))
                .div(bn.runningVar().add(1e-5f).sqrt().reshape(1, -1, 1, 1)))).isLessThan(1e-5);
    }

    @Test
    void conditionalBatchNormWithZeroProjectionsIsPlainBatchNorm() {
        ConditionalBatchNorm2d cbn = new ConditionalBatchNorm2d(m, new SplittableRandom(1), 3, 5, Init.normal(0), false);
        BatchNorm2d plain = new BatchNorm2d(m, 3);
        NDArray x = random(4, 6, 3, 4, 4);
        NDArray cond = random(5, 6, 5);
        assertThat(Tensors.maxAbsDiff(cbn.forward(x, cond), plain.forward(x))).isLessThan(1e-6);
    }

    @Test
    void conditionalBatchNormScalesByOnePlusTheGainProjectionAndShiftsByTheBias() {
        ConditionalBatchNorm2d cbn = new ConditionalBatchNorm2d(m, new SplittableRandom(2), 2, 3, Init.normal(1), false);
        BatchNorm2d plain = new BatchNorm2d(m, 2);
        NDArray x = random(6, 4, 2, 3, 3);
        NDArray cond = Embedding.oneHot(m.create(new long[] {0, 2, 1, 2}), 3);
        NDArray gainTable = cbn.modules().values().stream().filter(mod -> mod instanceof Linear).findFirst()
                .map(l -> ((Linear) l).weight()).orElseThrow(); // [C, K]
        NDArray biasTable = cbn.modules().values().stream().filter(mod -> mod instanceof Linear).skip(1).findFirst()
                .map(l -> ((Linear) l).weight()).orElseThrow();
        NDArray expected = plain.forward(x).mul(cond.matMul(gainTable.transpose()).add(1).reshape(4, 2, 1, 1))
                .add(cond.matMul(biasTable.transpose()).reshape(4, 2, 1, 1));
        assertThat(Tensors.maxAbsDiff(cbn.forward(x, cond), expected)).isLessThan(1e-5);
    }

    @Test
    void selfAttentionWithGammaZeroIsTheIdentityAndItsAttentionRowsSumToOne() {
        SelfAttention att = new SelfAttention(m, new SplittableRandom(3), 16, Init.orthogonal());
        NDArray x = random(7, 2, 16, 4, 4);
        assertThat(att.forward(x).toFloatArray()).containsExactly(x.toFloatArray());
        NDArray theta = random(8, 2, 2, 16), phi = random(9, 2, 2, 4);
        NDArray beta = SelfAttention.attention(theta, phi);
        assertThat(beta.getShape()).isEqualTo(new Shape(2, 16, 4));
        float[] sums = beta.sum(new int[] {2}).toFloatArray();
        for (float s : sums) {
            assertThat((double) s).isCloseTo(1, within(1e-5));
        }
        // a non-zero gamma adds exactly gamma times the attention branch
        org.gen4j.nn.Parameters.assign(att.gamma(), m.create(new float[] {0.5f}));
        NDArray branch = att.forward(x).sub(x);
        assertThat(branch.abs().max().getFloat()).isGreaterThan(1e-3f);
        org.gen4j.nn.Parameters.assign(att.gamma(), m.create(new float[] {1.0f}));
        assertThat(Tensors.maxAbsDiff(att.forward(x).sub(x), branch.mul(2))).isLessThan(1e-5);
    }

    @Test
    void theAttentionBranchAttendsOverMaxPooledKeysAndValues() {
        SelfAttention att = new SelfAttention(m, new SplittableRandom(4), 8, Init.orthogonal());
        NDArray x = random(10, 1, 8, 2, 2);
        // with a 2x2 map, pooling leaves one key: every position attends to it with weight 1,
        // so every position receives the max-pooled value
        NDArray attended = att.attend(x);
        float[] v = attended.toFloatArray();
        for (int c = 0; c < 4; c++) {
            for (int p = 1; p < 4; p++) {
                assertThat(v[c * 4 + p]).isEqualTo(v[c * 4]);
            }
        }
    }

    @Test
    void theProjectionTermIsTheInnerProductOfTheClassEmbeddingAndTheFeatures() {
        ProjectionHead head = new ProjectionHead(m, new SplittableRandom(5), 4, 3, Init.normal(1));
        ProjectionHead unconditional = new ProjectionHead(m, new SplittableRandom(5), 4, 0, Init.normal(1));
        // evaluation mode: spectral norm iterates from the stored vectors without storing, so every call agrees
        head.setTraining(false);
        unconditional.setTraining(false);
        NDArray h = random(11, 2, 4);
        NDArray y = Embedding.oneHot(m.create(new long[] {2, 0}), 3);
        NDArray withClass = head.forward(h, y);
        NDArray e = y.matMul(head.modules().values().stream().filter(mod -> mod instanceof Embedding).findFirst()
                .map(em -> (Embedding) em).orElseThrow().forward(m.eye(3)));
        float[] expected = ProjectionHead.projection(e, h).toFloatArray();
        float[] hv = h.toFloatArray(), ev = e.toFloatArray();
        for (int n = 0; n < 2; n++) {
            double dot = 0;
            for (int c = 0; c < 4; c++) {
                dot += hv[n * 4 + c] * ev[n * 4 + c];
            }
            assertThat((double) expected[n]).isCloseTo(dot, within(1e-5));
        }
        // the same unconditional term: the two heads share their seed, so their linear layers match
        NDArray diff = withClass.sub(unconditional.forward(h, null));
        assertThat(diff.toFloatArray()[0]).isCloseTo(expected[0], within(1e-4f));
        assertThat(diff.toFloatArray()[1]).isCloseTo(expected[1], within(1e-4f));
    }

    @Test
    void oneHotRowsLookUpEmbeddingRowsAndMixedRowsMixThem() {
        Embedding e = new Embedding(m, new SplittableRandom(6), 3, 2, false, Init.normal(1));
        NDArray rows = e.forward(Embedding.oneHot(m.create(new long[] {1}), 3));
        float[] table = e.weight().toFloatArray();
        assertThat(rows.toFloatArray()).containsExactly(table[2], table[3]);
        NDArray mixed = e.forward(m.create(new float[] {0.25f, 0.75f, 0}, new Shape(1, 3)));
        assertThat(mixed.toFloatArray()[0]).isCloseTo(0.25f * table[0] + 0.75f * table[2], within(1e-6f));
        assertThat(Embedding.oneHot(m.create(new int[] {2}), 3).getDataType()).isEqualTo(DataType.FLOAT32);
    }
}
