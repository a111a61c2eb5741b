package org.gen4j.models.ncpvae;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.gen4j.Gen4jException;
import org.gen4j.models.vdvae.PriorDraw;
import org.gen4j.models.vdvae.Vdvae;
import org.gen4j.nn.Module;
import org.gen4j.nn.Parameters;
import org.gen4j.ops.Gaussians;
import org.gen4j.ops.Losses;
import org.gen4j.ops.Scalars;
import org.gen4j.train.Adam;
import org.gen4j.train.DescribedGenerator;
import org.gen4j.train.ImageGenerator;
import org.gen4j.train.PriorSampling;
import org.gen4j.train.ReweightedPriorGenerator;
import org.gen4j.train.StepRandom;
import org.gen4j.train.TemperatureGenerator;
import org.gen4j.train.TrainableModel;

/**
 * NCP-VAE's second stage (Aneja, Schwing, Kautz and Vahdat, NeurIPS 2021) on a trained VDVAE:
 * the VAE frozen (its moving-average weights), one binary classifier per latent group trained by
 * noise-contrastive estimation (section 3.1; its hierarchical form, section 3.3):
 * for real images x, positives are the posterior samples {@code z_k ~ q(z_k | z_<k, x)} of the
 * top-down pass with posterior samples above (samples of the aggregate posterior), negatives are
 * prior samples {@code z_k ~ p(z_k | z_<k)} given the same groups above; both are classified with the
 * decoder state their prior sees as context, and every classifier minimises
 * {@code E_q[softplus(-l)] + E_p[softplus(l)]}, l its logit. At the optimum
 * {@code D = q / (q + p)}, so {@code l = log D / (1 - D) = log r} with {@code r = q / p} (section 3.1).
 *
 * <p>Logged per step: {@code loss}, the NCE loss averaged over groups (ln 4 = 1.386 for a classifier
 * that cannot tell, lower as it learns), and {@code acc}, the share of positives and negatives
 * classified right, averaged over groups.
 *
 * <p>The generator takes the base VDVAE's latents and samples the reweighted prior
 * {@code prod_k p(z_k | z_<k) r_k / Z_k} group by group ({@link PriorSampling}): SIR among M proposals
 * of which the first is the latent's own draw (so M = 1, 0 Langevin steps and the {@code prior}
 * sampler all give the base VDVAE's image of the same latent), or Langevin dynamics from that draw.
 * The further random numbers they need come from a generator seeded by the latent's values, so a
 * seed fixes the image.
 */
public final class NcpVae implements TrainableModel {

    /** Proposals whose classifier logits are computed in one batch. */
    private static final int CHUNK = 256;

    private final NcpVaeConfig config;
    private final NDManager manager;
    private final Vdvae base;
    private final Classifiers classifiers;
    private final Adam opt;

    /** The classifiers of every group as one module, named {@code group<k>.<layer>}. */
    private static final class Classifiers extends Module {
        final List<GroupClassifier> groups = new ArrayList<>();

        Classifiers(NDManager m, SplittableRandom rng, Vdvae base, NcpVaeConfig c) {
            for (int k = 0; k < base.latentGroups(); k++) {
                groups.add(child("group" + k, new GroupClassifier(m, rng.split(), base.latentChannels(), base.contextChannels(),
                        base.groupResolution(k), c.hidden(), c.classifierBlocks())));
            }
        }
    }

    /** The model on the VDVAE run {@code config.base()}. */
    public NcpVae(NcpVaeConfig config, long seed) {
        this(config, seed, BaseRun.load(config.base()));
    }

    /** The model on a given VDVAE, which it takes over (and closes). */
    NcpVae(NcpVaeConfig config, long seed, Vdvae base) {
        try {
            Gen4jException.check(base.resolution() == config.resolution() && base.imageChannels() == config.imageChannels(),
                    "the base VDVAE makes %d-channel %dx%d images, but NCP-VAE is set for %d-channel %dx%d; train it on the base's data at "
                            + "--resolution %d.", base.imageChannels(), base.resolution(), base.resolution(), config.imageChannels(),
                    config.resolution(), config.resolution(), base.resolution());
        } catch (Gen4jException e) {
            base.close();
            throw e;
        }
        this.config = config;
        this.base = base;
        this.manager = NDManager.newBaseManager();
        this.classifiers = new Classifiers(manager, new SplittableRandom(seed), base, config);
        this.opt = new Adam(manager, classifiers.parameters(), config.learningRate(), config.beta1(), config.beta2(), 1e-8);
    }

    public NcpVaeConfig config() {
        return config;
    }

    /** The frozen base VAE. */
    Vdvae base() {
        return base;
    }

    /** The classifiers' parameters, by name. */
    Map<String, NDArray> classifierParameters() {
        return classifiers.parameters();
    }

    /** Classifier parameters. */
    public long parameterCount() {
        return classifiers.parameters().values().stream().mapToLong(p -> p.getShape().size()).sum();
    }

    @Override
    public void schedule(long imagesSeen) {}

