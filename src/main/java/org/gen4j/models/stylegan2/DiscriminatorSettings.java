package org.gen4j.models.stylegan2;

/** What StyleGAN2's residual {@link Discriminator} is built from; StyleGAN3 trains with the same D. */
public interface DiscriminatorSettings {

    int resolution();

    int imageChannels();

    /** D's feature maps at side {@code res}. */
    int dChannelsAt(int res);

    /** Minibatch standard deviation group size (0: no such layer). */
    int mbstdGroup();
}
