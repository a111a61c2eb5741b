package org.gen4j.models.style;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.function.UnaryOperator;
import org.gen4j.ops.Autograd;
import org.gen4j.ops.Scalars;
import org.gen4j.train.StepRandom;

/**
 * The lengths that StyleGAN2's path-length regularisation (Karras et al. 2020, "Analyzing and
 * Improving the Image Quality of StyleGAN", section 3.2, equation 4) keeps near their running mean:
 * {@code ||J_w^T y||_2} per sample for images {@code g(w)} and {@code y ~ N(0, I) / sqrt(H W)}, the
 * squared norm averaged over the broadcast ws as the official code does.
 */
public final class PathLength {

    private PathLength() {}

    /**
     * @param ws the broadcast latents {@code [N, numWs, wDim]}, recording gradients
     * @param synthesis images {@code [N, C, H, W]} from ws
     * @return {@code [N]}, differentiable (the penalty's gradient passes through the Jacobian)
     */
    public static NDArray lengths(NDArray ws, UnaryOperator<NDArray> synthesis, StepRandom random) {
        NDArray grad = Autograd.differentiate(ws, w -> {
            NDArray img = synthesis.apply(w);
            Shape s = img.getShape();
            return img.mul(Scalars.mul(random.normal(img.getManager(), s.getShape()), 1 / Math.sqrt(s.get(2) * s.get(3))));
        }).gradient(); // [N, numWs, wDim]
        return grad.square().sum(new int[] {2}).mean(new int[] {1}).sqrt();
    }
}
