package org.gen4j.models.vdvae;

import java.util.LinkedHashMap;
import java.util.Map;
import org.gen4j.models.ModelSpec;
import org.gen4j.train.TrainableModel;

/** Registry entry for VDVAE. */
public final class VdvaeSpec implements ModelSpec<VdvaeConfig> {

    @Override
    public String name() {
        return "vdvae";
    }

    @Override
    public String paper() {
        return "Very Deep VAEs Generalize Autoregressive Models and Can Outperform Them on Images (Child, ICLR 2021)";
    }

    @Override
    public boolean conditional() {
        return false;
    }

    @Override
    public Class<VdvaeConfig> configType() {
        return VdvaeConfig.class;
    }

    @Override
    public Map<String, VdvaeConfig> presets() {
        Map<String, VdvaeConfig> p = new LinkedHashMap<>();
        p.put("cpu", VdvaeConfig.cpu());
        p.put("cifar10", VdvaeConfig.cifar10());
        return p;
    }

    /**
     * The configuration of the benchmark anchor {@code vdvae_step.py} (the official code): its
     * shortened CIFAR-10 layout ({@link BlockLayout#anchorLayout}), {@code width = channels}, zdim 16,
     * bottleneck 0.25, 10 mixtures, AdamW 2e-4 (0.9, 0.9, weight decay 0.01) without warm-up, clipping
     * at 200, skipping at 400, moving average 0.9999.
     */
    @Override
    public VdvaeConfig benchConfig(int resolution, int channels, int batch, int imageChannels) {
        String[] layout = BlockLayout.anchorLayout(resolution);
        return new VdvaeConfig(resolution, imageChannels, batch, channels, 16, 0.25, layout[0], layout[1], 10, 2e-4, 0.9, 0.9, 0.01, 0,
                200, 400, 0.9999);
    }

    /**
     * 24 kimg, 1,500 steps of 16 images: the {@code cpu} preset's default run, about 15 to 25 minutes
     * on two cores by an estimate from short runs.
     */
    @Override
    public double defaultKimg(VdvaeConfig config) {
        return 24;
    }

    @Override
    public TrainableModel create(VdvaeConfig config, long seed) {
        return new Vdvae(config, seed);
    }
}
