package org.gen4j.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/** Feature normalisations; their learned gains and biases, if any, are passed in. */
public final class Normalization {

    private static final int[] CHANNEL_AXIS = {1};
    private static final int[] PIXEL_AXIS = {2};

    private Normalization() {}

    /**
     * Pixelwise feature vector normalisation (ProGAN, Karras et al. 2018, section 4.2):
     * {@code b[n,c,y,x] = a[n,c,y,x] / sqrt(mean_c(a[n,:,y,x]^2) + eps)}, so every pixel's feature
     * vector has unit root-mean-square over channels. Also serves 2-D inputs {@code [N, C]}, where
     * it is StyleGAN's {@code normalize_2nd_moment} of the latent.
     *
     * @param x {@code [N, C, H, W]} or {@code [N, C]}
     * @param eps the paper's epsilon, 1e-8
     * @return same shape as {@code x}
     */
    public static NDArray pixelNorm(NDArray x, double eps) {
        return x.div(x.square().mean(CHANNEL_AXIS, true).addi(eps).sqrt());
    }

    /**
     * Instance normalisation without learned parameters (Ulyanov et al. 2016), the normalising
     * half of StyleGAN's AdaIN (equation 1): every feature map of every sample is shifted to zero
     * mean and scaled to unit variance over its pixels, {@code eps} added to the variance.
     *
     * @param x {@code [N, C, H, W]}
     */
    public static NDArray instanceNorm(NDArray x, double eps) {
        Shape s = x.getShape();
        // DJL's mean reduces over one axis only: the pixels are flattened into one
        NDArray flat = x.reshape(s.get(0), s.get(1), -1);
        NDArray centred = flat.sub(flat.mean(PIXEL_AXIS, true));
        return centred.div(centred.square().mean(PIXEL_AXIS, true).addi(eps).sqrt()).reshape(s);
    }

    /**
     * Batch normalisation (Ioffe and Szegedy 2015, Algorithm 1) as {@code torch.batch_norm}:
     * {@code y = (x - mean) / sqrt(var + eps) * gamma + beta} per channel. In training mode the
     * mean and (biased) variance are those of the batch over {@code N, H, W}, and the running
     * statistics move towards the batch's (unbiased variance) by {@code momentum}:
     * {@code running := (1 - momentum) running + momentum batch}. Otherwise the running
     * statistics are used and left alone.
     *
     * @param x {@code [N, C, H, W]} or {@code [N, C]}
     * @param runningMean {@code [C]}, updated in place in training mode
     * @param runningVar {@code [C]}, updated in place in training mode
     * @param gamma {@code [C]}
     * @param beta {@code [C]}
     */
    public static NDArray batchNorm(NDArray x, NDArray runningMean, NDArray runningVar, NDArray gamma, NDArray beta,
            boolean training, double momentum, double eps) {
        NDArray y = JniUtils.batchNorm((PtNDArray) x, (PtNDArray) runningMean, (PtNDArray) runningVar, (PtNDArray) gamma,
                (PtNDArray) beta, training, momentum, eps);
        y.attach(x.getManager());
        return y;
    }
}
