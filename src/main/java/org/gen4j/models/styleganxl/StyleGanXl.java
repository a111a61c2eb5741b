package org.gen4j.models.styleganxl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import org.gen4j.Gen4jException;
import org.gen4j.augment.DiffAugment;
import org.gen4j.models.gan.ClassInput;
import org.gen4j.models.gan.Gan;
import org.gen4j.models.style.PathLength;
import org.gen4j.models.style.WSpace;
import org.gen4j.models.stylegan3.LayerSchedule;
import org.gen4j.models.stylegan3.Synthesis;
import org.gen4j.nn.Embedding;
import org.gen4j.nn.Module;
import org.gen4j.nn.Parameters;
import org.gen4j.ops.Losses;
import org.gen4j.ops.Scalars;
import org.gen4j.ops.UpFirDn;
import org.gen4j.train.Adam;
import org.gen4j.train.Ema;
import org.gen4j.train.FeatureNetworkUser;
import org.gen4j.train.StepRandom;
import org.gen4j.train.StyleGenerator;

/**
 * StyleGAN-XL (Sauer, Schwarz, Geiger, SIGGRAPH 2022; autonomousvision/stylegan-xl
 * {@code ProjectedGANLoss}): StyleGAN3-T's {@link Synthesis} behind {@link XlMapping}, trained
 * against a {@link ProjectedDiscriminator} on a frozen {@link ProjectionNetwork}. Per minibatch:
 *
 * <ul>
 *   <li>Gmain: the hinge generator loss {@code -E[D(G(z, c), c)]} over every patch logit of every
 *       depth together (the official loss concatenates them), plus, with
 *       {@code guidanceWeight > 0} in a grown stage (the official {@code train.py} sets the weight
 *       to 0 for a stem), classifier guidance (section 3.3): the cross-entropy of a frozen
 *       classifier on the generated images against their classes, times the weight.
 *   <li>Dmain: the hinge loss {@code E[max(0, 1 - D(x))] + E[max(0, 1 + D(G(z)))]}; no R1
 *       (Projected GAN, section 3.3). This pass moves the per-class average w.
 *   <li>Greg, in a stem from {@code plStartKimg} on, every 4 minibatches: path-length
 *       regularisation (see {@link #pathLengthPenalty}).
 * </ul>
 *
 * <p>D sees every image blurred (sigma {@code blurSigma} fading out over {@code blurFadeKimg}),
 * through {@code --augment} if given, then DiffAugment's color, translation and cutout (applied
 * inside the official discriminator before the feature network), then the frozen feature
 * network. Fakes get the real minibatch's classes. As in the official code the synthesis layers'
 * input-magnitude averages never move in training ("enabling emas leads to collapse with PG").
 * A stage grown from a stem ({@link Growth}) trains only its head layers.
 */
public final class StyleGanXl extends Gan<StyleGanXlConfig, StyleGanXl.Generator, ProjectedDiscriminator> implements FeatureNetworkUser {

    /** Mapping and synthesis networks. */
    static final class Generator extends Module {
        final XlMapping mapping;
        final Synthesis synthesis;

        Generator(NDManager m, SplittableRandom rng, StyleGanXlConfig c, LayerSchedule schedule, NDArray classDirections) {
            mapping = child("mapping", new XlMapping(m, rng.split(), c, classDirections));
            synthesis = child("synthesis", new Synthesis(m, rng.split(), schedule, c.wDim(), c.outputScale(), c.convClamp(),
                    c.magnitudeEmaBeta()));
        }
    }

    /** What is opened before the networks are built: the frozen networks and the layer schedule. */
    private record Parts(ProjectionNetwork projection, ProjectionNetwork guidance, Growth growth, NDArray classDirections,
            NDManager scratch) {

        /**
         * What G's class embedding starts from: a grown stage's is the stem's (its shape follows
         * the stem's, whatever this stage's projection network), a stem's the class directions.
         */
        NDArray generatorEmbedding() {
            return growth.headFrom() > 0 ? growth.stemState().get("mapping.embed.weight") : classDirections;
        }
    }

