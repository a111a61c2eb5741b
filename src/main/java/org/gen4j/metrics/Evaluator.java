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
import org.gen4j.train.TransformableGenerator;

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
    /** The fewest images per class intra-FID compares. */
    static final int MIN_PER_CLASS = 50;

    private final Dataset reference;
    private final Set<Metric> metrics;
    private final int num;
    private final FeatureNetwork network;
    private final Path cacheDir;
    private final Consumer<String> log;
    private final Map<Integer, Dataset> fitted = new HashMap<>();
    private final int[] classes; // the classes intra-fid and cond-acc cover, or null for all

    /**
     * @param reference the real images, at their own size
     * @param network needed when any metric but SWD is asked for
     * @param cacheDir where reference features are kept
     * @param log receives a line per stage
     */
    public Evaluator(Dataset reference, Set<Metric> metrics, int num, FeatureNetwork network, Path cacheDir, Consumer<String> log) {
        this(reference, metrics, num, network, cacheDir, log, null);
    }

    /**
     * @param classes the classes {@code intra-fid} and {@code cond-acc} evaluate, or {@code null} for all
     */
    public Evaluator(Dataset reference, Set<Metric> metrics, int num, FeatureNetwork network, Path cacheDir, Consumer<String> log,
            int[] classes) {
        Gen4jException.check(!metrics.isEmpty(), "no metrics to compute.");
        Gen4jException.check(metrics.stream().noneMatch(Metric::likelihood), "bpd and iw-bpd measure a model's likelihood of held-out "
                + "images; gen4j eval computes them, not the sample evaluator.");
        Gen4jException.check(num >= 2, "--num must be at least 2, got %d.", num);
        Gen4jException.check(num <= reference.count(), "--num %d is larger than the reference set (%s has %d images).", num,
                reference.name(), reference.count());
        if (metrics.contains(Metric.IS)) {
            Gen4jException.check(num >= IS_SPLITS, "the Inception Score needs --num of at least %d (one image per split).", IS_SPLITS);
        }
        boolean features = metrics.stream().anyMatch(Metric::needsFeatures);
        Gen4jException.check(!features || network != null, "metrics %s need a feature network.", metrics);
        if (features) {
            network.checkInput(reference.channels(), FeatureNetworks.FLAG);
        }
        this.reference = reference;
        this.metrics = EnumSet.copyOf(metrics);
        this.num = num;
        this.network = network;
        this.cacheDir = cacheDir;
        this.log = log;
        this.classes = classes == null ? null : classes.clone();
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
        this.classes = base.classes;
    }

    /**
     * Computes every requested metric; keys are fid, kid, is, is_std, precision, recall, swd,
     * swd_R, intra_fid and intra_fid_K per class, cond_acc and cond_acc_K per class, eqt, eqt_frac
     * and eqr. A
     * class-conditional generator makes the images of the unconditional metrics with the classes of
     * the reference images they are compared with, so both sets have the same class frequencies.
     */
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
        List<String> equivariance = metrics.stream().filter(Metric::equivariance).map(Metric::cliName).toList();
        Gen4jException.check(equivariance.isEmpty() || generator instanceof TransformableGenerator,
                "%s measure generators with an input transform (StyleGAN3); this model has none.", String.join(", ", equivariance));
        int k = generator.numClasses();
        List<String> conditionalOnly = metrics.stream().filter(Metric::conditional).map(Metric::cliName).toList();
        Gen4jException.check(conditionalOnly.isEmpty() || k > 0, "%s measure class-conditional models; this model is unconditional.",
                String.join(" and ", conditionalOnly));
        if (k > 0) {
            Gen4jException.check(reference.labelled(), "the model is class-conditional, so its reference data must be labelled, but %s has no labels.",
                    reference.name());
            Gen4jException.check(reference.numClasses() == k, "the model has %d classes but its reference data %s has %d.", k,
                    reference.name(), reference.numClasses());
        }
        Dataset real = fitted.computeIfAbsent(res, r -> Resize.fit(reference, r));
        int[] realIndex = java.util.Arrays.copyOf(permutation(real.count()), num);
        Map<String, Double> out = new LinkedHashMap<>();
        try (NDManager m = NDManager.newBaseManager()) {
            if (metrics.stream().anyMatch(x -> !x.conditional() && !x.equivariance())) {
                int[] fakeClasses = k == 0 ? null : labelsAt(real, realIndex);
                unconditionalMetrics(generator, m, real, realIndex, fakeClasses, out);
            }
            if (metrics.contains(Metric.INTRA_FID)) {
                intraFid(generator, m, real, out);
            }
            if (metrics.contains(Metric.COND_ACC)) {
                conditionalAccuracy(generator, m, out);
            }
            if (!equivariance.isEmpty()) {
                out.putAll(Equivariance.evaluate((TransformableGenerator) generator, num, metrics.contains(Metric.EQT),
                        metrics.contains(Metric.EQT_FRAC), metrics.contains(Metric.EQR), log));
            }
        }
        return out;
    }

    private void unconditionalMetrics(ImageGenerator generator, NDManager m, Dataset real, int[] realIndex, int[] fakeClasses,
            Map<String, Double> out) {
        int res = generator.resolution();
        Generated fake = generate(generator, m, num, fakeClasses, metrics.stream().anyMatch(x -> x.needsFeatures() && !x.conditional()),
                metrics.contains(Metric.IS), metrics.contains(Metric.SWD));
        if (metrics.stream().anyMatch(x -> x.needsFeatures() && !x.conditional())) {
            NDArray realFeatures = realFeatures(real, realIndex, m, "");
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
            SlicedWasserstein.Descriptors realDesc = new SlicedWasserstein.Descriptors(real.channels(), res, 1);
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

    /** The classes intra-fid and cond-acc cover: the chosen ones, or all of the generator's. */
    private int[] evaluatedClasses(int k) {
        if (classes == null) {
            int[] all = new int[k];
            for (int c = 0; c < k; c++) {
                all[c] = c;
            }
            return all;
        }
        for (int c : classes) {
            Gen4jException.check(c >= 0 && c < k, "--classes names class %d, but this model has classes 0 to %d.", c, k - 1);
        }
        return classes;
    }

    /**
     * Intra-FID (Miyato and Koyama 2018, section 5.1): for every class, the FID of
     * {@code num / classes} images generated for it (seeds 0, 1, ...) against as many real images of
     * that class (a fixed random subset); the mean over the classes is {@code intra_fid}.
     */
    private void intraFid(ImageGenerator generator, NDManager m, Dataset real, Map<String, Double> out) {
        int[] evaluated = evaluatedClasses(generator.numClasses());
        int perClass = num / evaluated.length;
        Gen4jException.check(perClass >= MIN_PER_CLASS, "intra-fid needs at least %d images per class, but --num %d over %d classes gives %d; "
                + "use --num %d or more.", MIN_PER_CLASS, num, evaluated.length, perClass, MIN_PER_CLASS * evaluated.length);
        int[] order = permutation(real.count());
        double sum = 0;
        Map<String, Double> perClassFid = new LinkedHashMap<>();
        for (int c : evaluated) {
            int[] index = java.util.Arrays.stream(order).filter(i -> real.labels()[i] == c).limit(perClass).toArray();
            Gen4jException.check(index.length >= MIN_PER_CLASS, "intra-fid needs at least %d real images per class, but class %d%s has %d "
                    + "in %s; leave it out with --classes.", MIN_PER_CLASS, c, className(c), index.length, reference.name());
            int n = index.length;
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                Generated fake = generate(generator, m, n, Sampler.repeat(c, n), true, false, false);
                NDArray fakeFeatures = m.create(fake.features, new Shape(n, network.featureDim()));
                double fid = Fid.distance(GaussianFit.of(realFeatures(real, index, m, " class=" + c)), GaussianFit.of(fakeFeatures));
                perClassFid.put("intra_fid_" + c, fid);
                sum += fid;
            }
        }
        out.put("intra_fid", sum / evaluated.length);
        out.putAll(perClassFid);
    }

    /**
     * Conditional accuracy: {@code num} images generated for the classes in turn (seeds 0, 1, ...),
     * classified by the feature network; the share of each class's images assigned to it, and overall.
     */
    private void conditionalAccuracy(ImageGenerator generator, NDManager m, Map<String, Double> out) {
        int[] evaluated = evaluatedClasses(generator.numClasses());
        int[] fakeClasses = new int[num];
        for (int i = 0; i < num; i++) {
            fakeClasses[i] = evaluated[i % evaluated.length];
        }
        Generated fake = generate(generator, m, num, fakeClasses, true, true, false);
        int predictedClasses = fake.probabilities[0].length;
        Gen4jException.check(predictedClasses == generator.numClasses(), "cond-acc needs a classifier of the model's %d classes, but the "
                + "feature network %s classifies into %d; make one with gen4j featnet train --data DATA and pass it as %s.",
                generator.numClasses(), network.id(), predictedClasses, FeatureNetworks.FLAG);
        int[] hits = new int[generator.numClasses()], counts = new int[generator.numClasses()];
        int total = 0;
        for (int i = 0; i < num; i++) {
            float[] p = fake.probabilities[i];
            int best = 0;
            for (int j = 1; j < p.length; j++) {
                if (p[j] > p[best]) {
                    best = j;
                }
            }
            counts[fakeClasses[i]]++;
            if (best == fakeClasses[i]) {
                hits[fakeClasses[i]]++;
                total++;
            }
        }
        out.put("cond_acc", (double) total / num);
        for (int c : evaluated) {
            out.put("cond_acc_" + c, counts[c] == 0 ? Double.NaN : (double) hits[c] / counts[c]);
        }
    }

    private String className(int c) {
        return c < reference.classNames().size() ? " (" + reference.classNames().get(c) + ")" : "";
    }

    private static int[] labelsAt(Dataset d, int[] index) {
        int[] out = new int[index.length];
        for (int i = 0; i < index.length; i++) {
            out[i] = d.labels()[index[i]];
        }
        return out;
    }

    /** What the generated images gave: features, probabilities and SWD descriptors, as requested. */
    private record Generated(float[] features, float[][] probabilities, SlicedWasserstein.Descriptors descriptors) {}

    /**
     * {@code n} images of seeds {@code 0 .. n-1} (latents as the generator draws them), quantised
     * to 8 bits as if saved, and what the metrics need of them.
     *
     * @param fakeClasses one class per image for a conditional generator, or {@code null}
     */
    private Generated generate(ImageGenerator g, NDManager m, int total, int[] fakeClasses, boolean features, boolean probabilities,
            boolean swd) {
        int res = g.resolution();
        log.accept("generating " + total + " images at " + res + "x" + res);
        float[] feats = features ? new float[total * network.featureDim()] : null;
        float[][] probs = probabilities ? new float[total][] : null;
        SlicedWasserstein.Descriptors desc = swd ? new SlicedWasserstein.Descriptors(g.imageChannels(), res, 1) : null;
        for (int from = 0; from < total; from += BATCH) {
            int n = Math.min(BATCH, total - from);
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                List<float[]> latents = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    latents.add(g.latent(from + i));
                }
                int[] chunk = fakeClasses == null ? null : java.util.Arrays.copyOfRange(fakeClasses, from, from + n);
                NDArray images = Sampler.generate(g, m, latents, chunk);
                NDArray quantised = images.add(1).mul(127.5f).clip(0, 255).round().div(127.5f).sub(1);
                if (features || probabilities) {
                    FeatureNetwork.Output o = network.apply(quantised);
                    if (features) {
                        System.arraycopy(o.features().toFloatArray(), 0, feats, from * network.featureDim(), n * network.featureDim());
                    }
                    if (probabilities) {
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

    /** Features of {@code real}'s images at {@code index}, cached under a key of the data, {@code tag} and the count. */
    private NDArray realFeatures(Dataset real, int[] index, NDManager m, String tag) {
        int num = index.length;
        String key = describe(real, num) + tag;
        Path file = cacheDir.resolve("reference-" + cacheKey(real, key) + ".safetensors");
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
        log.accept("computing reference features of " + num + " images of " + real.name() + tag + " (cached in " + file + ")");
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
            AtomicFiles.write(file, out -> SafeTensors.write(out, Map.of("features", features), Map.of("key", key)));
        } catch (IOException e) {
            log.accept("could not cache reference features in " + file + ": " + e.getMessage());
        }
        return features;
    }

    /** Images {@code index[from .. from+n)} of {@code d}, scaled to [-1, 1]. */
    private static float[] pixels(Dataset d, int[] index, int from, int n) {
        return d.unit(index, from, n);
    }

    /**
     * A fixed permutation of the reference images' indices; its first {@code num} entries are the
     * reference subset, and its entries of class k in order are that class's subset.
     */
    private static int[] permutation(int count) {
        int[] p = new int[count];
        for (int i = 0; i < count; i++) {
            p[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(0x5EED);
        for (int i = 0; i < count - 1; i++) {
            int j = i + rng.nextInt(count - i);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private String describe(Dataset real, int n) {
        return real.name() + " " + real.width() + "x" + real.height() + " n=" + n + " net=" + network.id();
    }

    /** Content hash of the data, plus the key (resolution, network, N, class). */
    private static String cacheKey(Dataset real, String key) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            real.digest(d);
            d.update(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d.digest()).substring(0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
