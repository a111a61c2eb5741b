package org.gen4j.models.stylegan2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.gen4j.models.gan.ClassInput;
import org.gen4j.models.gan.Gan;
import org.gen4j.models.style.MappingNetwork;
import org.gen4j.models.style.PathLength;
import org.gen4j.models.style.WSpace;
import org.gen4j.nn.Embedding;
import org.gen4j.nn.Module;
import org.gen4j.nn.Parameters;
import org.gen4j.ops.Autograd;
import org.gen4j.ops.Losses;
import org.gen4j.ops.Scalars;
import org.gen4j.ops.UpFirDn;
import org.gen4j.train.Adam;
import org.gen4j.train.Ema;
import org.gen4j.train.StepRandom;

/**
 * StyleGAN2's training (Karras et al. 2020, config F; NVIDIA's {@code StyleGAN2Loss}), shared by
 * StyleGAN2 and StyleGAN3: per minibatch the phases Gmain, Greg, Dmain and Dreg of the official
 * loop, on the residual {@link Discriminator}.
 *
 * <ul>
 *   <li>Gmain: non-saturating logistic loss {@code softplus(-D(G(z)))} (Goodfellow et al. 2014),
 *       with style mixing: with probability {@code styleMixing} the layers from a random cutoff
 *       on take w from a second latent (StyleGAN, section 3.1).
 *   <li>Greg, every {@code plInterval} minibatches on {@code batch / plBatchShrink} samples:
 *       path-length regularisation (StyleGAN2, section 3.2, equation 4),
 *       {@code (||J_w^T y||_2 - a)^2} with {@code y ~ N(0, I) / sqrt(H W)}, the norm averaged
 *       over the ws (as the official code does) and {@code a} a running mean with decay
 *       {@code plDecay}; weight {@code plWeight} times the interval.
 *   <li>Dmain: {@code softplus(D(G(z))) + softplus(-D(x))}.
 *   <li>Dreg, every {@code r1Interval} minibatches: R1 (Mescheder et al. 2018),
 *       {@code gamma / 2 ||grad_x D(x)||^2} on real images, times the interval.
 * </ul>
 *
 * <p>D sees its input blurred by {@link TrainingSettings#blurSigma} (StyleGAN3's config R). Lazy
 * regularisation (StyleGAN2, section 3.1) corrects each optimiser for the extra steps: with
 * {@code c = interval / (interval + 1)}, Adam's learning rate becomes {@code lr c} and its betas
 * {@code beta^c}. The generator's moving average has a half-life of {@code emaKimg} (see
 * {@link Ema#halfLifeBeta}), its buffers are copied from G as the official loop copies them; the
 * tracked average w decays by {@code wAvgBeta} per tracked mapping pass.
 *
 * <p>Class-conditional ({@code numClasses > 0}): G's mapping and D take one-hot classes
 * {@code [N, numClasses]}. Reals are scored under their labels; the fakes of every pass get the
 * labels of the real minibatch (the official loop draws them at random from the dataset's labels:
 * the same distribution), in the main passes and in R1 (the reals' labels) and path length (the
 * first {@code batch / plBatchShrink} labels) as the official {@code StyleGAN2Loss} passes
 * {@code real_c} and {@code gen_c}; style mixing's second latent keeps the image's class.
 *
 * @param <C> the configuration
 * @param <G> the generator: a mapping network and a synthesis network
 */
public abstract class StyleGan2Training<C extends Record & TrainingSettings, G extends Module> extends Gan<C, G, Discriminator> {

    protected final WSpace wSpace;
    private final List<String> gRegParams;
    private final List<String> dRegParams;
    private double plMean;
    private long iteration;

    protected StyleGan2Training(C config, long seed, Network<C, G> generator) {
        super(config, seed, generator, (m, rng, c) -> new Discriminator(m, rng, c),
                (m, params, c) -> lazyAdam(m, params, c.gLearningRate(), c, c.plWeight() > 0 ? c.plInterval() : 0),
                (m, params, c) -> lazyAdam(m, params, c.dLearningRate(), c, c.r1Gamma() > 0 ? c.r1Interval() : 0));
        this.wSpace = new WSpace(manager, config.wDim(), config.numWs(), config.wAvgBeta(), config.styleMixing());
        // a regulariser that differentiates D(x) or G(w) with respect to the input has no path
        // to the output biases; the official optimiser skips parameters without a gradient
        this.gRegParams = g.parameters().keySet().stream().filter(this::pathLengthReaches).toList();
        this.dRegParams = d.parameters().keySet().stream().filter(k -> !k.equals("b4out.bias")).toList();
    }

