package org.gen4j.models.stylegan3;

import ai.djl.ndarray.NDArray;
import org.gen4j.models.style.MappingNetwork;
import org.gen4j.models.style.StyleSampler;
import org.gen4j.models.style.WSpace;
import org.gen4j.train.TransformableGenerator;

/** StyleGAN3's sampler: the averaged mapping and synthesis networks, with the synthesis input's user transform. */
final class TransformableSampler extends StyleSampler implements TransformableGenerator {

    private final Synthesis synthesis;
    private final double margin;

    TransformableSampler(StyleGan3Config config, WSpace wSpace, MappingNetwork mapping, Synthesis synthesis) {
        super("StyleGAN3", config.zDim(), config.numClasses(), config.wDim(), config.imageChannels(), config.resolution(), wSpace,
                mapping::forward,
                ws -> synthesis.forward(ws, null, false));
        this.synthesis = synthesis;
        double m = Double.POSITIVE_INFINITY;
        for (LayerSchedule.Layer l : synthesis.schedule().layers()) {
            if (l.outSize() > config.resolution()) {
                m = Math.min(m, (l.outSize() - l.outSamplingRate()) / 2 / l.outSamplingRate());
            }
        }
        this.margin = m;
    }

    @Override
    public double margin() {
        return margin;
    }

    @Override
    public NDArray synthesis(NDArray ws, double[] inverse) {
        return synthesis.forward(ws, inverse, false);
    }
}
