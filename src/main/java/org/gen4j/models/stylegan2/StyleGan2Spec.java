package org.gen4j.models.stylegan2;

import java.util.LinkedHashMap;
import java.util.Map;
import org.gen4j.models.ModelSpec;
import org.gen4j.train.TrainableModel;

/** Registry entry for StyleGAN2. */
public final class StyleGan2Spec implements ModelSpec<StyleGan2Config> {

    @Override
    public String name() {
        return "stylegan2";
    }

    @Override
    public String paper() {
        return "Analyzing and Improving the Image Quality of StyleGAN (Karras et al., CVPR 2020)";
    }

    @Override
    public boolean conditional() {
        return false;
    }

    @Override
    public Class<StyleGan2Config> configType() {
        return StyleGan2Config.class;
    }

    @Override
    public Map<String, StyleGan2Config> presets() {
        Map<String, StyleGan2Config> p = new LinkedHashMap<>();
        p.put("cpu", StyleGan2Config.cpu(32, 1));
        p.put("paper", StyleGan2Config.paper(1024, 3));
        return p;
    }

    /**
     * The configuration of the anchor script {@code sg2_step.py}: 256-d z and w, 2 mapping layers,
     * the same channel count at every resolution, minibatch standard deviation groups of 4, and
     * config F's regularisation.
     */
    @Override
    public StyleGan2Config benchConfig(int resolution, int channels, int batch, int imageChannels) {
        StyleGan2Config f = StyleGan2Config.paper(resolution, imageChannels);
        return new StyleGan2Config(resolution, imageChannels, batch, 256, 256, 2, f.mappingLrMul(), channels * resolution,
                channels, f.learningRate(), f.beta1(), f.beta2(), f.adamEpsilon(), f.r1Gamma(), f.r1Interval(), f.plWeight(),
                f.plInterval(), f.plBatchShrink(), f.plDecay(), f.styleMixing(), f.emaKimg(), f.emaRampup(), f.mbstdGroup(),
                f.wAvgBeta(), f.dMappingLayers(), 0, false);
    }


    @Override
    public double defaultKimg(StyleGan2Config config) {
        return 40;
    }

    @Override
    public TrainableModel create(StyleGan2Config config, long seed) {
        return new StyleGan2(config, seed);
    }
}
