package org.gen4j.models.wgangp;

import java.util.LinkedHashMap;
import java.util.Map;
import org.gen4j.models.ModelSpec;
import org.gen4j.train.TrainableModel;

/** Registry entry for WGAN-GP. */
public final class WganGpSpec implements ModelSpec<WganGpConfig> {

    @Override
    public String name() {
        return "wgan-gp";
    }

    @Override
    public String paper() {
        return "Improved Training of Wasserstein GANs (Gulrajani et al., NeurIPS 2017)";
    }

    @Override
    public boolean conditional() {
        return false;
    }

    @Override
    public Class<WganGpConfig> configType() {
        return WganGpConfig.class;
    }

    @Override
    public Map<String, WganGpConfig> presets() {
        Map<String, WganGpConfig> p = new LinkedHashMap<>();
        p.put("cpu", WganGpConfig.cpu());
        p.put("paper", WganGpConfig.paper());
        return p;
    }

    /** The paper's ResNet with {@code channels} maps in G and the critic, G batch equal to the critic's. */
    @Override
    public WganGpConfig benchConfig(int resolution, int channels, int batch, int imageChannels) {
        WganGpConfig p = WganGpConfig.paper();
        return new WganGpConfig(resolution, imageChannels, batch, batch, 0, false, p.zDim(), channels, channels, p.learningRate(), p.beta1(),
                p.beta2(), p.adamEpsilon(), p.criticSteps(), p.gpLambda(), 0, p.acganScale(), p.acganScaleG(), 0);
    }


    @Override
    public double defaultKimg(WganGpConfig config) {
        return 600; // 3,750 G steps of the cpu preset: recognisable samples, FID 59.9 on Fashion-MNIST (150 kimg gave 278.9)
    }

    @Override
    public TrainableModel create(WganGpConfig config, long seed) {
        return new WganGp(config, seed);
    }
}
