package org.gen4j.models;

import org.gen4j.train.TrainableModel;

/**
 * A model family's entry in the {@link Models} registry: what it is called, which paper it
 * follows, its configuration record with named presets, and how to build it.
 *
 * <p>Every configuration record has the fields {@code resolution}, {@code batch} and
 * {@code imageChannels}; the command line sets them from {@code --resolution}, {@code --batch}
 * and the dataset, and every other field through {@code --set key=value}.
 *
 * @param <C> the configuration record
 */
public interface ModelSpec<C extends Record> {

    /** The name used on the command line, e.g. {@code progan}. */
    String name();

    /** The paper it implements: title, authors, venue. */
    String paper();

    /** Whether it models p(x|y) rather than p(x). */
    boolean conditional();

    Class<C> configType();

    /** Named presets, the default first. Each documents its deviations from the paper. */
    java.util.Map<String, C> presets();

    /** A configuration for {@code gen4j bench}: the same channel count at every resolution. */
    C benchConfig(int resolution, int channels, int batch, int imageChannels);

    /**
     * The images-seen position {@code gen4j bench} times (e.g. mid fade-in of the last growth
     * step); 0 for a model whose step does not depend on it.
     */
    default long benchPosition(C config) {
        return 0;
    }

    /** The training length (thousands of images) a run takes when {@code --kimg} is not given. */
    double defaultKimg(C config);

    /** A freshly initialised model, parameters drawn from {@code seed}. */
    TrainableModel create(C config, long seed);

    /** {@link #create} for a configuration known only as a record of this spec's type. */
    default TrainableModel createUnchecked(Record config, long seed) {
        return create(configType().cast(config), seed);
    }

    /** {@link #benchPosition} for a configuration known only as a record of this spec's type. */
    default long benchPositionUnchecked(Record config) {
        return benchPosition(configType().cast(config));
    }
}
