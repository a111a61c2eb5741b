package org.gen4j.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.gen4j.Gen4jException;
import org.gen4j.data.Dataset;
import org.gen4j.ops.DiscretizedLogistics;
import org.gen4j.train.LikelihoodModel;
import org.gen4j.train.StepRandom;

/**
 * Likelihood bounds of held-out images in bits per dimension, the measure of VAEs and
 * autoregressive models (VDVAE, table 1): {@code bpd}, the negative ELBO, and {@code iw_bpd}, the
 * negative importance-weighted bound {@code -log (1/K) sum_k w_k} with K posterior samples per
 * image (Burda et al., ICLR 2016), which is at most the negative ELBO on average and approaches the
 * negative log-likelihood as K grows. Both are averaged over the images and divided by
 * {@code C H W ln 2}. The posterior samples come from fixed streams, so a result is reproducible.
 */
public final class Likelihood {

    /** Images per pass (divided by K for the importance-weighted bound). */
    private static final int BATCH = 32;

    private Likelihood() {}

    /**
     * @param data the held-out images, already at the model's resolution and channel count
     * @param num how many of them, from the first
     * @param elbo whether to compute {@code bpd}
     * @param iwSamples K for {@code iw_bpd}, or 0 to skip it
     * @param log receives a line per stage
     * @return {@code bpd} and/or {@code iw_bpd}
     */
    public static Map<String, Double> evaluate(LikelihoodModel model, Dataset data, int num, boolean elbo, int iwSamples,
            Consumer<String> log) {
        Gen4jException.check(iwSamples >= 0, "--iw-samples must be at least 1, got %d.", iwSamples);
        Gen4jException.check(data.channels() == model.imageChannels(), "the model takes %d-channel images but %s has %d channels.",
                model.imageChannels(), data.name(), data.channels());
        int r = model.resolution();
        Gen4jException.check(data.width() == r && data.height() == r, "the model takes %dx%d images but %s has %dx%d ones.", r, r, data.name(),
                data.width(), data.height());
        int n = Math.min(num, data.count());
        long dims = (long) data.channels() * r * r;
        Map<String, Double> out = new LinkedHashMap<>();
        try (NDManager m = NDManager.newBaseManager()) {
            if (elbo) {
                log.accept("negative ELBO of " + n + " images of " + data.name());
                out.put("bpd", average(m, data, n, BATCH, dims, (x, batch) -> model.negativeElbo(x, new StepRandom(0, batch))));
            }
            if (iwSamples > 0) {
                log.accept("importance-weighted bound of " + n + " images of " + data.name() + " with " + iwSamples + " samples each");
                int per = Math.max(1, BATCH / iwSamples);
                out.put("iw_bpd", average(m, data, n, per, dims,
                        (x, batch) -> negativeIwBound(model.logImportanceWeights(x, iwSamples, new StepRandom(1, batch)))));
            }
        }
        return out;
    }

    /** {@code -log((1/K) sum_k exp(logW[:, k]))} per image {@code [N]}, from log weights {@code [N, K]}. */
    public static NDArray negativeIwBound(NDArray logWeights) {
        long k = logWeights.getShape().get(1);
        return DiscretizedLogistics.logSumExp(logWeights, 1).sub(Math.log(k)).neg();
    }

    /** Nats per image for a batch of images {@code [N, C, R, R]}, the batch's index given for its random stream. */
    private interface PerImage {
        NDArray nats(NDArray images, int batch);
    }

    private static double average(NDManager m, Dataset data, int n, int batchSize, long dims, PerImage f) {
        double sum = 0;
        int batch = 0;
        for (int from = 0; from < n; from += batchSize, batch++) {
            int b = Math.min(batchSize, n - from);
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray x = m.create(data.unit(from, b), new Shape(b, data.channels(), data.height(), data.width()));
                for (float v : f.nats(x, batch).toFloatArray()) {
                    sum += v;
                }
            }
        }
        return DiscretizedLogistics.bitsPerDim(sum / n, dims);
    }
}
