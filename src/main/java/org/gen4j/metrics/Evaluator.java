package org.gen4j.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.gen4j.Gen4jException;
import org.gen4j.data.Dataset;
import org.gen4j.data.Resize;
import org.gen4j.io.AtomicFiles;
import org.gen4j.io.SafeTensors;
import org.gen4j.train.ImageGenerator;
import org.gen4j.train.Sampler;

/**
 * Evaluates a generator against reference images with the chosen {@link Metric}s: N generated
 * images (seeds 0..N-1, quantised to 8 bits as if saved) against N reference images (a fixed
 * random subset). Reference features are computed once and cached, keyed by the data's content,
 * the resolution, the feature network and N.
 */
public final class Evaluator {

    private static final int BATCH = 100;
    private static final int KID_SUBSETS = 100;
    private static final int KID_SUBSET_SIZE = 1000;
    private static final int IS_SPLITS = 10;
    private static final int PR_K = 3;

    private final Dataset reference;
    private final Set<Metric> metrics;
    private final int num;
    private final FeatureNetwork network;
    private final Path cacheDir;
    private final Consumer<String> log;
    private final Map<Integer, Dataset> fitted = new HashMap<>();

    /**
     * @param reference the real images, at their own size
     * @param network needed when any metric but SWD is asked for
     * @param cacheDir where reference features are kept
     * @param log receives a line per stage
     */
    public Evaluator(Dataset reference, Set<Metric> metrics, int num, FeatureNetwork network, Path cacheDir, Consumer<String> log) {
        Gen4jException.check(!metrics.isEmpty(), "no metrics to compute.");
        Gen4jException.check(num >= 2, "--num must be at least 2, got %d.", num);
        Gen4jException.check(num <= reference.count(), "--num %d is larger than the reference set (%s has %d images).", num,
                reference.name(), reference.count());
        if (metrics.contains(Metric.IS)) {
            Gen4jException.check(num >= IS_SPLITS, "the Inception Score needs --num of at least %d (one image per split).", IS_SPLITS);
        }
        boolean features = metrics.stream().anyMatch(Metric::needsFeatures);
        Gen4jException.check(!features || network != null, "metrics %s need a feature network.", metrics);
        if (features) {
            network.checkInput(reference.channels());
        }
        this.reference = reference;
        this.metrics = EnumSet.copyOf(metrics);
        this.num = num;
        this.network = network;
        this.cacheDir = cacheDir;
        this.log = log;
    }

    /**
     * For monitoring a growing model: {@link #evaluate} without the metrics its current
     * resolution cannot give (SWD below 16x16).
     */
    public Map<String, Double> evaluateAvailable(ImageGenerator generator) {
        if (generator.resolution() >= 16 || !metrics.contains(Metric.SWD)) {
            return evaluate(generator);
        }
        EnumSet<Metric> available = EnumSet.copyOf(metrics);
        available.remove(Metric.SWD);
        return available.isEmpty() ? Map.of() : new Evaluator(this, available).evaluate(generator);
    }

    private Evaluator(Evaluator base, Set<Metric> metrics) {
        this.reference = base.reference;
        this.metrics = EnumSet.copyOf(metrics);
        this.num = base.num;
        this.network = base.network;
        this.cacheDir = base.cacheDir;
        this.log = base.log;
    }

    /** Computes every requested metric; keys are fid, kid, is, is_std, precision, recall, swd, swd_R. */
    public Map<String, Double> evaluate(ImageGenerator generator) {
        int res = generator.resolution(), channels = generator.imageChannels();
        Gen4jException.check(channels == reference.channels(), "the generator makes %d-channel images but the reference data %s has %d.",
                channels, reference.name(), reference.channels());
        int side = Math.min(reference.width(), reference.height());
        Gen4jException.check(4 * side >= 3 * res,
                "the generator makes %dx%d images but the reference images are %dx%d; gen4j does not upsample reference data to evaluate.",
                res, res, reference.width(), reference.height());
        if (metrics.contains(Metric.SWD)) {
            Gen4jException.check(res >= 16, "SWD needs images of at least 16x16; the generator makes %dx%d.", res, res);
        }
        Dataset real = fitted.computeIfAbsent(res, r -> Resize.fit(reference, r));
        int[] realIndex = subset(real.count());
        Map<String, Double> out = new LinkedHashMap<>();
        try (NDManager m = NDManager.newBaseManager()) {
            Generated fake = generate(generator, m, res);
            if (metrics.stream().anyMatch(Metric::needsFeatures)) {
                NDArray realFeatures = realFeatures(real, realIndex, m);
                NDArray fakeFeatures = m.create(fake.features, new Shape(num, network.featureDim()));
                if (metrics.contains(Metric.FID)) {
                    out.put("fid", Fid.distance(GaussianFit.of(realFeatures), GaussianFit.of(fakeFeatures)));
                }
                if (metrics.contains(Metric.KID)) {
                    out.put("kid", Kid.compute(realFeatures, fakeFeatures, KID_SUBSETS, KID_SUBSET_SIZE, 0));
                }
                if (metrics.contains(Metric.IS)) {
                    InceptionScore.Result is = InceptionScore.compute(fake.probabilities, IS_SPLITS);
                    out.put("is", is.mean());
                    out.put("is_std", is.std());
                }
                if (metrics.contains(Metric.PR)) {
                    PrecisionRecall.Result pr = PrecisionRecall.compute(realFeatures, fakeFeatures, PR_K);
                    out.put("precision", pr.precision());
                    out.put("recall", pr.recall());
                }
            }
            if (metrics.contains(Metric.SWD)) {
                SlicedWasserstein.Descriptors realDesc = new SlicedWasserstein.Descriptors(channels, res, 1);
                for (int from = 0; from < num; from += BATCH) {
                    int n = Math.min(BATCH, num - from);
                    realDesc.add(pixels(real, realIndex, from, n), n);
                }
                SlicedWasserstein.Result swd = SlicedWasserstein.distance(m, realDesc, fake.descriptors, 2);
                out.put("swd", swd.average());
                for (int i = 0; i < swd.resolutions().length; i++) {
                    out.put("swd_" + swd.resolutions()[i], swd.perLevel()[i]);
                }
            }
        }
        return out;
    }

