package org.gen4j.models.stylegan2;

/** What StyleGAN2's residual {@link Discriminator} is built from; StyleGAN3 trains with the same D. */
public interface DiscriminatorSettings {

    int resolution();

    int imageChannels();

    /** D's feature maps at side {@code res}. */
    int dChannelsAt(int res);

    /** Minibatch standard deviation group size (0: no such layer). */
    int mbstdGroup();

    /**
     * Width of the conditioning vector D takes beside the image (class labels, a diffusion
     * timestep), 0 for none. A conditioned D maps it to {@code dChannelsAt(4)} features and
     * projects its output onto them (the official {@code Discriminator}'s {@code mapping} and
     * {@code cmap}).
     */
    default int dConditionDim() {
        return 0;
    }

    /** Layers of D's conditioning mapping after its embedding (the official {@code mapping_kwargs.num_layers}). */
    default int dConditionLayers() {
        return 2;
    }
}
