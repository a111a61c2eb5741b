package org.gen4j.models.ncpvae;

import java.util.LinkedHashMap;
import java.util.Map;
import org.gen4j.Gen4jException;
import org.gen4j.models.ModelSpec;
import org.gen4j.train.TrainableModel;

/** Registry entry for NCP-VAE, stage 2 on a trained VDVAE run ({@code --base RUN}). */
public final class NcpVaeSpec implements ModelSpec<NcpVaeConfig> {

    @Override
    public String name() {
        return "ncpvae";
    }

    @Override
    public String paper() {
        return "A Contrastive Learning Approach for Training Variational Autoencoder Priors (Aneja, Schwing, Kautz, Vahdat, NeurIPS 2021)";
    }

    @Override
    public boolean conditional() {
        return false;
    }

    @Override
    public Class<NcpVaeConfig> configType() {
        return NcpVaeConfig.class;
    }

    @Override
    public Map<String, NcpVaeConfig> presets() {
        Map<String, NcpVaeConfig> p = new LinkedHashMap<>();
        p.put("cpu", NcpVaeConfig.cpu());
        p.put("paper", NcpVaeConfig.paper());
        return p;
    }

    /** NCP-VAE needs a trained VDVAE run to build on; {@code gen4j bench} has none. */
    @Override
    public NcpVaeConfig benchConfig(int resolution, int channels, int batch, int imageChannels) {
        throw new Gen4jException("ncpvae trains on a trained VDVAE run (--base RUN), so gen4j bench cannot time it alone; bench vdvae instead.");
    }

    /** 20 kimg: 625 steps of 32 images through the frozen VDVAE and the classifiers. */
    @Override
    public double defaultKimg(NcpVaeConfig config) {
        return 20;
    }

    @Override
    public TrainableModel create(NcpVaeConfig config, long seed) {
        return new NcpVae(config, seed);
    }
}
