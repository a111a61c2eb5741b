package org.gen4j.models.biggan;

import java.util.LinkedHashMap;
import java.util.Map;
import org.gen4j.models.ModelSpec;
import org.gen4j.nn.WeightInit;
import org.gen4j.train.TrainableModel;

/** Registry entry for BigGAN-deep. */
public final class BigGanDeepSpec implements ModelSpec<BigGanDeepConfig> {

    @Override
    public String name() {
        return "biggan-deep";
    }

    @Override
    public String paper() {
        return "Large Scale GAN Training for High Fidelity Natural Image Synthesis, BigGAN-deep (Brock et al., ICLR 2019, appendix B)";
    }

    @Override
    public boolean conditional() {
        return true;
    }

    @Override
    public Class<BigGanDeepConfig> configType() {
        return BigGanDeepConfig.class;
    }

    @Override
    public Map<String, BigGanDeepConfig> presets() {
        Map<String, BigGanDeepConfig> p = new LinkedHashMap<>();
        p.put("cpu", BigGanDeepConfig.cpu());
        p.put("paper", BigGanDeepConfig.paper());
        return p;
    }

    /** {@code channels} feature maps in every stage, two blocks each, the CIFAR-script training settings (see {@link BigGanSpec}). */
    @Override
    public BigGanDeepConfig benchConfig(int resolution, int channels, int batch, int imageChannels) {
        return new BigGanDeepConfig(resolution, imageChannels, batch, 10, true, 128, 128, Math.max(4, channels / 4), 2, 4, 0,
                WeightInit.N02, 2e-4, 2e-4, 0, 0.999, 1e-8, 4, 0, 0.9999, 0, 0);
    }


    @Override
    public double defaultKimg(BigGanDeepConfig config) {
        return 100;
    }

    @Override
    public TrainableModel create(BigGanDeepConfig config, long seed) {
        return new BigGan<>(config, seed, DeepNetworks::generator, DeepNetworks::discriminator);
    }
}
