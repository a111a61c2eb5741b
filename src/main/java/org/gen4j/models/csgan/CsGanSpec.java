package org.gen4j.models.csgan;

import java.util.LinkedHashMap;
import java.util.Map;
import org.gen4j.models.ModelSpec;
import org.gen4j.train.TrainableModel;

/** Registry entry for CS-GAN. */
public final class CsGanSpec implements ModelSpec<CsGanConfig> {

    @Override
    public String name() {
        return "csgan";
    }

    @Override
    public String paper() {
        return "Deep Compressed Sensing, CS-GAN (Wu, Rosca and Lillicrap, ICML 2019)";
    }

    @Override
    public boolean conditional() {
        return false;
    }

    @Override
    public Class<CsGanConfig> configType() {
        return CsGanConfig.class;
    }

    @Override
    public Map<String, CsGanConfig> presets() {
        Map<String, CsGanConfig> p = new LinkedHashMap<>();
        p.put("cpu", CsGanConfig.cpu());
        p.put("paper", CsGanConfig.paper());
        return p;
    }

    /** The paper's networks with {@code channels} maps at G's 4x4 and {@code channels / 8} at D's full resolution. */
    @Override
    public CsGanConfig benchConfig(int resolution, int channels, int batch, int imageChannels) {
        CsGanConfig p = CsGanConfig.paper();
        return new CsGanConfig(resolution, imageChannels, batch, p.zDim(), channels, Math.max(1, channels / 8), p.learningRate(), p.beta1(),
                p.beta2(), p.adamEpsilon(), p.latentSteps(), p.stepSize(), p.optimisationCost(), p.sampleLatentSteps(), 0);
    }

    @Override
    public double defaultKimg(CsGanConfig config) {
        return 40;
    }

    @Override
    public TrainableModel create(CsGanConfig config, long seed) {
        return new CsGan(config, seed);
    }
}