    /** Adam with the lazy-regularisation correction for an interval (0: none). */
    private static Adam lazyAdam(NDManager manager, Map<String, NDArray> params, double lr, TrainingSettings config, int interval) {
        double c = lazyRatio(interval);
        return new Adam(manager, params, lr * c, Math.pow(config.beta1(), c), Math.pow(config.beta2(), c), config.adamEpsilon());
    }

    /** {@code interval / (interval + 1)}, or 1 without lazy regularisation (StyleGAN2, section 3.1). */
    static double lazyRatio(int interval) {
        return interval > 0 ? interval / (interval + 1.0) : 1;
    }

    /** G's mapping network. */
    protected abstract MappingNetwork mapping(G gen);

    /**
     * G's synthesis of training ws {@code [N, numWs, wDim]}, differentiable.
     *
     * @param updateEmas whether this pass moves the synthesis network's tracked statistics (the
     *     official {@code update_emas}: the pass that makes D's fakes)
     */
    protected abstract NDArray synthesize(G gen, NDArray ws, StepRandom random, boolean updateEmas);

    /** Whether the average w moves on every training mapping pass (stylegan2-ada) or only with {@code updateEmas} (stylegan3). */
    protected abstract boolean tracksAverageOnEveryPass();

    /** Whether the path-length regulariser's gradient reaches G's parameter {@code name} (not an output bias). */
    protected abstract boolean pathLengthReaches(String name);

    /**
     * Training-time ws of {@code gen}: average tracked, styles mixed (see {@link WSpace#training});
     * {@code c} one-hot classes {@code [N, numClasses]}, {@code null} when unconditional.
     */
    protected final NDArray trainingWs(G gen, NDArray z, NDArray c, StepRandom random, boolean updateEmas) {
        MappingNetwork mapping = mapping(gen);
        return wSpace.training(latents -> mapping.forward(latents, c), z, random, config.numWs(), updateEmas || tracksAverageOnEveryPass());
    }

    /** D's logits of images as D sees them now (blurred while {@link TrainingSettings#blurSigma} is positive), not augmented. */
    protected final NDArray scores(NDArray images) {
        return d.forward(UpFirDn.gaussianBlur(images, config.blurSigma(imagesSeen)));
    }

    /** What D is shown of a minibatch: its input images and its condition ({@code null} for an unconditioned D). */
    public record Seen(NDArray images, NDArray condition) {}

    /**
     * What D sees in training of images under one-hot classes {@code c} ({@code null} when
     * unconditional), reals, fakes and R1's inputs alike: {@link #augmented}, then blurred while
     * {@link TrainingSettings#blurSigma} is positive. A variant that changes what D sees
     * (Diffusion-GAN's forward diffusion and timestep) overrides this.
     */
    protected Seen seen(NDArray images, NDArray c, StepRandom random) {
        return new Seen(UpFirDn.gaussianBlur(augmented(images, random), config.blurSigma(imagesSeen)), c);
    }

    /** D's logits in training of images under one-hot classes {@code c} ({@code null} when unconditional): D on {@link #seen}. */
    private NDArray scores(NDArray images, NDArray c, StepRandom random) {
        Seen s = seen(images, c, random);
        return s.condition() == null ? d.forward(s.images()) : d.forward(s.images(), s.condition());
    }

    /** The one-hot classes {@code [n, numClasses]} of a minibatch's labels, {@code null} for an unconditional model. */
    private NDArray classes(NDArray labels, int n, NDManager m) {
        return config.numClasses() == 0 ? null : Embedding.oneHot(ClassInput.forTraining(labels, config.numClasses(), n, m, "this model"),
                config.numClasses());
    }

