package org.gen4j.models.stylegan3;

import java.util.LinkedHashMap;
import java.util.Map;
import org.gen4j.models.ModelSpec;
import org.gen4j.train.TrainableModel;

/** Registry entry for StyleGAN3. */
public final class StyleGan3Spec implements ModelSpec<StyleGan3Config> {

    @Override
    public String name() {
        return "stylegan3";
    }

    @Override
    public String paper() {
        return "Alias-Free Generative Adversarial Networks (Karras et al., NeurIPS 2021)";
    }

    @Override
    public boolean conditional() {
        return false;
    }

    @Override
    public Class<StyleGan3Config> configType() {
        return StyleGan3Config.class;
    }

    @Override
    public Map<String, StyleGan3Config> presets() {
        Map<String, StyleGan3Config> p = new LinkedHashMap<>();
        p.put("cpu", StyleGan3Config.cpu());
        p.put("paper-t", StyleGan3Config.paper("t"));
        p.put("paper-r", StyleGan3Config.paper("r"));
        return p;
    }

    /**
     * The configuration of the anchor script {@code sg3_step.py}: 512-d z and w, 2 mapping layers,
     * channel base {@code 16 channels} and cap {@code channels} for G and D alike (config R not
     * doubled), R1 gamma 0.5 every 16 minibatches, config T ({@code --set config=r} for R).
     */
    @Override
    public StyleGan3Config benchConfig(int resolution, int channels, int batch, int imageChannels) {
        StyleGan3Config p = StyleGan3Config.paper("t");
        return new StyleGan3Config(resolution, imageChannels, batch, "t", 512, 512, 2, p.mappingLrMul(), p.wAvgBeta(), channels * 16, channels,
                channels * 16, channels, p.numLayers(), p.numCritical(), p.marginSize(), p.outputScale(), p.convClamp(), p.gLearningRate(),
                p.dLearningRate(), p.beta1(), p.beta2(), p.adamEpsilon(), 0.5, 16, batch * 10 / 32.0, p.emaRampup(), batch * 200 / 32.0, 4, p.dMappingLayers(), 0, false);
    }

    /** Past the blur's fade, as the anchor measures (its {@code cur_nimg} is 10^7). */
    @Override
    public long benchPosition(StyleGan3Config config) {
        return 10_000_000L;
    }

    /** About half an hour of the {@code cpu} preset on two cores. */
    @Override
    public double defaultKimg(StyleGan3Config config) {
        return 40;
    }

    @Override
    public TrainableModel create(StyleGan3Config config, long seed) {
        return new StyleGan3(config, seed);
    }
}
