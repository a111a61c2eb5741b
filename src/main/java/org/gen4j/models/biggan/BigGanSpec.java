package org.gen4j.models.biggan;

import java.util.LinkedHashMap;
import java.util.Map;
import org.gen4j.models.ModelSpec;
import org.gen4j.nn.WeightInit;
import org.gen4j.train.TrainableModel;

/** Registry entry for BigGAN. */
public final class BigGanSpec implements ModelSpec<BigGanConfig> {

    @Override
    public String name() {
        return "biggan";
    }

    @Override
    public String paper() {
        return "Large Scale GAN Training for High Fidelity Natural Image Synthesis (Brock et al., ICLR 2019)";
    }

    @Override
    public boolean conditional() {
        return true;
    }

    @Override
    public Class<BigGanConfig> configType() {
        return BigGanConfig.class;
    }

    @Override
    public Map<String, BigGanConfig> presets() {
        Map<String, BigGanConfig> p = new LinkedHashMap<>();
        p.put("cpu", BigGanConfig.cpu());
        p.put("paper", BigGanConfig.paper());
        return p;
    }

    /**
     * The anchor script {@code biggan_step.py}'s configuration (BigGAN-PyTorch's CIFAR script):
     * {@code channels} feature maps in every block (width {@code channels / 4} at 32x32), 128-d z
     * without hierarchy or shared embedding, no attention, N(0, 0.02) initialisation, learning rates
     * 2e-4, betas 0 and 0.999, 4 D steps per G step, 10 classes, the moving average decaying by
     * 0.9999, no orthogonal regularisation.
     */
    @Override
    public BigGanConfig benchConfig(int resolution, int channels, int batch, int imageChannels) {
        return new BigGanConfig(resolution, imageChannels, batch, 10, true, 128, 128, false, Math.max(1, channels / 4), 0,
                WeightInit.N02, 2e-4, 2e-4, 0, 0.999, 1e-8, 4, 0, 0.9999, 0, 0);
    }


    @Override
    public double defaultKimg(BigGanConfig config) {
        return 100;
    }

    @Override
    public TrainableModel create(BigGanConfig config, long seed) {
        return BigGan.create(config, seed);
    }
}
