package org.gen4j.train;

import ai.djl.ndarray.NDArray;

/**
 * A style-based generator whose synthesis renders through a transform of its input (StyleGAN3,
 * Karras et al. 2021, section 3.1 and appendix F: the Fourier features are sampled in transformed
 * coordinates, so the output image moves with the transform). Coordinates are the image's: it
 * spans one unit, x to the right and y down, the origin at its centre.
 */
public interface TransformableGenerator extends StyleGenerator {

    /**
     * Images {@code [N, C, R, R]} from ws {@code [N, numWs, wDim]} with the input transformed by
     * {@code inverse}, the 3x3 row-major inverse of the output image's transform (the identity
     * renders as {@link #synthesis(NDArray)} does).
     */
    NDArray synthesis(NDArray ws, double[] inverse);

    /** How far beyond each edge every layer synthesises, in fractions of the image side (StyleGAN3: the margin over the highest sampling rate). */
    double margin();

    /**
     * The inverse of the image transform {@code --translate X,Y --rotate DEG} describes, as the
     * official {@code gen_images.py} builds it: {@code [[cos a, sin a, x], [-sin a, cos a, y], [0, 0, 1]]}
     * with {@code a} in degrees, inverted.
     */
    static double[] inverseOf(double tx, double ty, double degrees) {
        double a = Math.toRadians(degrees), c = Math.cos(a), s = Math.sin(a);
        // the inverse of [R t; 0 1] is [R^T, -R^T t; 0 1]
        return new double[] {c, -s, -(c * tx - s * ty), s, c, -(s * tx + c * ty), 0, 0, 1};
    }

    /** This generator with every image translated by {@code (tx, ty)} and rotated by {@code degrees}. */
    default StyleGenerator transformed(double tx, double ty, double degrees) {
        TransformableGenerator self = this;
        double[] inverse = inverseOf(tx, ty, degrees);
        return new TransformedView(self, inverse);
    }

    /** {@link #transformed}'s view: the same mapping, synthesis through a fixed transform. */
    final class TransformedView extends ImageGenerator.Delegate implements StyleGenerator {
        private final TransformableGenerator base;
        private final double[] inverse;

        TransformedView(TransformableGenerator base, double[] inverse) {
            super(base);
            this.base = base;
            this.inverse = inverse.clone();
        }

        @Override
        public int numWs() {
            return base.numWs();
        }

        @Override
        public int wDim() {
            return base.wDim();
        }

        @Override
        public NDArray mapping(NDArray latents, NDArray classes, double psi, int cutoff) {
            return base.mapping(latents, classes, psi, cutoff);
        }

        @Override
        public NDArray synthesis(NDArray ws) {
            return base.synthesis(ws, inverse);
        }
    }
}
