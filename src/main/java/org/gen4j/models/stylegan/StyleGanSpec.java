package org.gen4j.models.stylegan;

import java.util.LinkedHashMap;
import java.util.Map;
import org.gen4j.models.ModelSpec;
import org.gen4j.models.progan.Growth;
import org.gen4j.train.TrainableModel;

/** Registry entry for StyleGAN. */
public final class StyleGanSpec implements ModelSpec<StyleGanConfig> {

    @Override
    public String name() {
        return "stylegan";
    }

    @Override
    public String paper() {
        return "A Style-Based Generator Architecture for Generative Adversarial Networks (Karras et al., CVPR 2019)";
    }

    @Override
    public boolean conditional() {
        return false;
    }

    @Override
    public Class<StyleGanConfig> configType() {
        return StyleGanConfig.class;
    }

    @Override
    public Map<String, StyleGanConfig> presets() {
        Map<String, StyleGanConfig> p = new LinkedHashMap<>();
        p.put("cpu", StyleGanConfig.cpu(32, 1));
        p.put("paper", StyleGanConfig.paper(1024, 3));
        return p;
    }

    /** The paper's setup with the same channel count at every resolution, 256-d z and w and 2 mapping layers (as StyleGAN2's bench). */
    @Override
    public StyleGanConfig benchConfig(int resolution, int channels, int batch, int imageChannels) {
        StyleGanConfig p = StyleGanConfig.paper(resolution, imageChannels);
        return new StyleGanConfig(resolution, imageChannels, batch, 256, 256, 2, p.mappingLrMul(), channels << 12, channels,
                p.stableKimg(), p.fadeKimg(), p.learningRate(), p.beta1(), p.beta2(), p.adamEpsilon(), p.r1Gamma(), p.styleMixing(),
                p.emaKimg(), p.mbstdGroup(), p.wAvgBeta(), p.resetOptimizerOnGrow());
    }

    @Override
    public long benchPosition(StyleGanConfig config) {
        return Growth.lastFadeMidpoint(config.stableKimg(), config.fadeKimg(), config.resolution());
    }

    /** Every growth phase, then one more stabilisation phase at the final resolution. */
    @Override
    public double defaultKimg(StyleGanConfig config) {
        int levels = config.log2Resolution() - 2;
        return levels * (config.stableKimg() + config.fadeKimg()) + config.stableKimg();
    }

    @Override
    public TrainableModel create(StyleGanConfig config, long seed) {
        return new StyleGan(config, seed);
    }
}
