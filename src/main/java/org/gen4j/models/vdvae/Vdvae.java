package org.gen4j.models.vdvae;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.gen4j.Gen4jException;
import org.gen4j.nn.Parameters;
import org.gen4j.ops.Gaussians;
import org.gen4j.ops.Scalars;
import org.gen4j.train.Adam;
import org.gen4j.train.DescribedGenerator;
import org.gen4j.train.Ema;
import org.gen4j.train.GradientClipping;
import org.gen4j.train.ImageGenerator;
import org.gen4j.train.LikelihoodModel;
import org.gen4j.train.Reconstructor;
import org.gen4j.train.StepRandom;
import org.gen4j.train.TemperatureGenerator;
import org.gen4j.train.TrainableModel;

/**
 * VDVAE training and sampling (Child, ICLR 2021; the official code's {@code train.py} where the
 * paper is silent). Every step minimises the negative ELBO in nats per dimension (reconstruction
 * NLL plus the KL terms, both divided by C H W) with AdamW, the step size ramped up linearly over
 * {@code warmupIters}; the gradient norm is clipped to {@code gradClip}, and an update whose norm
 * before clipping reaches {@code skipThreshold}, or whose loss is not finite, is skipped (section 4:
 * "we skip updates with a gradient norm above a threshold"); the parameters and their moving average
 * then stay as they were and the skip is counted. The moving average samples and evaluates.
 *
 * <p>Logged per step: {@code loss} (negative ELBO, nats per dim), {@code bpd} (the same in bits),
 * {@code distortion} and {@code rate} (its two parts, nats per dim), {@code grad_norm} and
 * {@code skipped} (1 for a skipped update, so a tick's mean is the share skipped); a term that is not
 * finite is left out, so the shared loop's divergence check does not stop a run on a skipped update.
 *
 * <p>The generator's latents are standard normal: the noise of every latent group in decoder order
 * ({@code zdim r r} values each), then {@code R R} values that pick each pixel's mixture component and
 * {@code C R R} values for the logistic draws, both turned into uniforms by the normal CDF. A seed
 * therefore fixes the whole image, and interpolation walks all of it.
 */
public final class Vdvae implements TrainableModel, LikelihoodModel, Reconstructor {

    private final VdvaeConfig config;
    private final NDManager manager;
    private final VdvaeNetwork net;
    private final VdvaeNetwork ema;
    private final Adam opt;
    private long iteration;
    private long skipped;

    public Vdvae(VdvaeConfig config, long seed) {
        this.config = config;
        this.manager = NDManager.newBaseManager();
        SplittableRandom rng = new SplittableRandom(seed);
        this.net = new VdvaeNetwork(manager, rng.split(), config);
        this.ema = new VdvaeNetwork(manager, rng.split(), config);
        Parameters.setTrainable(ema.parameters().values(), false);
        Parameters.copy(net.state(), ema.state());
        this.opt = new Adam(manager, net.parameters(), config.learningRate(), config.beta1(), config.beta2(), 1e-8, config.weightDecay());
    }

    public VdvaeConfig config() {
        return config;
    }

    /** Trainable parameters. */
    public long parameterCount() {
        return net.parameters().values().stream().mapToLong(p -> p.getShape().size()).sum();
    }

    /** Updates skipped so far. */
    public long skippedUpdates() {
        return skipped;
    }

    @Override
    public void schedule(long imagesSeen) {}

