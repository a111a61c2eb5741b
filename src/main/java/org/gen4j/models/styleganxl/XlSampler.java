package org.gen4j.models.styleganxl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import org.gen4j.Gen4jException;
import org.gen4j.models.style.WSpace;
import org.gen4j.models.stylegan3.Synthesis;
import org.gen4j.nn.Embedding;
import org.gen4j.ops.Scalars;
import org.gen4j.ops.Shapes;
import org.gen4j.train.ConditionalGenerator;
import org.gen4j.train.DescribedGenerator;
import org.gen4j.train.StyleGenerator;

/**
 * StyleGAN-XL's sampler: the moving-average mapping and synthesis networks, with truncation
 * towards the average w of each image's class (official {@code MappingNetwork}: {@code w_avg[c]}),
 * or the single average of an unconditional model.
 */
final class XlSampler extends DescribedGenerator implements StyleGenerator, ConditionalGenerator {

    private final XlMapping mapping;
    private final Synthesis synthesis;
    private final NDArray wAvg; // [classRows, wDim]
    private final int wDim;

    XlSampler(StyleGanXlConfig config, XlMapping mapping, Synthesis synthesis, NDArray wAvg) {
        super(config.zDim(), config.imageChannels(), config.resolution(), config.numClasses());
        this.mapping = mapping;
        this.synthesis = synthesis;
        this.wAvg = wAvg;
        this.wDim = config.wDim();
    }

    @Override
    public int numWs() {
        return synthesis.numWs();
    }

    @Override
    public int wDim() {
        return wDim;
    }

    @Override
    public NDArray mapping(NDArray latents, NDArray classes, double psi, int cutoff) {
        Gen4jException.check(cutoff >= 0 && cutoff <= numWs(), "the truncation cutoff %d is out of range; this model has layers 0 to %d.",
                cutoff, numWs() - 1);
        int n = (int) latents.getShape().get(0);
        NDArray ws = WSpace.broadcast(mapping.forward(latents, classWeights(classes)), numWs());
        if (psi == 1 || cutoff == 0) {
            return ws;
        }
        long[] rows = numClasses() == 0 ? new long[n] : classes.toType(DataType.INT64, false).toLongArray();
        NDArray centre = wAvg.get(latents.getManager().create(rows)).expandDims(1); // [N, 1, wDim]
        NDArray truncated = Scalars.mul(ws.sub(centre), psi).add(centre);
        if (cutoff >= numWs()) {
            return truncated;
        }
        return NDArrays.concat(new NDList(truncated.get(":, :" + cutoff + ", :"), ws.get(":, " + cutoff + ":, :")), 1);
    }

    private NDArray classWeights(NDArray classes) {
        if (numClasses() == 0) {
            Gen4jException.check(classes == null, "StyleGAN-XL model is unconditional; it takes no class labels.");
            return null;
        }
        Gen4jException.check(classes != null, "this StyleGAN-XL model is class-conditional; give each image a class.");
        for (long k : classes.toType(DataType.INT64, false).toLongArray()) {
            Gen4jException.check(k >= 0 && k < numClasses(), "class %d is out of range; the model has classes 0 to %d.", k, numClasses() - 1);
        }
        return Embedding.oneHot(classes, numClasses());
    }

    @Override
    public NDArray synthesis(NDArray ws) {
        return synthesis.forward(ws, null, false);
    }

    @Override
    public NDArray generateMixed(NDArray latents, NDArray classWeights) {
        Gen4jException.check(numClasses() > 0, "this StyleGAN-XL model is unconditional; it has no classes to mix.");
        Shapes.check(classWeights, "class weights", Shapes.ANY, numClasses());
        return synthesis(WSpace.broadcast(mapping.forward(latents, classWeights), numWs()));
    }
}
