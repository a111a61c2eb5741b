package org.gen4j.models.sagan;

import java.util.LinkedHashMap;
import java.util.Map;
import org.gen4j.models.ModelSpec;
import org.gen4j.nn.WeightInit;
import org.gen4j.train.TrainableModel;

/** Registry entry for SAGAN. */
public final class SaganSpec implements ModelSpec<SaganConfig> {

    @Override
    public String name() {
        return "sagan";
    }

    @Override
    public String paper() {
        return "Self-Attention Generative Adversarial Networks (Zhang et al., ICML 2019)";
    }

    @Override
    public boolean conditional() {
        return true;
    }

    @Override
    public Class<SaganConfig> configType() {
        return SaganConfig.class;
    }

    @Override
    public Map<String, SaganConfig> presets() {
        Map<String, SaganConfig> p = new LinkedHashMap<>();
        p.put("cpu", SaganConfig.cpu());
        p.put("paper", SaganConfig.paper());
        return p;
    }

    /** {@code channels} feature maps in every block: width {@code channels / 4} at 32x32. */
    @Override
    public SaganConfig benchConfig(int resolution, int channels, int batch, int imageChannels) {
        SaganConfig p = SaganConfig.paper();
        return new SaganConfig(resolution, imageChannels, batch, 10, true, 128, Math.max(1, channels / 4), resolution / 2,
                WeightInit.XAVIER, p.gLearningRate(), p.dLearningRate(), p.beta1(), p.beta2(), p.adamEpsilon(), 1, 0, 0, 0);
    }


    @Override
    public double defaultKimg(SaganConfig config) {
        return 60;
    }

    @Override
    public TrainableModel create(SaganConfig config, long seed) {
        return new Sagan(config, seed);
    }
}
