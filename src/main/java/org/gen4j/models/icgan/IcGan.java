package org.gen4j.models.icgan;

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
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.gen4j.Gen4jException;
import org.gen4j.data.CacheDir;
import org.gen4j.data.Dataset;
import org.gen4j.data.Neighbourhoods;
import org.gen4j.io.AtomicFiles;
import org.gen4j.io.SafeTensors;
import org.gen4j.metrics.FeatureNetwork;
import org.gen4j.metrics.FeatureNetworks;
import org.gen4j.models.sagan.Architecture;
import org.gen4j.models.sagan.Generator;
import org.gen4j.models.sagan.HingeGan;
import org.gen4j.nn.Embedding;
import org.gen4j.ops.Losses;
import org.gen4j.train.ConditionalGenerator;
import org.gen4j.train.DatasetConditioned;
import org.gen4j.train.ImageGenerator;
import org.gen4j.train.InstanceGenerator;
import org.gen4j.train.StepRandom;

/**
 * IC-GAN training (Casanova et al. 2021, section 3; the authors' {@code datasets_common.py} and
 * {@code train_fns.py}). Instance features {@code h_i} are the frozen feature network's features of
 * every training image, L2-normalised, and each instance's neighbourhood is itself and its k
 * nearest instances ({@link Neighbourhoods}), both computed once and cached. A D step takes the
 * minibatch's images as instances i, shows D a real image drawn uniformly from each i's
 * neighbourhood under the condition {@code h_i} (and, class-conditionally, that image's class), and
 * fakes {@code G(z, h_s)} of instances s drawn uniformly (the class of a random neighbour of s); G
 * steps on fresh draws. Hinge loss and BigGAN's schedule and average ({@link HingeGan}).
 *
 * <p>Sampling conditions each seed on a training instance chosen by a hash of its latent (of its
 * class, class-conditionally), or on the features of any image ({@link InstanceGenerator}).
 */
public final class IcGan extends HingeGan<IcGanConfig, IcDiscriminator> implements DatasetConditioned {

    /** The option of {@code train} that sets {@code featureNet}, named in the errors about it. */
    private static final String INSTANCE_FLAG = "--instance-net";

    private final FeatureNetwork network;
    private Dataset data;
    private float[] features; // [n, d], normalised
    private int[][] neighbourhoods;
    private int[][] byClass;

    public IcGan(IcGanConfig config, long seed) {
        this(config, seed, openNetwork(config));
    }

    private IcGan(IcGanConfig config, long seed, FeatureNetwork network) {
        super(config, seed, (m, rng, c) -> generator(m, rng, c, network.featureDim()),
                (m, rng, c) -> new IcDiscriminator(m, rng, c, network.featureDim()));
        this.network = network;
    }

    private static FeatureNetwork openNetwork(IcGanConfig c) {
        FeatureNetwork n = FeatureNetworks.open(c.featureNet().isEmpty() ? null : Path.of(c.featureNet()), INSTANCE_FLAG);
        try {
            n.checkInput(c.imageChannels(), INSTANCE_FLAG);
        } catch (RuntimeException e) {
            n.close();
            throw e;
        }
        return n;
    }

    static Generator generator(NDManager m, SplittableRandom rng, IcGanConfig c, int instanceDim) {
        int blocks = Architecture.generator(c.resolution(), c.ch()).size();
        InstanceLatents latents = new InstanceLatents(m, rng, c.zDim(), c.numClasses(), c.sharedDim(), instanceDim, c.featureDim(), blocks,
                c.init().init());
        return Generator.resnet(m, rng, latents, c.resolution(), c.ch(), c.attentionResolution(), c.imageChannels(), c.init().init(),
                c.init().init(), true);
    }

    @Override
    public void attach(Dataset fitted, Consumer<String> log) {
        Gen4jException.check(fitted.channels() == config.imageChannels() && fitted.width() == config.resolution(),
                "IC-GAN's instances must be %dx%dx%d images, got %s.", config.imageChannels(), config.resolution(), config.resolution(),
                fitted.describe());
        Gen4jException.check(config.neighbours() < fitted.count(), "k = %d neighbours needs more than %d instances; %s has %d.",
                config.neighbours(), config.neighbours(), fitted.name(), fitted.count());
        if (config.numClasses() > 0) {
            Gen4jException.check(fitted.labelled(), "class-conditional IC-GAN needs labelled data; %s has no labels.", fitted.name());
        }
        this.data = fitted;
        Path cache = CacheDir.get().resolve("instance-neighbourhoods").resolve(cacheKey(fitted) + ".safetensors");
        if (!load(cache, fitted.count(), log)) {
            computeFeaturesAndNeighbourhoods(fitted, log);
            save(cache, log);
        }
        if (config.numClasses() > 0) {
            byClass = new int[config.numClasses()][];
            for (int c = 0; c < byClass.length; c++) {
                int cls = c;
                byClass[c] = java.util.stream.IntStream.range(0, fitted.count()).filter(i -> fitted.labels()[i] == cls).toArray();
            }
        }
    }