    @Override
    public Map<String, Double> step(NDArray reals, NDArray classes, StepRandom random) {
        NDManager m = reals.getManager();
        NDArray x = quantise(reals);
        double dims = x.getShape().size() / x.getShape().get(0);
        double distortion, rate;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            VdvaeNetwork.Terms t = net.terms(x, VdvaeNetwork.noise(m, random));
            NDArray d = Scalars.mul(t.distortion().mean(), 1 / dims), r = Scalars.mul(t.rate().mean(), 1 / dims);
            NDArray loss = d.add(r);
            collector.backward(loss);
            distortion = d.getFloat();
            rate = r.getFloat();
        }
        double loss = distortion + rate;
        double norm = GradientClipping.norm(net.parameters().values());
        boolean skip = skips(norm, loss, config.skipThreshold());
        if (skip) {
            for (NDArray p : net.parameters().values()) {
                JniUtils.zeroGrad((PtNDArray) p);
            }
            skipped++;
        } else {
            GradientClipping.clip(net.parameters().values(), norm, config.gradClip());
            opt.setLearningRate(config.learningRateAt(iteration));
            opt.step();
            Ema.update(ema.parameters(), net.parameters(), config.emaRate());
        }
        iteration++;
        Map<String, Double> out = new LinkedHashMap<>();
        putFinite(out, "loss", loss);
        putFinite(out, "bpd", loss / Math.log(2));
        putFinite(out, "distortion", distortion);
        putFinite(out, "rate", rate);
        putFinite(out, "grad_norm", norm);
        out.put("skipped", skip ? 1.0 : 0.0);
        return out;
    }

    /**
     * Whether an update is skipped: its loss is not finite, or its gradient norm is not below the
     * threshold (the official code updates only when {@code grad_norm < skip_threshold}).
     */
    static boolean skips(double gradNorm, double loss, double threshold) {
        return !Double.isFinite(loss) || !(gradNorm < threshold);
    }

    private static void putFinite(Map<String, Double> out, String key, double v) {
        if (Double.isFinite(v)) {
            out.put(key, v);
        }
    }

    /** Values snapped to the 8-bit grid {@code k / 127.5 - 1} the likelihood is defined on. */
    private static NDArray quantise(NDArray x) {
        return x.add(1).mul(127.5f).clip(0, 255).round().div(127.5f).sub(1);
    }

    @Override
    public Map<String, Object> status() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("skips", skipped);
        return s;
    }

    @Override
    public ImageGenerator generator() {
        return new Generator(1);
    }

    /** Samples of the moving average's prior at a temperature, from standard normal latents (see the class comment). */
    private final class Generator extends DescribedGenerator implements TemperatureGenerator {
        private final double temperature;

        Generator(double temperature) {
            super(ema.decoder.latentSize() + pixelNoise(), config.imageChannels(), config.resolution(), 0);
            this.temperature = temperature;
        }

        @Override
        public NDArray generate(NDArray latents, NDArray classes) {
            Gen4jException.check(classes == null, "VDVAE is unconditional; it takes no class labels.");
            return sample(latents, temperature, null);
        }

        @Override
        public ImageGenerator withTemperature(double t) {
            Gen4jException.check(t > 0 && Double.isFinite(t), "the temperature must be positive, got %s.", t);
            return new Generator(t);
        }
    }

    /**
     * Images from the moving average's prior, as its generator makes them from the same latents
     * ({@code [N, latentDim]}, see the class comment), with every latent group chosen by {@code draw}
     * ({@code null}: the plain prior sample): what a reweighted prior on top of VDVAE samples with.
     *
     * @return images {@code [N, C, R, R]}
     */
    public NDArray sample(NDArray latents, double temperature, PriorDraw draw) {
        int n = (int) latents.getShape().get(0);
        int r = config.resolution(), c = config.imageChannels(), zs = ema.decoder.latentSize();
        NDArray uMix = Gaussians.cdf(latents.get(new NDIndex(":, {}:{}", zs, zs + r * r))).reshape(n, r, r);
        NDArray uValue = Gaussians.cdf(latents.get(new NDIndex(":, {}:", zs + r * r))).reshape(n, c, r, r);
        return ema.sample(n, null, 0, temperature, ema.decoder.latentNoise(latents), draw, uMix, uValue);
    }

    /**
     * One latent group of an encoding by the moving average: the decoder state its prior saw
     * ({@code context}, {@code [N, width, r, r]}, a function of the groups above), the posterior
     * sample {@code z} and the prior's parameters ({@code [N, zdim, r, r]}).
     */
    public record EncodedGroup(NDArray context, NDArray z, NDArray priorMean, NDArray priorLogSigma) {}

    /**
     * Encodes images with the moving average and decodes them top-down with a posterior sample in
     * every group: samples of the aggregate posterior with, for each group, the context and prior
     * the groups above give (NCP-VAE's positives and the prior its negatives are drawn from).
     * Called outside a gradient collector, it records no gradient.
     *
     * @param images {@code [N, C, R, R]} in [-1, 1]
     * @return every group in decoder order, top first
     */
    public List<EncodedGroup> encodeGroups(NDArray images, StepRandom random) {
        checkImages(images);
        return ema.encodeGroups(quantise(images), VdvaeNetwork.noise(images.getManager(), random)).stream()
                .map(g -> new EncodedGroup(g.context(), g.z(), g.pMean(), g.pLogSigma())).toList();
    }

    /** Channels of every latent group (zdim). */
    public int latentChannels() {
        return config.zdim();
    }

    /** Side of latent group {@code i} (decoder order). */
    public int groupResolution(int i) {
        return ema.decoder.groupResolution(i);
    }

    /** Channels of the decoder state every group's prior sees (width). */
    public int contextChannels() {
        return config.width();
    }

    /** Every tensor of the moving average, the weights that sample and evaluate. */
    public Map<String, NDArray> samplingState() {
        return ema.state();
    }

    /** Replaces the moving average's weights with tensors {@link #samplingState} gave. */
    public void loadSamplingState(Map<String, NDArray> tensors) {
        ema.load(tensors);
    }

    private int pixelNoise() {
        int r = config.resolution();
        return r * r * (1 + config.imageChannels());
    }

    @Override
    public int imageChannels() {
        return config.imageChannels();
    }

    @Override
    public int resolution() {
        return config.resolution();
    }

    @Override
    public int latentGroups() {
        return ema.decoder.groups();
    }

    private void checkImages(NDArray images) {
        Shape s = images.getShape();
        Gen4jException.check(s.dimension() == 4 && s.get(1) == config.imageChannels() && s.get(2) == config.resolution()
                && s.get(3) == config.resolution(), "the model takes %d-channel %dx%d images, got shape %s.", config.imageChannels(),
                config.resolution(), config.resolution(), s);
    }

    @Override
    public NDArray negativeElbo(NDArray images, StepRandom random) {
        checkImages(images);
        VdvaeNetwork.Terms t = ema.terms(quantise(images), VdvaeNetwork.noise(images.getManager(), random));
        return t.distortion().add(t.rate());
    }

    @Override
    public NDArray logImportanceWeights(NDArray images, int samples, StepRandom random) {
        checkImages(images);
        Gen4jException.check(samples >= 1, "the importance-weighted bound needs at least one sample, got %d.", samples);
        int n = (int) images.getShape().get(0);
        NDArray x = quantise(images).repeat(0, samples); // image i's samples at rows i K .. i K + K - 1
        return ema.logWeight(x, VdvaeNetwork.noise(images.getManager(), random)).reshape(n, samples);
    }

    @Override
    public NDArray reconstruct(NDArray images, int depth, double temperature, StepRandom random) {
        checkImages(images);
        Gen4jException.check(depth >= 0 && depth <= latentGroups(), "the depth must lie in 0 to %d (the latent groups), got %d.",
                latentGroups(), depth);
        Gen4jException.check(temperature > 0 && Double.isFinite(temperature), "the temperature must be positive, got %s.", temperature);
        NDManager m = images.getManager();
        int n = (int) images.getShape().get(0), r = config.resolution();
        return ema.sample(n, quantise(images), depth, temperature, VdvaeNetwork.noise(m, random), random.uniform(m, n, r, r),
                random.uniform(m, n, config.imageChannels(), r, r));
    }

    /** The network whose encoding the test of the initial KL inspects. */
    VdvaeNetwork trained() {
        return net;
    }

    @Override
    public Map<String, NDArray> stateTensors() {
        Map<String, NDArray> s = new LinkedHashMap<>();
        net.state().forEach((k, v) -> s.put("vae." + k, v));
        ema.state().forEach((k, v) -> s.put("ema." + k, v));
        s.putAll(opt.state("opt."));
        return s;
    }

    @Override
    public JsonObject stateJson() {
        JsonObject o = new JsonObject();
        o.addProperty("opt_steps", opt.steps());
        o.addProperty("iteration", iteration);
        o.addProperty("skipped", skipped);
        return o;
    }

    @Override
    public void loadState(Map<String, NDArray> tensors, JsonObject json) {
        net.load(Parameters.withPrefix(tensors, "vae."));
        ema.load(Parameters.withPrefix(tensors, "ema."));
        opt.load("opt.", tensors, json.get("opt_steps").getAsLong());
        iteration = json.get("iteration").getAsLong();
        skipped = json.get("skipped").getAsLong();
    }

    @Override
    public void close() {
        manager.close();
    }
}
