package org.gen4j.models.styleganxl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.gen4j.nn.Embedding;
import org.gen4j.nn.FullyConnected;
import org.gen4j.nn.Init;
import org.gen4j.nn.Module;
import org.gen4j.nn.Parameters;
import org.gen4j.ops.Normalization;
import org.gen4j.ops.Shapes;

/**
 * StyleGAN-XL's mapping network (section 3.1; official {@code MappingNetwork} of
 * {@code networks_stylegan3_resetting.py}): z normalised to unit second moment; when conditional,
 * the class's embedding (taken from a feature network's class features: the paper's ImageNet
 * embeddings of EfficientNet-lite0, here the trained projection network's class directions, else
 * random) projected by a leaky-ReLU layer to {@code zDim}, normalised likewise and concatenated
 * to z; then fully connected layers with the learning-rate multiplier. A class mixture (convex
 * weights) embeds to the same mixture of the classes' embeddings.
 */
final class XlMapping extends Module {

    private static final double EPS = 1e-8;
    private final Embedding embed;
    private final FullyConnected embedProj;
    private final List<FullyConnected> layers = new ArrayList<>();
    private final int zDim;

    /**
     * @param classDirections a feature network's class directions {@code [numClasses, d]}, or
     *     {@code null} (or another class count) for random embeddings of length {@code zDim}
     */
    XlMapping(NDManager m, RandomGenerator rng, StyleGanXlConfig c, NDArray classDirections) {
        this.zDim = c.zDim();
        if (c.numClasses() > 0) {
            boolean fromNet = classDirections != null && classDirections.getShape().get(0) == c.numClasses();
            int dim = fromNet ? (int) classDirections.getShape().get(1) : c.zDim();
            embed = child("embed", new Embedding(m, rng, c.numClasses(), dim, false, Init.normal(1)));
            if (fromNet) {
                Parameters.assign(embed.weight(), classDirections);
            }
            embedProj = child("embed_proj", new FullyConnected(m, rng, dim, c.zDim(), true, 1, 0, true));
        } else {
            embed = null;
            embedProj = null;
        }
        int first = c.zDim() * (c.numClasses() > 0 ? 2 : 1);
        for (int i = 0; i < c.mappingLayers(); i++) {
            layers.add(child("fc" + i, new FullyConnected(m, rng, i == 0 ? first : c.wDim(), c.wDim(), true, c.mappingLrMul(), 0, true)));
        }
    }

    /**
     * @param z {@code [N, zDim]}
     * @param c class weights {@code [N, numClasses]} (one-hot), {@code null} when unconditional
     * @return w {@code [N, wDim]}
     */
    NDArray forward(NDArray z, NDArray c) {
        Shapes.check(z, "StyleGAN-XL latent", Shapes.ANY, zDim);
        NDArray x = Normalization.pixelNorm(z, EPS);
        if (embed != null) {
            x = x.concat(Normalization.pixelNorm(embedProj.forward(embed.forward(c)), EPS), 1);
        }
        for (FullyConnected fc : layers) {
            x = fc.forward(x);
        }
        return x;
    }
}