    /** What the generated images gave: features, probabilities and SWD descriptors, as requested. */
    private record Generated(float[] features, float[][] probabilities, SlicedWasserstein.Descriptors descriptors) {}

    private Generated generate(ImageGenerator g, NDManager m, int res) {
        log.accept("generating " + num + " images at " + res + "x" + res);
        boolean features = metrics.stream().anyMatch(Metric::needsFeatures);
        float[] feats = features ? new float[num * network.featureDim()] : null;
        float[][] probs = metrics.contains(Metric.IS) ? new float[num][] : null;
        SlicedWasserstein.Descriptors desc = metrics.contains(Metric.SWD)
                ? new SlicedWasserstein.Descriptors(g.imageChannels(), res, 1) : null;
        for (int from = 0; from < num; from += BATCH) {
            int n = Math.min(BATCH, num - from);
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                List<float[]> latents = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    latents.add(Sampler.latent(from + i, g.latentDim()));
                }
                NDArray images = Sampler.generate(g, m, latents, -1);
                NDArray quantised = images.add(1).mul(127.5f).clip(0, 255).round().div(127.5f).sub(1);
                if (features) {
                    FeatureNetwork.Output o = network.apply(quantised);
                    System.arraycopy(o.features().toFloatArray(), 0, feats, from * network.featureDim(), n * network.featureDim());
                    if (probs != null) {
                        float[] p = o.probabilities().toFloatArray();
                        int k = p.length / n;
                        for (int i = 0; i < n; i++) {
                            probs[from + i] = java.util.Arrays.copyOfRange(p, i * k, (i + 1) * k);
                        }
                    }
                }
                if (desc != null) {
                    desc.add(quantised.toFloatArray(), n);
                }
            }
        }
        return new Generated(feats, probs, desc);
    }

    private NDArray realFeatures(Dataset real, int[] index, NDManager m) {
        Path file = cacheDir.resolve("reference-" + cacheKey(real) + ".safetensors");
        if (Files.isRegularFile(file)) {
            try {
                SafeTensors.Contents c = SafeTensors.read(file, m);
                NDArray f = c.tensors().get("features");
                if (f != null && f.getShape().equals(new Shape(num, network.featureDim()))) {
                    return f;
                }
            } catch (Gen4jException corrupt) {
                log.accept("recomputing the damaged cache file " + file);
            }
        }
        log.accept("computing reference features of " + num + " images of " + real.name() + " (cached in " + file + ")");
        float[] feats = new float[num * network.featureDim()];
        for (int from = 0; from < num; from += BATCH) {
            int n = Math.min(BATCH, num - from);
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray x = m.create(pixels(real, index, from, n), new Shape(n, real.channels(), real.height(), real.width()));
                System.arraycopy(network.apply(x).features().toFloatArray(), 0, feats, from * network.featureDim(),
                        n * network.featureDim());
            }
        }
        NDArray features = m.create(feats, new Shape(num, network.featureDim()));
        try {
            AtomicFiles.write(file, out -> SafeTensors.write(out, Map.of("features", features), Map.of("key", describe(real))));
        } catch (IOException e) {
            log.accept("could not cache reference features in " + file + ": " + e.getMessage());
        }
        return features;
    }

    /** Images {@code index[from .. from+n)} of {@code d}, scaled to [-1, 1]. */
    private static float[] pixels(Dataset d, int[] index, int from, int n) {
        int size = d.imageSize();
        float[] px = new float[n * size];
        for (int i = 0; i < n; i++) {
            int base = index[from + i] * size;
            for (int j = 0; j < size; j++) {
                px[i * size + j] = (d.pixels()[base + j] & 0xff) / 127.5f - 1f;
            }
        }
        return px;
    }

    /** The first {@code num} entries of a fixed permutation of the reference images. */
    private int[] subset(int count) {
        int[] p = new int[count];
        for (int i = 0; i < count; i++) {
            p[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(0x5EED);
        for (int i = 0; i < num; i++) {
            int j = i + rng.nextInt(count - i);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return java.util.Arrays.copyOf(p, num);
    }

    private String describe(Dataset real) {
        return real.name() + " " + real.width() + "x" + real.height() + " n=" + num + " net=" + network.id();
    }

    /** Content hash of the data, plus resolution, network and N. */
    private String cacheKey(Dataset real) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(real.pixels());
            d.update(describe(real).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d.digest()).substring(0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
