package org.gen4j.nn;

/** The weight initialisations a configuration can name, each as its papers and codes use it. */
public enum WeightInit {
    /** Orthogonal (Saxe et al. 2014), BigGAN's choice. */
    ORTHOGONAL,
    /** {@code N(0, 0.02^2)}, DCGAN's and BigGAN-PyTorch's CIFAR scripts'. */
    N02,
    /** Glorot-uniform, the SAGAN TensorFlow code's. */
    XAVIER;

    public Init init() {
        return switch (this) {
            case ORTHOGONAL -> Init.orthogonal();
            case N02 -> Init.normal(0.02);
            case XAVIER -> Init.xavierUniform();
        };
    }
}
