package org.gen4j.models.styleganxl;

import java.util.LinkedHashMap;
import java.util.Map;
import org.gen4j.models.ModelSpec;
import org.gen4j.train.TrainableModel;

/** Registry entry for StyleGAN-XL. */
public final class StyleGanXlSpec implements ModelSpec<StyleGanXlConfig> {

    @Override
    public String name() {
        return "stylegan-xl";
    }

    @Override
    public String paper() {
        return "StyleGAN-XL: Scaling StyleGAN to Large Diverse Datasets (Sauer, Schwarz, Geiger, SIGGRAPH 2022)";
    }

    @Override
    public boolean conditional() {
        return true;
    }

    @Override
    public Class<StyleGanXlConfig> configType() {
        return StyleGanXlConfig.class;
    }

    @Override
    public Map<String, StyleGanXlConfig> presets() {
        Map<String, StyleGanXlConfig> p = new LinkedHashMap<>();
        p.put("cpu", StyleGanXlConfig.cpu());
        p.put("paper", StyleGanXlConfig.paper());
        return p;
    }

    /**
     * The paper's settings at the given size with {@code channels} as G's cap (channel base
     * {@code 16 channels}, as StyleGAN3's benchmark), D's per-scale width and mixing channels
     * {@code channels / 4}, batch {@code batch}, unconditional, random projection network.
     */
    @Override
    public StyleGanXlConfig benchConfig(int resolution, int channels, int batch, int imageChannels) {
        StyleGanXlConfig p = StyleGanXlConfig.paper();
        return new StyleGanXlConfig(resolution, imageChannels, batch, p.zDim(), p.wDim(), p.mappingLayers(), p.mappingLrMul(), p.wAvgBeta(),
                channels * 16, channels, p.numLayers(), p.numCritical(), p.marginSize(), p.outputScale(), p.convClamp(), p.gLearningRate(),
                p.dLearningRate(), p.beta1(), p.beta2(), p.adamEpsilon(), batch * 10 / 32.0, p.emaRampup(), p.blurSigma(), p.blurFadeKimg(),
                "", Math.max(1, channels / 4), channels, p.cmapDim(), 0, "", "", p.headLayers(), p.plWeight(), p.plStartKimg(), 0, false);
    }

    /** Past the blur's fade. */
    @Override
    public long benchPosition(StyleGanXlConfig config) {
        return 10_000_000L;
    }

    /** 30 kimg: 1,875 minibatches of the {@code cpu} preset, about 30 minutes on two cores (16 img/s measured on a loaded machine). */
    @Override
    public double defaultKimg(StyleGanXlConfig config) {
        return 30;
    }

    @Override
    public TrainableModel create(StyleGanXlConfig config, long seed) {
        return new StyleGanXl(config, seed);
    }
}