    private void computeFeaturesAndNeighbourhoods(Dataset fitted, Consumer<String> log) {
        int n = fitted.count(), d = network.featureDim();
        log.accept("computing the instance features of " + n + " images with " + network.id());
        float[] raw = new float[n * d];
        try (NDManager m = NDManager.newBaseManager()) {
            for (int from = 0; from < n; from += 256) {
                int b = Math.min(256, n - from);
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    System.arraycopy(network.apply(images(m, fitted, from, b)).features().toFloatArray(), 0, raw, from * d, b * d);
                }
            }
            this.features = Neighbourhoods.normalise(raw, n, d);
            log.accept("finding each instance's " + config.neighbours() + " nearest neighbours");
            this.neighbourhoods = Neighbourhoods.build(m, features, n, d, config.neighbours());
        }
    }

    /** Images {@code from .. from + n} of the data in [-1, 1]. */
    private static NDArray images(NDManager m, Dataset fitted, int from, int n) {
        return pixels(m, fitted, java.util.stream.IntStream.range(from, from + n).toArray());
    }

    private static NDArray pixels(NDManager m, Dataset fitted, int[] index) {
        float[] px = fitted.unit(index, 0, index.length);
        return m.create(px, new Shape(index.length, fitted.channels(), fitted.height(), fitted.width()));
    }

    private boolean load(Path file, int n, Consumer<String> log) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (NDManager m = NDManager.newBaseManager()) {
            SafeTensors.Contents c = SafeTensors.read(file, m);
            NDArray f = c.tensors().get("features"), nb = c.tensors().get("neighbourhoods");
            if (f == null || nb == null || f.getShape().get(0) != n || nb.getShape().get(1) != config.neighbours() + 1) {
                return false;
            }
            features = f.toFloatArray();
            float[] v = nb.toFloatArray();
            int k = config.neighbours() + 1;
            neighbourhoods = new int[n][k];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < k; j++) {
                    neighbourhoods[i][j] = (int) v[i * k + j];
                }
            }
            log.accept("instance features and neighbourhoods from " + file);
            return true;
        } catch (Gen4jException corrupt) {
            log.accept("recomputing the damaged cache file " + file);
            return false;
        }
    }

    private void save(Path file, Consumer<String> log) {
        int n = neighbourhoods.length, k = config.neighbours() + 1;
        float[] nb = new float[n * k];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                nb[i * k + j] = neighbourhoods[i][j];
            }
        }
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> t = new LinkedHashMap<>();
            t.put("features", m.create(features, new Shape(n, network.featureDim())));
            t.put("neighbourhoods", m.create(nb, new Shape(n, k)));
            Files.createDirectories(file.getParent());
            AtomicFiles.write(file, out -> SafeTensors.write(out, t, Map.of("network", network.id())));
        } catch (IOException e) {
            log.accept("could not cache the neighbourhoods in " + file + ": " + e.getMessage());
        }
    }

    private String cacheKey(Dataset fitted) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            fitted.digest(md);
            md.update((network.id() + " k=" + config.neighbours() + " " + fitted.width()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest()).substring(0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The condition vectors {@code [one-hot class,] h} of instances, with the given classes. */
    private NDArray conditions(NDManager m, int[] instances, int[] classes) {
        int d = network.featureDim(), n = instances.length;
        float[] h = new float[n * d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(features, instances[i] * d, h, i * d, d);
        }
        NDArray hs = m.create(h, new Shape(n, d));
        if (config.numClasses() == 0) {
            return hs;
        }
        long[] c = Arrays.stream(classes).asLongStream().toArray();
        return Embedding.oneHot(m.create(c), config.numClasses()).concat(hs, 1);
    }

    /** Instances drawn uniformly, with the class of a random neighbour each (class-conditionally). */
    private int[][] drawInstances(int n, StepRandom random) {
        int[] s = new int[n], c = new int[n];
        for (int i = 0; i < n; i++) {
            s[i] = random.nextInt(0, data.count());
            c[i] = data.labelled() ? data.labels()[neighbour(s[i], random)] : 0;
        }
        return new int[][] {s, c};
    }

    private int neighbour(int instance, StepRandom random) {
        int[] nb = neighbourhoods[instance];
        return nb[random.nextInt(0, nb.length)];
    }

    @Override
    public Map<String, Double> step(NDArray reals, NDArray classes, StepRandom random) {
        throw new IllegalStateException("IC-GAN steps need the minibatch's dataset indices");
    }

    @Override
    public Map<String, Double> step(NDArray reals, NDArray classes, int[] indices, StepRandom random) {
        Gen4jException.check(data != null, "IC-GAN needs its training data attached before it trains.");
        NDManager m = reals.getManager();
        int n = indices.length;
        Map<String, Double> out = new LinkedHashMap<>();
        int[] nbs = new int[n], realClasses = new int[n];
        for (int i = 0; i < n; i++) {
            nbs[i] = neighbour(indices[i], random);
            realClasses[i] = data.labelled() ? data.labels()[nbs[i]] : 0;
        }
        NDArray realImages = pixels(m, data, nbs);
        NDArray realCondition = conditions(m, indices, realClasses);
        int[][] fake = drawInstances(n, random);
        NDArray fakeCondition = conditions(m, fake[0], fake[1]);
        NDArray fakes = g.forward(random.normal(m, n, config.zDim()), fakeCondition); // no graph: only D learns
        out.put("loss_D", stepD(() -> {
            NDArray both = d.forward(augmented(fakes.concat(realImages, 0), random), fakeCondition.concat(realCondition, 0));
            return Losses.hingeDiscriminator(observeReals(both.get(n + ":")), both.get(":" + n));
        }));
        if (schedule.criticStepDone()) {
            int[][] gi = drawInstances(n, random);
            NDArray gc = conditions(m, gi[0], gi[1]);
            out.put("loss_G", stepG(() -> Losses.hingeGenerator(d.forward(augmented(g.forward(random.normal(m, n, config.zDim()), gc), random), gc))));
            updateAverage();
        }
        return out;
    }

    /** IC-GAN's step draws its own reals and conditions; {@code gen4j bench} times the whole step only. */
    @Override
    public Map<String, java.util.function.BiConsumer<NDArray, StepRandom>> benchPhases() {
        return Map.of();
    }

    @Override
    protected NDArray scores(NDArray images, NDArray condition) {
        return d.forward(images, condition);
    }

    @Override
    public ConditionalGenerator generator() {
        prepareSampling();
        return new InstanceSampler(0);
    }

    /** Samples of G's average conditioned on instances: a training instance per seed (by a hash of its latent), or given features. */
    private final class InstanceSampler extends Sampler implements InstanceGenerator {
        InstanceSampler(double threshold) {
            super(threshold);
        }

        @Override
        public ImageGenerator truncated(double t) {
            Gen4jException.check(t > 0, "the truncation threshold must be positive, got %s.", t);
            return new InstanceSampler(t);
        }

        @Override
        public NDArray generateMixed(NDArray latents, NDArray classWeights) {
            throw new Gen4jException("IC-GAN's condition is an instance's features, which a walk between classes cannot blend; walk between "
                    + "seeds instead.");
        }

        @Override
        public int instances() {
            return data == null ? 0 : data.count();
        }

        @Override
        public NDArray trainingInstance(int index, NDManager m) {
            Gen4jException.check(data != null, "this IC-GAN has no training instances attached.");
            Gen4jException.check(index >= 0 && index < data.count(), "--instance-index %d is out of range; the training set has instances 0 to %d.",
                    index, data.count() - 1);
            int d = network.featureDim();
            return m.create(Arrays.copyOfRange(features, index * d, (index + 1) * d), new Shape(1, d));
        }

        @Override
        public NDArray trainingImage(int index, NDManager m) {
            trainingInstance(index, m).close(); // the same checks
            return pixels(m, data, new int[] {index});
        }

        @Override
        public NDArray instanceFeatures(NDArray images) {
            int n = (int) images.getShape().get(0);
            float[] f = Neighbourhoods.normalise(network.apply(images).features().toFloatArray(), n, network.featureDim());
            return images.getManager().create(f, new Shape(n, network.featureDim()));
        }

        @Override
        public NDArray generateFrom(NDArray latents, NDArray features, NDArray classes) {
            NDArray condition = features;
            if (config.numClasses() > 0) {
                Gen4jException.check(classes != null, "this IC-GAN is class-conditional; give each image a class.");
                condition = Embedding.oneHot(classes, config.numClasses()).concat(features, 1);
            } else {
                Gen4jException.check(classes == null, "this IC-GAN is conditioned on instances only; drop --class.");
            }
            return gEma.forward(latents, condition);
        }

        @Override
        public NDArray generate(NDArray latents, NDArray classes) {
            Gen4jException.check(data != null, "this IC-GAN has no training instances attached to sample from.");
            int n = (int) latents.getShape().get(0);
            float[] z = latents.toFloatArray();
            int[] instances = new int[n], cls = new int[n];
            long[] labels = classes == null ? null : classes.toLongArray();
            int dim = config.zDim();
            for (int i = 0; i < n; i++) {
                int hash = Arrays.hashCode(Arrays.copyOfRange(z, i * dim, (i + 1) * dim)) & 0x7fffffff;
                if (config.numClasses() > 0) {
                    Gen4jException.check(labels != null, "this IC-GAN is class-conditional; give each image a class.");
                    int[] pool = byClass[(int) labels[i]];
                    Gen4jException.check(pool.length > 0, "class %d has no training instances.", labels[i]);
                    instances[i] = pool[hash % pool.length];
                    cls[i] = (int) labels[i];
                } else {
                    Gen4jException.check(classes == null, "this IC-GAN is conditioned on instances only; drop --class.");
                    instances[i] = hash % data.count();
                }
            }
            return gEma.forward(latents, conditions(latents.getManager(), instances, cls));
        }
    }

    @Override
    protected void release() {
        network.close();
    }
}
