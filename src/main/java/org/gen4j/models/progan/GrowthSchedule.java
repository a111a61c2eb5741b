package org.gen4j.models.progan;

import java.util.LinkedHashMap;
import java.util.Map;
import org.gen4j.train.Optimizer;

/**
 * Where a growing model stands (ProGAN, section 3) and what a phase change does: the growth state
 * at a given number of images, and, when a fade-in starts or ends, the optimisers' moments
 * forgotten as the official code does. ProGAN and StyleGAN grow by this.
 */
public final class GrowthSchedule {

    private final double stableKimg;
    private final double fadeKimg;
    private final int finalResolution;
    private final boolean resetOnPhaseChange;
    private final Optimizer[] optimizers;
    private Growth growth;
    private String phase; // resolution and fading

    /**
     * @param resetOnPhaseChange whether {@code optimizers} are reset when the phase changes
     */
    public GrowthSchedule(double stableKimg, double fadeKimg, int finalResolution, boolean resetOnPhaseChange,
            Optimizer... optimizers) {
        this.stableKimg = stableKimg;
        this.fadeKimg = fadeKimg;
        this.finalResolution = finalResolution;
        this.resetOnPhaseChange = resetOnPhaseChange;
        this.optimizers = optimizers.clone();
        moveTo(0);
    }

    /** Positions the schedule at {@code imagesSeen}; a new phase resets the optimisers. */
    public Growth moveTo(long imagesSeen) {
        growth = Growth.at(imagesSeen, stableKimg, fadeKimg, finalResolution);
        String now = growth.resolution() + (growth.fading() ? "-fading" : "");
        if (phase != null && !phase.equals(now) && resetOnPhaseChange) {
            for (Optimizer o : optimizers) {
                o.reset();
            }
        }
        phase = now;
        return growth;
    }

    public Growth growth() {
        return growth;
    }

    /** The phase name checkpoints keep, e.g. {@code 16-fading}. */
    public String phase() {
        return phase;
    }

    /** Restores a checkpointed phase, so the next phase change is recognised as such. */
    public void restorePhase(String phase) {
        this.phase = phase;
    }

    /** The progress line's growth fields: resolution and fade-in alpha. */
    public Map<String, Object> status() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("res", growth.resolution());
        s.put("alpha", Math.round(growth.alpha() * 1000) / 1000.0);
        return s;
    }
}