    @Override
    public Map<String, Double> step(NDArray reals, NDArray classes, StepRandom random) {
        NDManager m = reals.getManager();
        int n = (int) reals.getShape().get(0);
        // the frozen VAE runs outside the gradient collector: nothing of it is recorded or updated
        List<Vdvae.EncodedGroup> groups = base.encodeGroups(reals, random);
        List<NDArray> negatives = new ArrayList<>();
        for (Vdvae.EncodedGroup g : groups) {
            negatives.add(Gaussians.sample(g.priorMean(), g.priorLogSigma(), random.normal(m, g.priorMean().getShape().getShape())));
        }
        int k = groups.size();
        double loss = 0, correct = 0;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray total = null;
            List<NDArray> logits = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                Vdvae.EncodedGroup g = groups.get(i);
                GroupClassifier d = classifiers.groups.get(i);
                NDArray features = d.contextFeatures(g.context());
                NDArray l = d.logits(g.z().concat(negatives.get(i), 0), features.concat(features, 0));
                NDArray positive = l.get("0:" + n), negative = l.get(n + ":");
                NDArray nce = nceLoss(positive, negative);
                total = total == null ? nce : total.add(nce);
                logits.add(l);
            }
            collector.backward(Scalars.mul(total, 1.0 / k));
            loss = total.getFloat() / k;
            for (NDArray l : logits) {
                float[] v = l.toFloatArray();
                for (int j = 0; j < v.length; j++) {
                    correct += (j < n) == (v[j] > 0) ? 1 : 0;
                }
            }
        }
        opt.step();
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("loss", loss);
        out.put("acc", correct / (2.0 * n * k));
        return out;
    }

    /**
     * The NCE loss of a classifier (section 3.1): {@code E_q[-log D] + E_p[-log(1 - D)]} with
     * {@code D = sigmoid(l)}, i.e. {@code mean softplus(-l_q) + mean softplus(l_p)}.
     *
     * @param positive logits of aggregate-posterior samples {@code [N]}
     * @param negative logits of prior samples {@code [N]}
     */
    static NDArray nceLoss(NDArray positive, NDArray negative) {
        return Losses.logisticDiscriminator(positive, negative);
    }

    @Override
    public Map<String, Object> status() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("groups", classifiers.groups.size());
        return s;
    }

    @Override
    public ImageGenerator generator() {
        return new Generator(config.sampling(), 1);
    }

    /** The reweighted prior's samples (see the class comment). */
    private final class Generator extends DescribedGenerator implements ReweightedPriorGenerator, TemperatureGenerator {
        private final PriorSampling sampling;
        private final double temperature;
        private final ImageGenerator baseGenerator = base.generator();

        Generator(PriorSampling sampling, double temperature) {
            super(base.generator().latentDim(), config.imageChannels(), config.resolution(), 0);
            this.sampling = sampling;
            this.temperature = temperature;
        }

        @Override
        public PriorSampling sampling() {
            return sampling;
        }

        @Override
        public ImageGenerator withSampling(PriorSampling s) {
            return new Generator(s, temperature);
        }

        @Override
        public ImageGenerator withTemperature(double t) {
            Gen4jException.check(t > 0 && Double.isFinite(t), "the temperature must be positive, got %s.", t);
            return new Generator(sampling, t);
        }

        @Override
        public NDArray generate(NDArray latents, NDArray classes) {
            Gen4jException.check(classes == null, "NCP-VAE is unconditional; it takes no class labels.");
            Gen4jException.check(latents.getShape().get(1) == baseGenerator.latentDim(), "NCP-VAE takes latents of length %d, got shape %s.",
                    baseGenerator.latentDim(), latents.getShape());
            boolean plain = switch (sampling.sampler()) {
                case PRIOR -> true;
                case SIR -> sampling.proposals() == 1;
                case LANGEVIN -> sampling.steps() == 0;
            };
            if (plain) {
                return base.sample(latents, temperature, null);
            }
            long[] seeds = rowSeeds(latents);
            PriorDraw draw = sampling.sampler() == PriorSampling.Method.SIR
                    ? (k, context, mean, logSigma, eps) -> sir(k, context, mean, logSigma, eps, seeds)
                    : (k, context, mean, logSigma, eps) -> langevin(k, context, mean, logSigma, eps, seeds);
            return base.sample(latents, temperature, draw);
        }

        /** SIR for group k: M proposals per image, the first its own draw, one chosen by the weights r. */
        private NDArray sir(int k, NDArray context, NDArray mean, NDArray logSigma, NDArray eps, long[] seeds) {
            GroupClassifier d = classifiers.groups.get(k);
            NDManager m = mean.getManager();
            Shape shape = mean.getShape();
            int n = (int) shape.get(0), size = (int) (shape.size() / n), proposals = sampling.proposals();
            NDArray features = d.contextFeatures(context);
            float[] meanHost = mean.toFloatArray(), sigmaHost = logSigma.exp().toFloatArray(), epsHost = eps.toFloatArray();
            float[] logR = new float[n * proposals];
            Shape one = new Shape(1).addAll(shape.slice(1));
            // proposals in batches of at most CHUNK, image by image
            List<float[]> batch = new ArrayList<>();
            List<Integer> owners = new ArrayList<>();
            int filled = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < proposals; j++) {
                    float[] e = proposalNoise(seeds[i], k, j, epsHost, i * size, size);
                    float[] z = new float[size];
                    for (int v = 0; v < size; v++) {
                        z[v] = meanHost[i * size + v] + sigmaHost[i * size + v] * e[v];
                    }
                    batch.add(z);
                    owners.add(i);
                    if (batch.size() == CHUNK || (i == n - 1 && j == proposals - 1)) {
                        float[] joined = new float[batch.size() * size];
                        for (int b = 0; b < batch.size(); b++) {
                            System.arraycopy(batch.get(b), 0, joined, b * size, size);
                        }
                        NDArray zs = m.create(joined, new Shape(batch.size()).addAll(one.slice(1)));
                        long[] rows = owners.stream().mapToLong(Integer::longValue).toArray();
                        NDArray f = features.get(m.create(rows));
                        float[] l = d.logits(zs, f).toFloatArray();
                        System.arraycopy(l, 0, logR, filled, l.length);
                        filled += l.length;
                        batch.clear();
                        owners.clear();
                    }
                }
            }
            float[] chosen = new float[n * size];
            for (int i = 0; i < n; i++) {
                SplittableRandom u = new SplittableRandom(mix(seeds[i], k, -1));
                int j = ReweightedSampling.choose(logR, i * proposals, proposals, u.nextDouble());
                System.arraycopy(proposalNoise(seeds[i], k, j, epsHost, i * size, size), 0, chosen, i * size, size);
            }
            return Gaussians.sample(mean, logSigma, m.create(chosen, shape));
        }

        /** Langevin dynamics for group k from each image's own draw. */
        private NDArray langevin(int k, NDArray context, NDArray mean, NDArray logSigma, NDArray eps, long[] seeds) {
            GroupClassifier d = classifiers.groups.get(k);
            NDManager m = mean.getManager();
            Shape shape = mean.getShape();
            int n = (int) shape.get(0), size = (int) (shape.size() / n);
            NDArray features = d.contextFeatures(context).stopGradient();
            return ReweightedSampling.langevin(mean, logSigma, eps, z -> d.logits(z, features), sampling.steps(), sampling.stepSize(), t -> {
                float[] noise = new float[n * size];
                for (int i = 0; i < n; i++) {
                    SplittableRandom r = new SplittableRandom(mix(seeds[i], k, t));
                    for (int v = 0; v < size; v++) {
                        noise[i * size + v] = (float) r.nextGaussian();
                    }
                }
                return m.create(noise, shape);
            });
        }
    }

    /** Proposal j's standard normal noise for image i's group k: the latent's own for j = 0, else drawn from the image's seed. */
    private static float[] proposalNoise(long seed, int k, int j, float[] eps, int offset, int size) {
        float[] e = new float[size];
        if (j == 0) {
            System.arraycopy(eps, offset, e, 0, size);
        } else {
            SplittableRandom r = new SplittableRandom(mix(seed, k, j));
            for (int v = 0; v < size; v++) {
                e[v] = (float) r.nextGaussian();
            }
        }
        return e;
    }

    /** A seed per image from its latent's values: the same latent always samples the same image. */
    private static long[] rowSeeds(NDArray latents) {
        int n = (int) latents.getShape().get(0);
        float[] v = latents.toFloatArray();
        int dim = v.length / n;
        long[] seeds = new long[n];
        for (int i = 0; i < n; i++) {
            long h = 0x2545F4914F6CDD1DL;
            for (int j = 0; j < dim; j++) {
                h = (h ^ Float.floatToIntBits(v[i * dim + j])) * 0x100000001B3L;
            }
            seeds[i] = h;
        }
        return seeds;
    }

    /** The seed of stream {@code (k, j)} of an image. */
    private static long mix(long seed, int k, int j) {
        long h = seed ^ (0x9E3779B97F4A7C15L * (k + 1)) ^ (0xBF58476D1CE4E5B9L * (j + 2));
        h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
        h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
        return h ^ (h >>> 31);
    }

    @Override
    public Map<String, NDArray> stateTensors() {
        Map<String, NDArray> s = new LinkedHashMap<>();
        classifiers.state().forEach((key, v) -> s.put("clf." + key, v));
        s.putAll(opt.state("opt."));
        base.samplingState().forEach((key, v) -> s.put("base." + key, v));
        return s;
    }

    @Override
    public JsonObject stateJson() {
        JsonObject o = new JsonObject();
        o.addProperty("opt_steps", opt.steps());
        return o;
    }

    /** Restores the classifiers, their optimiser and the base weights they were trained on (kept in the checkpoint). */
    @Override
    public void loadState(Map<String, NDArray> tensors, JsonObject json) {
        classifiers.load(Parameters.withPrefix(tensors, "clf."));
        opt.load("opt.", tensors, json.get("opt_steps").getAsLong());
        base.loadSamplingState(Parameters.withPrefix(tensors, "base."));
    }

    @Override
    public void close() {
        manager.close();
        base.close();
    }
}
