package org.gen4j.train;

import ai.djl.ndarray.NDArray;

/** What sampling, interpolation and evaluation need from a trained model: latents in, images out. */
public interface ImageGenerator {

    /** Length of a latent vector. */
    int latentDim();

    /** Channels of the images produced (1 grayscale, 3 RGB). */
    int imageChannels();

    /** Side of the images produced now (a growing model's current resolution). */
    int resolution();

    /** Number of classes it is conditioned on; 0 for an unconditional model. */
    int numClasses();

    /**
     * Generates images.
     *
     * @param latents {@code [N, latentDim]}
     * @param classes {@code [N]} class indices (int64) for conditional models, otherwise {@code null}
     * @return {@code [N, C, R, R]}, values nominally in [-1, 1]
     */
    NDArray generate(NDArray latents, NDArray classes);

    /**
     * The latent of seed {@code s}: standard normal values from a generator seeded with {@code s}
     * ({@link Sampler#latent}), unless the model samples its latents otherwise (BigGAN's
     * truncation trick, {@link LatentTruncation}).
     */
    default float[] latent(long seed) {
        return Sampler.latent(seed, latentDim());
    }

    /** A generator from its description and its image function {@code (latents, classes) -> images}. */
    static ImageGenerator of(int latentDim, int imageChannels, int resolution, int numClasses,
            java.util.function.BinaryOperator<NDArray> generate) {
        return new DescribedGenerator(latentDim, imageChannels, resolution, numClasses) {
            @Override
            public NDArray generate(NDArray latents, NDArray classes) {
                return generate.apply(latents, classes);
            }
        };
    }

    /** An {@link ImageGenerator} that describes its images and draws its latents as {@code base} does. */
    abstract class Delegate implements ImageGenerator {
        private final ImageGenerator base;

        protected Delegate(ImageGenerator base) {
            this.base = base;
        }

        @Override
        public int latentDim() {
            return base.latentDim();
        }

        @Override
        public int imageChannels() {
            return base.imageChannels();
        }

        @Override
        public int resolution() {
            return base.resolution();
        }

        @Override
        public int numClasses() {
            return base.numClasses();
        }

        @Override
        public float[] latent(long seed) {
            return base.latent(seed);
        }
    }
}
