package org.gen4j.models.unetgan;

import java.util.LinkedHashMap;
import java.util.Map;
import org.gen4j.models.ModelSpec;
import org.gen4j.nn.WeightInit;
import org.gen4j.train.TrainableModel;

/** Registry entry for U-Net GAN. */
public final class UnetGanSpec implements ModelSpec<UnetGanConfig> {

    @Override
    public String name() {
        return "unetgan";
    }

    @Override
    public String paper() {
        return "A U-Net Based Discriminator for Generative Adversarial Networks (Schonfeld et al., CVPR 2020)";
    }

    @Override
    public boolean conditional() {
        return true;
    }

    @Override
    public Class<UnetGanConfig> configType() {
        return UnetGanConfig.class;
    }

    @Override
    public Map<String, UnetGanConfig> presets() {
        Map<String, UnetGanConfig> p = new LinkedHashMap<>();
        p.put("cpu", UnetGanConfig.cpu());
        p.put("paper", UnetGanConfig.paper());
        return p;
    }

    /** BigGAN's generator plan with {@code channels} maps per block (width {@code channels / 4} at 32x32), CutMix at its full probability. */
    @Override
    public UnetGanConfig benchConfig(int resolution, int channels, int batch, int imageChannels) {
        return new UnetGanConfig(resolution, imageChannels, batch, 10, true, 128, 128, true, Math.max(1, channels / 4), WeightInit.N02, 2e-4,
                2e-4, 0, 0.999, 1e-8, 1, 0.5, 0, 1, 0.999, 0, 0);
    }

    @Override
    public double defaultKimg(UnetGanConfig config) {
        return 60;
    }

    @Override
    public TrainableModel create(UnetGanConfig config, long seed) {
        return new UnetGan(config, seed);
    }
}
