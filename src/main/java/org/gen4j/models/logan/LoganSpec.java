package org.gen4j.models.logan;

import java.util.LinkedHashMap;
import java.util.Map;
import org.gen4j.models.ModelSpec;
import org.gen4j.nn.WeightInit;
import org.gen4j.train.TrainableModel;

/** Registry entry for LOGAN. */
public final class LoganSpec implements ModelSpec<LoganConfig> {

    @Override
    public String name() {
        return "logan";
    }

    @Override
    public String paper() {
        return "LOGAN: Latent Optimisation for Generative Adversarial Networks (Wu et al., 2019)";
    }

    @Override
    public boolean conditional() {
        return true;
    }

    @Override
    public Class<LoganConfig> configType() {
        return LoganConfig.class;
    }

    @Override
    public Map<String, LoganConfig> presets() {
        Map<String, LoganConfig> p = new LinkedHashMap<>();
        p.put("cpu", LoganConfig.cpu());
        p.put("paper", LoganConfig.paper());
        return p;
    }

    /** BigGAN-deep's bench configuration ({@link org.gen4j.models.biggan.BigGanDeepSpec}) with one natural-gradient latent step. */
    @Override
    public LoganConfig benchConfig(int resolution, int channels, int batch, int imageChannels) {
        return new LoganConfig(resolution, imageChannels, batch, 10, true, 128, 128, Math.max(4, channels / 4), 2, 4, 0, WeightInit.N02,
                2e-4, 2e-4, 0, 0.999, 1e-8, 4, 0, 0.9999, 0, 0, 0.9, 5, 300, 0.5, 1, 1);
    }

    @Override
    public double defaultKimg(LoganConfig config) {
        return 60;
    }

    @Override
    public TrainableModel create(LoganConfig config, long seed) {
        return new Logan(config, seed);
    }
}