    private final ProjectionNetwork projection;
    private final ProjectionNetwork guidance; // null without guidance; may be the projection network
    private final NDArray wAvg; // [classRows, wDim]
    private final DiffAugment diffAugment = new DiffAugment(DiffAugment.ALL);
    private final List<String> trainedG;
    private final List<String> plParams;
    private final int headFrom;
    private double plMean;
    private long iteration;

    /**
     * The official loop's lazy-regularisation intervals (its defaults for {@code stylegan3-t}): G's
     * path-length pass runs every 4 minibatches; D has no regulariser, yet its Adam carries the
     * correction for an interval of 16 as the official optimiser does.
     */
    static final int G_REG_INTERVAL = 4;
    static final int D_REG_INTERVAL = 16;

    public StyleGanXl(StyleGanXlConfig config, long seed) {
        this(config, seed, open(config, seed));
    }

    /** A model on given frozen networks (tests): {@code guidance} may be null. */
    StyleGanXl(StyleGanXlConfig config, long seed, ProjectionNetwork projection, ProjectionNetwork guidance) {
        this(config, seed, parts(config, projection, guidance));
    }

    private StyleGanXl(StyleGanXlConfig config, long seed, Parts p) {
        super(config, seed, (m, rng, c) -> new Generator(m, rng, c, p.growth().schedule(), p.generatorEmbedding()),
                (m, rng, c) -> new ProjectedDiscriminator(m, rng, c, p.projection().channels(), p.projection().sizes(), p.classDirections()),
                (m, params, c) -> lazyAdam(m, params, c.gLearningRate(), c, G_REG_INTERVAL),
                (m, params, c) -> lazyAdam(m, params, c.dLearningRate(), c, D_REG_INTERVAL));
        this.projection = p.projection();
        this.guidance = p.guidance();
        this.wAvg = manager.zeros(new Shape(config.classRows(), config.wDim()));
        this.headFrom = p.growth().headFrom();
        try {
            if (headFrom > 0) {
                p.growth().loadStem(g.state());
                Parameters.copy(g.state(), gEma.state());
                NDArray stemAvg = p.growth().stemState().get("w_avg");
                if (stemAvg != null) {
                    Parameters.assign(wAvg, stemAvg);
                }
                List<String> head = new ArrayList<>();
                for (LayerSchedule.Layer l : p.growth().schedule().layers().subList(headFrom, p.growth().schedule().layers().size())) {
                    head.add("synthesis." + Growth.layerName(l) + ".");
                }
                trainedG = g.parameters().keySet().stream().filter(k -> head.stream().anyMatch(k::startsWith)).toList();
                Parameters.setTrainable(g.parameters().entrySet().stream().filter(e -> !trainedG.contains(e.getKey()))
                        .map(Map.Entry::getValue).toList(), false);
            } else {
                trainedG = List.copyOf(g.parameters().keySet());
            }
            // the official path-length pass computes no convolution weight gradients (conv2d_gradfix.no_weight_gradients)
            plParams = trainedG.stream().filter(k -> !k.matches("synthesis\\.L[^.]+\\.weight")).toList();
        } finally {
            p.scratch().close();
        }
    }

    /** Opens the frozen networks and the stem a configuration names; {@code seed} draws a random projection network. */
    private static Parts open(StyleGanXlConfig c, long seed) {
        ProjectionNetwork projection = ProjectionNetwork.open(c.projectionNet(), "projectionNet", c.imageChannels(), c.resolution(), seed ^ 0x5eedL);
        ProjectionNetwork guidance = null;
        try {
            if (c.guidanceWeight() > 0 && !c.stem().isEmpty()) { // the official train.py guides super-resolution stages only
                guidance = c.guidanceNet().isEmpty() ? projection
                        : ProjectionNetwork.open(c.guidanceNet(), "guidanceNet", c.imageChannels(), c.resolution(), 0);
            }
            return parts(c, projection, guidance);
        } catch (RuntimeException e) {
            if (guidance != null && guidance != projection) {
                guidance.close();
            }
            projection.close();
            throw e;
        }
    }

