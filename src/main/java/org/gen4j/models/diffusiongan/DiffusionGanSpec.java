package org.gen4j.models.diffusiongan;

import java.util.LinkedHashMap;
import java.util.Map;
import org.gen4j.models.ModelSpec;
import org.gen4j.models.stylegan2.StyleGan2Config;
import org.gen4j.models.stylegan2.StyleGan2Spec;
import org.gen4j.train.TrainableModel;

/** Registry entry for Diffusion-GAN. */
public final class DiffusionGanSpec implements ModelSpec<DiffusionGanConfig> {

    @Override
    public String name() {
        return "diffusion-gan";
    }

    @Override
    public String paper() {
        return "Diffusion-GAN: Training GANs with Diffusion (Wang, Zheng, He, Chen, Zhou, ICLR 2023)";
    }

    @Override
    public boolean conditional() {
        return false;
    }

    @Override
    public Class<DiffusionGanConfig> configType() {
        return DiffusionGanConfig.class;
    }

    /**
     * {@code cpu}: StyleGAN2's cpu preset (32x32 grayscale) with the paper's diffusion and a 2-layer
     * timestep mapping in D. {@code paper}: StyleGAN2's config F at 256x256 RGB (the paper's LSUN and
     * FFHQ backbone) with the paper's diffusion; D's timestep mapping 2 layers as the authors' code.
     */
    @Override
    public Map<String, DiffusionGanConfig> presets() {
        Map<String, DiffusionGanConfig> p = new LinkedHashMap<>();
        p.put("cpu", DiffusionGanConfig.of(StyleGan2Config.cpu(32, 1), 2));
        p.put("paper", DiffusionGanConfig.of(StyleGan2Config.paper(256, 3), 2));
        return p;
    }

    /** StyleGAN2's benchmark configuration (the anchor's) with the paper's diffusion. */
    @Override
    public DiffusionGanConfig benchConfig(int resolution, int channels, int batch, int imageChannels) {
        return DiffusionGanConfig.of(new StyleGan2Spec().benchConfig(resolution, channels, batch, imageChannels), 2);
    }

    @Override
    public double defaultKimg(DiffusionGanConfig config) {
        return 40;
    }

    @Override
    public TrainableModel create(DiffusionGanConfig config, long seed) {
        return new DiffusionGan(config, seed);
    }
}
