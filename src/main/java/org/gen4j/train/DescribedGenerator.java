package org.gen4j.train;

/**
 * An {@link ImageGenerator} whose description (latent length, image channels and side, classes)
 * is fixed when it is made; subclasses give {@link #generate} and whatever capabilities they add.
 */
public abstract class DescribedGenerator implements ImageGenerator {

    private final int latentDim;
    private final int imageChannels;
    private final int resolution;
    private final int numClasses;

    protected DescribedGenerator(int latentDim, int imageChannels, int resolution, int numClasses) {
        this.latentDim = latentDim;
        this.imageChannels = imageChannels;
        this.resolution = resolution;
        this.numClasses = numClasses;
    }

    @Override
    public final int latentDim() {
        return latentDim;
    }

    @Override
    public final int imageChannels() {
        return imageChannels;
    }

    @Override
    public final int resolution() {
        return resolution;
    }

    @Override
    public final int numClasses() {
        return numClasses;
    }
}