    private static Parts parts(StyleGanXlConfig c, ProjectionNetwork projection, ProjectionNetwork guidance) {
        if (guidance != null) {
            Gen4jException.check(guidance.trained() && guidance.numClasses() == c.numClasses(), "classifier guidance needs a classifier "
                    + "trained on the data's %d classes; give guidanceNet (or projectionNet) a gen4j featnet train file of this data, "
                    + "or set guidanceWeight=0.", c.numClasses());
        }
        NDManager scratch = NDManager.newBaseManager();
        try {
            NDArray directions = projection.trained() && c.numClasses() > 0 && projection.numClasses() == c.numClasses()
                    ? projection.classDirections().toType(DataType.FLOAT32, true) : null;
            if (directions != null) {
                directions.attach(scratch);
            }
            return new Parts(projection, guidance, Growth.of(c, scratch), directions, scratch);
        } catch (RuntimeException e) {
            scratch.close();
            throw e;
        }
    }

    /** Adam with StyleGAN2's lazy-regularisation correction for {@code interval}: step {@code lr c}, betas {@code beta^c}, {@code c = interval / (interval + 1)}. */
    private static Adam lazyAdam(NDManager m, Map<String, NDArray> params, double lr, StyleGanXlConfig c, int interval) {
        double r = interval / (interval + 1.0);
        return new Adam(m, params, lr * r, Math.pow(c.beta1(), r), Math.pow(c.beta2(), r), c.adamEpsilon());
    }

    /** One-hot classes {@code [N, numClasses]} of a minibatch, {@code null} for an unconditional model. */
    private NDArray onehot(NDArray labels, int n, NDManager m) {
        return config.numClasses() == 0 ? null
                : Embedding.oneHot(ClassInput.forTraining(labels, config.numClasses(), n, m, "StyleGAN-XL"), config.numClasses());
    }

    /** Class rows of the average w per image: the labels, or row 0 for an unconditional model. */
    private long[] rows(NDArray labels, int n) {
        return config.numClasses() == 0 || labels == null ? new long[n] : labels.toType(DataType.INT64, false).toLongArray();
    }

    @Override
    public Map<String, Double> step(NDArray reals, NDArray classes, StepRandom random) {
        Map<String, Double> out = new LinkedHashMap<>();
        int n = (int) reals.getShape().get(0);
        NDArray c = onehot(classes, n, reals.getManager());
        gMain(reals, classes, c, random, out);
        if (pathLengthDue()) {
            gReg(reals, c, random, out);
        }
        dMain(reals, classes, c, random, out);
        iteration++;
        Ema.update(gEma.parameters(), g.parameters(), Ema.halfLifeBeta(n, config.emaKimg(), config.emaRampup(), imagesSeen));
        Parameters.copy(g.buffers(), gEma.buffers());
        return out;
    }

    private void gMain(NDArray reals, NDArray labels, NDArray c, StepRandom random, Map<String, Double> out) {
        int n = (int) reals.getShape().get(0);
        out.put("loss_G", stepG(() -> {
            NDArray img = g.synthesis.forward(WSpace.broadcast(g.mapping.forward(random.normal(reals.getManager(), n, config.zDim()), c),
                    g.synthesis.numWs()), null, false);
            NDArray loss = Losses.hingeGenerator(flat(logits(img, c, random)));
            if (guidance != null) {
                NDArray ce = guidanceLoss(img, ClassInput.forTraining(labels, config.numClasses(), n, reals.getManager(), "StyleGAN-XL"));
                out.put("guidance", (double) ce.getFloat());
                loss = loss.add(Scalars.mul(ce, config.guidanceWeight()));
            }
            return loss;
        }, trainedG));
    }

