package org.gen4j.train;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gen4j.ops.Foreach;

/**
 * Exponential moving average of generator weights (Karras et al. 2018, section A.1; Yazici et al.
 * 2019): {@code avg := beta avg + (1 - beta) current}, applied after every generator step.
 */
public final class Ema {

    private Ema() {}

    /**
     * @param average updated in place
     * @param current the trained parameters, same names
     * @param beta decay per step, e.g. 0.999
     */
    public static void update(Map<String, NDArray> average, Map<String, NDArray> current, double beta) {
        List<NDArray> avg = new ArrayList<>(average.size()), cur = new ArrayList<>(average.size());
        for (Map.Entry<String, NDArray> e : average.entrySet()) {
            avg.add(e.getValue());
            cur.add(current.get(e.getKey()));
        }
        Foreach.towards(avg, cur, beta);
    }

    /**
     * The per-step decay that gives the average a half-life of {@code halfLifeKimg} thousand
     * images (StyleGAN's {@code G_smoothing_kimg}, StyleGAN2's {@code ema_kimg}):
     * {@code 0.5^(batch / h)}; with a ramp-up the half-life is at most {@code rampup * imagesSeen}
     * (stylegan2-ada's {@code ema_rampup}), so the average follows closely early on.
     */
    public static double halfLifeBeta(int batch, double halfLifeKimg, double rampup, long imagesSeen) {
        double h = halfLifeKimg * 1000;
        if (rampup > 0) {
            h = Math.min(h, imagesSeen * rampup);
        }
        return Math.pow(0.5, batch / Math.max(h, 1e-8));
    }
}
