package org.gen4j.models.progan;

import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.SplittableRandom;
import org.gen4j.nn.Module;

/** Lets tests outside this package build ProGAN's networks. */
public final class ProGanTestAccess {

    private static final java.util.Map<Module, NDManager> MANAGERS = new java.util.IdentityHashMap<>();

    private ProGanTestAccess() {}

    /** A generator and a discriminator for {@code config}; release them with {@link #close}. */
    public static List<Module> networks(ProGanConfig config) {
        NDManager m = NDManager.newBaseManager();
        Module g = new Generator(m, new SplittableRandom(1), config);
        Module d = new Discriminator(m, new SplittableRandom(2), config);
        MANAGERS.put(g, m);
        return List.of(g, d);
    }

    public static void close(Module net) {
        NDManager m = MANAGERS.remove(net);
        if (m != null) {
            m.close();
        }
    }
}
