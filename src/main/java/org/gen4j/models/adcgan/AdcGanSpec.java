package org.gen4j.models.adcgan;

import java.util.LinkedHashMap;
import java.util.Map;
import org.gen4j.models.ModelSpec;
import org.gen4j.train.TrainableModel;

/** Registry entry for ADC-GAN. */
public final class AdcGanSpec implements ModelSpec<AdcGanConfig> {

    @Override
    public String name() {
        return "adcgan";
    }

    @Override
    public String paper() {
        return "Conditional GANs with Auxiliary Discriminative Classifier (Hou et al., ICML 2022)";
    }

    @Override
    public boolean conditional() {
        return true;
    }

    @Override
    public Class<AdcGanConfig> configType() {
        return AdcGanConfig.class;
    }

    @Override
    public Map<String, AdcGanConfig> presets() {
        Map<String, AdcGanConfig> p = new LinkedHashMap<>();
        p.put("cpu", AdcGanConfig.cpu());
        p.put("paper", AdcGanConfig.paper());
        return p;
    }

    /** The CIFAR-10 setup with {@code channels} feature maps in every block. */
    @Override
    public AdcGanConfig benchConfig(int resolution, int channels, int batch, int imageChannels) {
        AdcGanConfig p = AdcGanConfig.paper();
        return new AdcGanConfig(resolution, imageChannels, batch, 10, p.zDim(), false, p.sharedDim(), false, Math.max(1, channels / 4), 0,
                p.init(), p.gLearningRate(), p.dLearningRate(), p.beta1(), p.beta2(), p.adamEpsilon(), p.dSteps(), p.lambdaD(), p.lambdaG(),
                p.emaDecay(), 0, 0);
    }


    @Override
    public double defaultKimg(AdcGanConfig config) {
        return 100;
    }

    @Override
    public TrainableModel create(AdcGanConfig config, long seed) {
        return new AdcGan(config, seed);
    }
}
