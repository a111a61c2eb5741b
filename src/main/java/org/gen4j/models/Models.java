package org.gen4j.models;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gen4j.Gen4jException;
import org.gen4j.models.adcgan.AdcGanSpec;
import org.gen4j.models.biggan.BigGanDeepSpec;
import org.gen4j.models.csgan.CsGanSpec;
import org.gen4j.models.diffusiongan.DiffusionGanSpec;
import org.gen4j.models.icgan.IcGanSpec;
import org.gen4j.models.logan.LoganSpec;
import org.gen4j.models.ncpvae.NcpVaeSpec;
import org.gen4j.models.biggan.BigGanSpec;
import org.gen4j.models.progan.ProGanSpec;
import org.gen4j.models.sagan.SaganSpec;
import org.gen4j.models.stylegan.StyleGanSpec;
import org.gen4j.models.stylegan2.StyleGan2Spec;
import org.gen4j.models.stylegan3.StyleGan3Spec;
import org.gen4j.models.styleganxl.StyleGanXlSpec;
import org.gen4j.models.unetgan.UnetGanSpec;
import org.gen4j.models.vdvae.VdvaeSpec;
import org.gen4j.models.wgan.WganSpec;
import org.gen4j.models.wgangp.WganGpSpec;

/** The registry of implemented models, by command-line name. */
public final class Models {

    private static final Map<String, ModelSpec<?>> SPECS = new LinkedHashMap<>();

    static {
        register(new ProGanSpec());
        register(new StyleGanSpec());
        register(new StyleGan2Spec());
        register(new StyleGan3Spec());
        register(new WganSpec());
        register(new WganGpSpec());
        register(new SaganSpec());
        register(new BigGanSpec());
        register(new BigGanDeepSpec());
        register(new AdcGanSpec());
        register(new CsGanSpec());
        register(new LoganSpec());
        register(new UnetGanSpec());
        register(new IcGanSpec());
        register(new DiffusionGanSpec());
        register(new StyleGanXlSpec());
        register(new VdvaeSpec());
        register(new NcpVaeSpec());
    }

    private Models() {}

    private static void register(ModelSpec<?> spec) {
        SPECS.put(spec.name(), spec);
    }

    public static List<ModelSpec<?>> all() {
        return List.copyOf(SPECS.values());
    }

    /** The spec named {@code name}; an unknown name is an error listing the known ones. */
    public static ModelSpec<?> get(String name) {
        ModelSpec<?> spec = SPECS.get(name);
        if (spec == null) {
            throw new Gen4jException("unknown model '" + name + "'; available: " + String.join(", ", SPECS.keySet()) + ".");
        }
        return spec;
    }
}