    /** Path-length regularisation runs every {@link #G_REG_INTERVAL} minibatches from {@code plStartKimg} on, in a stem only. */
    private boolean pathLengthDue() {
        return config.plWeight() > 0 && headFrom == 0 && imagesSeen >= config.plStartKimg() * 1000 && iteration % G_REG_INTERVAL == 0;
    }

    /**
     * Greg (official {@code ProjectedGANLoss}, as StyleGAN2's section 3.2): on half the minibatch,
     * {@code plWeight (||J_w^T y|| - a)^2} with {@code y ~ N(0, I) / sqrt(H W)}, the squared norm
     * averaged over the ws, {@code a} the running mean (decay 0.01); no gain for the interval (the
     * official loss omits it) and no convolution-weight gradients.
     */
    private void gReg(NDArray reals, NDArray c, StepRandom random, Map<String, Double> out) {
        int n = Math.max(1, (int) reals.getShape().get(0) / 2);
        NDArray plC = c == null ? null : c.get(":" + n);
        stepG(() -> {
            NDArray penalty = pathLengthPenalty(random.normal(reals.getManager(), n, config.zDim()), plC, random);
            out.put("pl_penalty", (double) penalty.getFloat());
            return Scalars.mul(penalty, config.plWeight());
        }, plParams);
    }

    /** {@code E (||J_w^T y|| - a)^2} after moving {@code a} towards this batch's mean length. Call while gradients are recorded. */
    NDArray pathLengthPenalty(NDArray z, NDArray c, StepRandom random) {
        NDArray ws = WSpace.broadcast(g.mapping.forward(z, c), g.synthesis.numWs());
        NDArray lengths = PathLength.lengths(ws, w -> g.synthesis.forward(w, null, false), random);
        plMean += (lengths.stopGradient().mean().getFloat() - plMean) * 0.01;
        return lengths.sub(plMean).square().mean();
    }

    private void dMain(NDArray reals, NDArray labels, NDArray c, StepRandom random, Map<String, Double> out) {
        int n = (int) reals.getShape().get(0);
        // G runs without recording a graph here: only D learns from these fakes
        NDArray w = g.mapping.forward(random.normal(reals.getManager(), n, config.zDim()), c);
        trackAverage(w, rows(labels, n));
        NDArray fake = g.synthesis.forward(WSpace.broadcast(w, g.synthesis.numWs()), null, false);
        out.put("loss_D", stepD(() -> {
            NDArray real = observeReals(flat(logits(reals, c, random)));
            return Losses.hingeDiscriminator(real, flat(logits(fake, c, random)));
        }));
    }

    /**
     * The classifier-guidance loss: mean cross-entropy of the frozen classifier's logits on
     * {@code images} against class indices {@code labels [N]}, differentiable in the images.
     */
    NDArray guidanceLoss(NDArray images, NDArray labels) {
        return Losses.crossEntropy(guidance.logits(images), labels);
    }

    /**
     * D's patch logits per depth of images as D sees them in training: blurred, augmented
     * ({@code --augment}, then DiffAugment), embedded by the frozen network, mixed and scored.
     */
    List<NDArray> logits(NDArray images, NDArray c, StepRandom random) {
        NDArray x = UpFirDn.gaussianBlur(images, config.blurAt(imagesSeen));
        x = diffAugment.apply(augmented(x, random), random);
        return d.forward(projection.features(x), c);
    }

    /** Every depth's logits flattened and concatenated, {@code [N, total patches]}. */
    static NDArray flat(List<NDArray> logits) {
        NDList l = new NDList();
        for (NDArray x : logits) {
            l.add(x.reshape(x.getShape().get(0), -1));
        }
        return NDArrays.concat(l, 1);
    }

