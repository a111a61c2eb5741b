package org.gen4j.models.icgan;

import java.util.LinkedHashMap;
import java.util.Map;
import org.gen4j.nn.WeightInit;
import org.gen4j.models.ModelSpec;
import org.gen4j.train.TrainableModel;

/** Registry entry for IC-GAN. */
public final class IcGanSpec implements ModelSpec<IcGanConfig> {

    @Override
    public String name() {
        return "icgan";
    }

    @Override
    public String paper() {
        return "Instance-Conditioned GAN (Casanova et al., NeurIPS 2021)";
    }

    @Override
    public boolean conditional() {
        return false;
    }

    @Override
    public Class<IcGanConfig> configType() {
        return IcGanConfig.class;
    }

    @Override
    public Map<String, IcGanConfig> presets() {
        Map<String, IcGanConfig> p = new LinkedHashMap<>();
        p.put("cpu", IcGanConfig.cpu());
        p.put("paper", IcGanConfig.paper());
        return p;
    }

    /** BigGAN's 32x32 plan with {@code channels} maps per block (width {@code channels / 4}), the CPU preset's other settings. */
    @Override
    public IcGanConfig benchConfig(int resolution, int channels, int batch, int imageChannels) {
        return new IcGanConfig(resolution, imageChannels, batch, 0, false, 128, 128, 512, Math.max(1, channels / 4), 0, WeightInit.N02, 2e-4,
                2e-4, 0, 0.999, 1e-8, 1, 20, "", 0.999, 0, 0);
    }

    @Override
    public double defaultKimg(IcGanConfig config) {
        return 60;
    }

    @Override
    public TrainableModel create(IcGanConfig config, long seed) {
        return new IcGan(config, seed);
    }
}
