package org.gen4j.models.gan;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.gen4j.augment.Augmentable;
import org.gen4j.augment.Augmenter;
import org.gen4j.nn.Module;
import org.gen4j.nn.Parameters;
import org.gen4j.train.Optimizer;
import org.gen4j.train.StepRandom;
import org.gen4j.train.TrainableModel;

/**
 * The scaffold of every GAN in gen4j: a generator G, a discriminator (or critic) D, the moving
 * average of G that sampling uses, one optimiser each, and what they need to be checkpointed and
 * restored. A model supplies its networks and optimisers, its training step built from
 * {@link #stepD} and {@link #stepG}, its sampler and any state of its own
 * ({@link #extraTensors}, {@link #writeJson}, {@link #readState}, {@link #modelStatus}).
 *
 * <p>Every image D sees in training passes {@link #augmented} (reals, fakes, and the inputs of
 * R1 or gradient-penalty functions, inside the function differentiated), and D's scores of the
 * reals in its main loss pass go to {@link #observeReals}: that is all a model does for
 * {@code --augment}. The augmenter's state is checkpointed with the model's and its status shown
 * with the model's.
 *
 * <p>Parameters, buffers and optimiser state live on the model's manager; everything a step
 * creates belongs to the caller's per-step scope. The moving average starts equal to G and is in
 * evaluation mode (see {@link Module#setTraining}).
 *
 * @param <C> the configuration record
 * @param <G> the generator
 * @param <D> the discriminator
 */
public abstract class Gan<C extends Record, G extends Module, D extends Module> implements TrainableModel, Augmentable {

    /** Builds one network of a model from its configuration, drawing initial values from {@code rng}. */
    @FunctionalInterface
    public interface Network<C, M extends Module> {
        M create(NDManager manager, SplittableRandom rng, C config);
    }

    /** Builds an optimiser over a network's parameters. */
    @FunctionalInterface
    public interface OptimizerFactory<C> {
        Optimizer create(NDManager manager, Map<String, NDArray> params, C config);
    }

    protected final C config;
    protected final NDManager manager;
    protected final G g;
    protected final D d;
    protected final G gEma;
    protected final Optimizer optG;
    protected final Optimizer optD;
    /** Real images shown so far, as last given to {@link #schedule}. */
    protected long imagesSeen;
    private Augmenter augmenter = Augmenter.NONE;

    /**
     * Builds G, D and the average of G in that order from streams split off {@code seed}, so a
     * seed gives the same initial networks on every machine.
     */
    protected Gan(C config, long seed, Network<C, G> generator, Network<C, D> discriminator, OptimizerFactory<C> gOptimizer,
            OptimizerFactory<C> dOptimizer) {
        this.config = config;
        this.manager = NDManager.newBaseManager();
        SplittableRandom rng = new SplittableRandom(seed);
        this.g = generator.create(manager, rng.split(), config);
        this.d = discriminator.create(manager, rng.split(), config);
        this.gEma = generator.create(manager, rng.split(), config);
        Parameters.setTrainable(gEma.parameters().values(), false);
        Parameters.copy(g.state(), gEma.state());
        gEma.setTraining(false);
        this.optG = gOptimizer.create(manager, g.parameters(), config);
        this.optD = dOptimizer.create(manager, d.parameters(), config);
    }

    public final C config() {
        return config;
    }

    /** The trained networks, G then D (for inspection: layer shapes, parameter counts, weight import). */
    public final java.util.List<Module> networks() {
        return java.util.List.of(g, d);
    }

    @Override
    public final void augmentWith(Augmenter augmenter) {
        this.augmenter = java.util.Objects.requireNonNull(augmenter, "augmenter");
    }

    @Override
    public final Augmenter augmenter() {
        return augmenter;
    }

    /**
     * Images as D sees them in training: through the augmenter (the identity without
     * {@code --augment}), differentiable in {@code images}.
     *
     * @param images {@code [N, C, H, W]}
     */
    protected final NDArray augmented(NDArray images, StepRandom random) {
        return augmenter.apply(images, random);
    }

    /** Tells the augmenter D's scores of the (augmented) reals of a main loss pass; returns them. */
    protected final NDArray observeReals(NDArray realScores) {
        augmenter.observeRealScores(realScores);
        return realScores;
    }

    /** What the progress line shows: the model's {@link #modelStatus} and the augmenter's (ADA's p). */
    @Override
    public final Map<String, Object> status() {
        Map<String, Object> s = new LinkedHashMap<>(modelStatus());
        s.putAll(augmenter.status());
        return s;
    }

