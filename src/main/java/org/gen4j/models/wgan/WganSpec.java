package org.gen4j.models.wgan;

import java.util.LinkedHashMap;
import java.util.Map;
import org.gen4j.models.ModelSpec;
import org.gen4j.train.TrainableModel;

/** Registry entry for WGAN. */
public final class WganSpec implements ModelSpec<WganConfig> {

    @Override
    public String name() {
        return "wgan";
    }

    @Override
    public String paper() {
        return "Wasserstein Generative Adversarial Networks (Arjovsky, Chintala and Bottou, ICML 2017)";
    }

    @Override
    public boolean conditional() {
        return false;
    }

    @Override
    public Class<WganConfig> configType() {
        return WganConfig.class;
    }

    @Override
    public Map<String, WganConfig> presets() {
        Map<String, WganConfig> p = new LinkedHashMap<>();
        p.put("cpu", WganConfig.cpu());
        p.put("paper", WganConfig.paper());
        return p;
    }

    /** DCGAN networks whose widest (4x4) layers have {@code channels} maps: ngf = ndf = {@code channels * 8 / resolution}. */
    @Override
    public WganConfig benchConfig(int resolution, int channels, int batch, int imageChannels) {
        WganConfig p = WganConfig.paper();
        int width = Math.max(1, channels * 8 / resolution);
        return new WganConfig(resolution, imageChannels, batch, p.zDim(), width, width, p.learningRate(), p.rmsAlpha(), p.rmsEpsilon(),
                p.clip(), p.criticSteps(), p.criticSteps(), 0, 0, 0);
    }


    @Override
    public double defaultKimg(WganConfig config) {
        return 1600;
    }

    @Override
    public TrainableModel create(WganConfig config, long seed) {
        return new Wgan(config, seed);
    }
}