    /** Told D's main-pass logits of the reals (after the augmenter has seen them), for a variant that adapts to them. */
    protected void realScoresSeen(NDArray realScores, StepRandom random) {}

    @Override
    public Map<String, Double> step(NDArray reals, NDArray classes, StepRandom random) {
        Map<String, Double> out = new LinkedHashMap<>();
        NDArray c = classes(classes, (int) reals.getShape().get(0), reals.getManager());
        gMain(reals, c, random, out);
        if (due(config.plInterval(), config.plWeight())) {
            gReg(reals, c, random, out);
        }
        dMain(reals, c, random, out);
        if (due(config.r1Interval(), config.r1Gamma())) {
            dReg(reals, c, random, out);
        }
        Ema.update(gEma.parameters(), g.parameters(), Ema.halfLifeBeta((int) reals.getShape().get(0),
                config.emaKimg(), config.emaRampup(), imagesSeen));
        Parameters.copy(g.buffers(), gEma.buffers());
        iteration++;
        return out;
    }

    /**
     * The phases {@code gen4j bench} times: Gmain + Dmain (the StyleGAN2 anchor's iteration), each
     * alone (the StyleGAN3 anchor's), an R1 pass and, with path length on, a path-length pass.
     */
    @Override
    public Map<String, BiConsumer<NDArray, StepRandom>> benchPhases() {
        Map<String, BiConsumer<NDArray, StepRandom>> phases = new LinkedHashMap<>();
        phases.put("gmain_dmain", (reals, random) -> {
            gMain(reals, benchClasses(reals), random, new LinkedHashMap<>());
            dMain(reals, benchClasses(reals), random, new LinkedHashMap<>());
        });
        phases.put("gmain", (reals, random) -> gMain(reals, benchClasses(reals), random, new LinkedHashMap<>()));
        phases.put("dmain", (reals, random) -> dMain(reals, benchClasses(reals), random, new LinkedHashMap<>()));
        phases.put("r1_pass", (reals, random) -> dReg(reals, benchClasses(reals), random, new LinkedHashMap<>()));
        if (config.plWeight() > 0) {
            phases.put("pl_pass", (reals, random) -> gReg(reals, benchClasses(reals), random, new LinkedHashMap<>()));
        }
        return phases;
    }

    /** Class 0 for every image of a benchmark's minibatch (a conditional model), else {@code null}. */
    private NDArray benchClasses(NDArray reals) {
        int n = (int) reals.getShape().get(0);
        return classes(reals.getManager().zeros(new Shape(n), ai.djl.ndarray.types.DataType.INT64), n, reals.getManager());
    }

    private void gMain(NDArray reals, NDArray c, StepRandom random, Map<String, Double> out) {
        int n = (int) reals.getShape().get(0);
        out.put("loss_G", stepG(() -> Losses.logisticGenerator(scores(synthesize(g,
                trainingWs(g, random.normal(reals.getManager(), n, config.zDim()), c, random, false), random, false), c, random))));
    }

    private void gReg(NDArray reals, NDArray c, StepRandom random, Map<String, Double> out) {
        int n = (int) reals.getShape().get(0) / config.plBatchShrink();
        NDArray plC = c == null ? null : c.get(":" + n);
        stepG(() -> {
            NDArray penalty = pathLengthPenalty(random.normal(reals.getManager(), n, config.zDim()), plC, random);
            out.put("pl_penalty", (double) penalty.getFloat());
            return Scalars.mul(penalty, config.plWeight() * config.plInterval());
        }, gRegParams);
    }

    private void dMain(NDArray reals, NDArray c, StepRandom random, Map<String, Double> out) {
        int n = (int) reals.getShape().get(0);
        // G runs without recording a graph here: only D learns from these fakes
        NDArray fake = synthesize(g, trainingWs(g, random.normal(reals.getManager(), n, config.zDim()), c, random, true), random, true);
        out.put("loss_D", stepD(() -> {
            NDArray real = observeReals(scores(reals, c, random));
            realScoresSeen(real, random);
            return Losses.logisticDiscriminator(real, scores(fake, c, random));
        }));
    }

