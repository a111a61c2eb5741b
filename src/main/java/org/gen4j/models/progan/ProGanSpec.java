package org.gen4j.models.progan;

import java.util.LinkedHashMap;
import java.util.Map;
import org.gen4j.models.ModelSpec;
import org.gen4j.train.TrainableModel;

/** Registry entry for ProGAN. */
public final class ProGanSpec implements ModelSpec<ProGanConfig> {

    @Override
    public String name() {
        return "progan";
    }

    @Override
    public String paper() {
        return "Progressive Growing of GANs for Improved Quality, Stability, and Variation (Karras et al., ICLR 2018)";
    }

    @Override
    public boolean conditional() {
        return false;
    }

    @Override
    public Class<ProGanConfig> configType() {
        return ProGanConfig.class;
    }

    @Override
    public Map<String, ProGanConfig> presets() {
        Map<String, ProGanConfig> p = new LinkedHashMap<>();
        p.put("cpu", ProGanConfig.cpu(32, 1));
        p.put("paper", ProGanConfig.paper(1024, 3));
        return p;
    }

    @Override
    public ProGanConfig benchConfig(int resolution, int channels, int batch, int imageChannels) {
        ProGanConfig paper = ProGanConfig.paper(resolution, imageChannels);
        return new ProGanConfig(resolution, imageChannels, batch, channels, channels << 12, channels,
                paper.stableKimg(), paper.fadeKimg(), paper.learningRate(), paper.beta1(), paper.beta2(),
                paper.adamEpsilon(), paper.gpLambda(), paper.driftEpsilon(), paper.emaBeta(), paper.mbstdGroup(),
                paper.resetOptimizerOnGrow());
    }

    @Override
    public long benchPosition(ProGanConfig config) {
        return Growth.lastFadeMidpoint(config.stableKimg(), config.fadeKimg(), config.resolution());
    }

    /** Every growth phase, then one more stabilisation phase at the final resolution. */
    @Override
    public double defaultKimg(ProGanConfig config) {
        int levels = config.log2Resolution() - 2;
        return levels * (config.stableKimg() + config.fadeKimg()) + config.stableKimg();
    }

    @Override
    public TrainableModel create(ProGanConfig config, long seed) {
        return new ProGan(config, seed);
    }
}