    /** The model's own progress values (growth, generator steps); empty by default. */
    protected Map<String, Object> modelStatus() {
        return Map.of();
    }

    @Override
    public void schedule(long imagesSeen) {
        this.imagesSeen = imagesSeen;
    }

    /**
     * One update of D: the loss is built while gradients are recorded, back-propagated, and the
     * {@code active} parameters of D stepped. G is frozen meanwhile: its weight gradients are never
     * computed, though a loss may still differentiate through G (latent optimisation does).
     * Generate fakes before calling this where D needs only the images: outside it no graph is
     * recorded, so G's activations are not kept.
     *
     * @return the loss's value
     */
    protected final double stepD(Supplier<NDArray> loss, Iterable<String> active) {
        double value;
        Parameters.setTrainable(g.parameters().values(), false);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray l = loss.get();
            collector.backward(l);
            value = l.getFloat();
        } finally {
            Parameters.setTrainable(g.parameters().values(), true);
        }
        optD.step(active);
        return value;
    }

    /** {@link #stepD(Supplier, Iterable)} for every parameter of D. */
    protected final double stepD(Supplier<NDArray> loss) {
        return stepD(loss, d.parameters().keySet());
    }

    /**
     * One update of G through a frozen D: D's weight gradients are not computed at all, only the
     * gradients that flow through D to the images.
     *
     * @return the loss's value
     */
    protected final double stepG(Supplier<NDArray> loss, Iterable<String> active) {
        double value;
        Parameters.setTrainable(d.parameters().values(), false);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray l = loss.get();
            collector.backward(l);
            value = l.getFloat();
        } finally {
            Parameters.setTrainable(d.parameters().values(), true);
        }
        optG.step(active);
        return value;
    }

    /** {@link #stepG(Supplier, Iterable)} for every parameter of G. */
    protected final double stepG(Supplier<NDArray> loss) {
        return stepG(loss, g.parameters().keySet());
    }

    /** Tensors of the model's own to checkpoint besides the networks and optimisers (e.g. the average w). */
    protected Map<String, NDArray> extraTensors() {
        return Map.of();
    }

    /** Adds the model's own non-tensor state (schedule position, counters) to the checkpoint JSON. */
    protected void writeJson(JsonObject json) {}

    /** Restores what {@link #extraTensors} and {@link #writeJson} saved. */
    protected void readState(Map<String, NDArray> tensors, JsonObject json) {}

    /**
     * G, D and G's average (parameters and buffers, under {@code G.}, {@code D.}, {@code G_ema.}),
     * both optimisers' state (under {@code optG.}, {@code optD.}) and {@link #extraTensors}.
     */
    @Override
    public final Map<String, NDArray> stateTensors() {
        Map<String, NDArray> s = new LinkedHashMap<>();
        g.state().forEach((k, v) -> s.put("G." + k, v));
        d.state().forEach((k, v) -> s.put("D." + k, v));
        gEma.state().forEach((k, v) -> s.put("G_ema." + k, v));
        s.putAll(optG.state("optG."));
        s.putAll(optD.state("optD."));
        s.putAll(extraTensors());
        return s;
    }

    /** The optimisers' step counts and what {@link #writeJson} adds. */
    @Override
    public final JsonObject stateJson() {
        JsonObject o = new JsonObject();
        o.addProperty("optG_steps", optG.steps());
        o.addProperty("optD_steps", optD.steps());
        augmenter.write(o);
        writeJson(o);
        return o;
    }

    @Override
    public final void loadState(Map<String, NDArray> tensors, JsonObject json) {
        g.load(Parameters.withPrefix(tensors, "G."));
        d.load(Parameters.withPrefix(tensors, "D."));
        gEma.load(Parameters.withPrefix(tensors, "G_ema."));
        optG.load("optG.", tensors, json.get("optG_steps").getAsLong());
        optD.load("optD.", tensors, json.get("optD_steps").getAsLong());
        extraTensors().forEach((name, target) -> {
            NDArray source = tensors.get(name);
            if (source == null) {
                throw new IllegalArgumentException("missing tensor '" + name + "'");
            }
            Parameters.assign(target, source);
        });
        augmenter.read(json);
        readState(tensors, json);
    }

    /** Releases what the model holds besides its tensors (a frozen feature network); called by {@link #close}. */
    protected void release() {}

    @Override
    public final void close() {
        try {
            release();
        } finally {
            manager.close();
        }
    }
}