    private void dReg(NDArray reals, NDArray c, StepRandom random, Map<String, Double> out) {
        stepD(() -> {
            NDArray penalty = r1Penalty(reals, c, random);
            out.put("r1_penalty", (double) penalty.getFloat());
            return Scalars.mul(penalty, config.r1Gamma() / 2 * config.r1Interval());
        }, dRegParams);
    }

    private boolean due(int interval, double weight) {
        return interval > 0 && weight > 0 && iteration % interval == 0;
    }

    /**
     * R1: {@code E ||grad_x D(x)||^2} over real images (before the weight gamma / 2), the gradient
     * taken through the blur when D sees blurred images. Call while gradients are recorded.
     */
    NDArray r1Penalty(NDArray reals) {
        return r1Penalty(reals, null, new StepRandom(0, 0));
    }

    /** R1 of an unconditional D with the reals augmented (see {@link #r1Penalty(NDArray, NDArray, StepRandom)}). */
    NDArray r1Penalty(NDArray reals, StepRandom random) {
        return r1Penalty(reals, null, random);
    }

    /**
     * R1 with the reals augmented inside the function differentiated (the official run_D of the
     * Dr1 pass), under their one-hot classes {@code c} ({@code null} when unconditional). D's input
     * gradient is written out layer by layer ({@link Discriminator#logitsAndInputGradient}), then
     * carried back through what {@link #seen} did to the reals by autograd.
     */
    NDArray r1Penalty(NDArray reals, NDArray c, StepRandom random) {
        NDArray x = reals.duplicate();
        x.setRequiresGradient(true);
        Seen s = seen(x, c, random);
        NDArray grad = d.logitsAndInputGradient(s.images(), s.condition()).gradient();
        if (s.images() != x) {
            // on through the augmentation and blur to the reals: the product with the Jacobian's transpose
            grad = Autograd.gradient(s.images().mul(grad), x);
        }
        return grad.square().sum(new int[] {1, 2, 3}).mean();
    }

    /**
     * Path-length penalty {@code E (||J_w^T y|| - a)^2} for latents {@code z}, after moving the
     * running mean {@code a} towards this batch's mean length (before the weight). Call while
     * gradients are recorded.
     */
    NDArray pathLengthPenalty(NDArray z, NDArray c, StepRandom random) {
        NDArray lengths = pathLengths(z, c, random);
        plMean += (lengths.stopGradient().mean().getFloat() - plMean) * config.plDecay();
        return lengths.sub(plMean).square().mean();
    }

    /** {@link PathLength#lengths} for latents {@code z}. */
    NDArray pathLengths(NDArray z, StepRandom random) {
        return pathLengths(z, null, random);
    }

    /** As {@link #pathLengths(NDArray, StepRandom)}, for G's one-hot classes {@code c} ({@code null} when unconditional). */
    NDArray pathLengths(NDArray z, NDArray c, StepRandom random) {
        return PathLength.lengths(trainingWs(g, z, c, random, false), w -> synthesize(g, w, random, false), random);
    }

    @Override
    protected Map<String, Object> modelStatus() {
        Map<String, Object> s = new LinkedHashMap<>();
        if (config.plWeight() > 0) {
            s.put("pl_mean", Math.round(plMean * 1000) / 1000.0);
        }
        return s;
    }

    /** The trained (not averaged) generator, for tests. */
    G trainedGenerator() {
        return g;
    }

    Discriminator discriminator() {
        return d;
    }

    /** D's logits under one-hot classes {@code [N, numClasses]}, as D sees them now (not augmented), for tests. */
    NDArray scores(NDArray images, NDArray c) {
        return d.forward(UpFirDn.gaussianBlur(images, config.blurSigma(imagesSeen)), c);
    }

    NDArray wAvg() {
        return wSpace.average();
    }

    @Override
    protected Map<String, NDArray> extraTensors() {
        return Map.of("w_avg", wSpace.average());
    }

    @Override
    protected void writeJson(JsonObject json) {
        json.addProperty("iteration", iteration);
        json.addProperty("pl_mean", plMean);
    }

    @Override
    protected void readState(Map<String, NDArray> tensors, JsonObject json) {
        iteration = json.get("iteration").getAsLong();
        plMean = json.get("pl_mean").getAsDouble();
    }
}