    /**
     * Moves each class's average w towards this pass's ws of that class, one sample at a time as
     * the official loop does ({@code w_avg[y] = lerp(w, w_avg[y], beta)}); an unconditional
     * model's single average moves towards the batch mean.
     */
    private void trackAverage(NDArray w, long[] rows) {
        int n = rows.length, dim = config.wDim();
        float[] ws = w.toFloatArray(), avg = wAvg.toFloatArray();
        double beta = config.wAvgBeta();
        if (config.numClasses() == 0) {
            for (int j = 0; j < dim; j++) {
                double mean = 0;
                for (int i = 0; i < n; i++) {
                    mean += ws[i * dim + j];
                }
                mean /= n;
                avg[j] = (float) (mean + beta * (avg[j] - mean));
            }
        } else {
            for (int i = 0; i < n; i++) {
                int r = (int) rows[i];
                for (int j = 0; j < dim; j++) {
                    avg[r * dim + j] = (float) (ws[i * dim + j] + beta * (avg[r * dim + j] - ws[i * dim + j]));
                }
            }
        }
        try (NDArray a = w.getManager().create(avg, wAvg.getShape())) {
            Parameters.assign(wAvg, a);
        }
    }

    @Override
    public Map<String, BiConsumer<NDArray, StepRandom>> benchPhases() {
        Map<String, BiConsumer<NDArray, StepRandom>> phases = new LinkedHashMap<>();
        phases.put("gmain", (reals, random) -> gMain(reals, benchLabels(reals), onehot(benchLabels(reals), n(reals), reals.getManager()),
                random, new LinkedHashMap<>()));
        phases.put("dmain", (reals, random) -> dMain(reals, benchLabels(reals), onehot(benchLabels(reals), n(reals), reals.getManager()),
                random, new LinkedHashMap<>()));
        phases.put("feature_net", (reals, random) -> projection.features(reals));
        return phases;
    }

    private static int n(NDArray reals) {
        return (int) reals.getShape().get(0);
    }

    private NDArray benchLabels(NDArray reals) {
        return config.numClasses() == 0 ? null : reals.getManager().zeros(new Shape(n(reals)), DataType.INT64);
    }

    @Override
    protected Map<String, NDArray> extraTensors() {
        return Map.of("w_avg", wAvg);
    }

    @Override
    protected void writeJson(com.google.gson.JsonObject json) {
        json.addProperty("iteration", iteration);
        json.addProperty("pl_mean", plMean);
    }

    @Override
    protected void readState(Map<String, NDArray> tensors, com.google.gson.JsonObject json) {
        iteration = json.get("iteration").getAsLong();
        plMean = json.get("pl_mean").getAsDouble();
    }

    @Override
    protected Map<String, Object> modelStatus() {
        Map<String, Object> s = new LinkedHashMap<>();
        double blur = config.blurAt(imagesSeen);
        if (blur > 0) {
            s.put("blur", Math.round(blur * 100) / 100.0);
        }
        if (plMean > 0) {
            s.put("pl_mean", Math.round(plMean * 1000) / 1000.0);
        }
        return s;
    }

    @Override
    public List<String> featureNetworkIds() {
        List<String> ids = new ArrayList<>(List.of(projection.id()));
        if (guidance != null && guidance != projection) {
            ids.add(guidance.id());
        }
        return ids;
    }

    @Override
    public StyleGenerator generator() {
        return new XlSampler(config, gEma.mapping, gEma.synthesis, wAvg);
    }

    @Override
    protected void release() {
        if (guidance != null && guidance != projection) {
            guidance.close();
        }
        projection.close();
    }

    // for tests

    ProjectionNetwork projection() {
        return projection;
    }

    ProjectedDiscriminator discriminator() {
        return d;
    }

    Generator trainedGenerator() {
        return g;
    }

    List<String> trainedParameters() {
        return trainedG;
    }

    NDArray averageW() {
        return wAvg;
    }

    List<String> plParameters() {
        return plParams;
    }
}
