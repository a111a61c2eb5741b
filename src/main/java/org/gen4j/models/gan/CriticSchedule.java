package org.gen4j.models.gan;

import com.google.gson.JsonObject;
import java.util.function.LongToIntFunction;

/**
 * Several discriminator (critic) steps per generator step, each on its own real minibatch, as
 * WGAN (Arjovsky et al. 2017, Algorithm 1: {@code n_critic}), WGAN-GP and BigGAN train: every
 * training step of the shared loop is one critic step, and after the number of critic steps
 * the schedule gives for the current generator step comes one generator step. The counters are
 * part of the checkpoint, so a resumed run continues the cycle where it stopped.
 */
public final class CriticSchedule {

    private final LongToIntFunction criticSteps;
    private long generatorSteps;
    private int criticStepsDone;

    /** @param criticSteps critic steps before generator step number {@code g} (0-based), at least 1 */
    public CriticSchedule(LongToIntFunction criticSteps) {
        this.criticSteps = criticSteps;
    }

    /** A fixed number of critic steps per generator step. */
    public static CriticSchedule fixed(int n) {
        return new CriticSchedule(g -> n);
    }

    /**
     * Counts one critic step done.
     *
     * @return whether the generator steps now; if so the generator-step counter has advanced
     */
    public boolean criticStepDone() {
        criticStepsDone++;
        if (criticStepsDone >= Math.max(1, criticSteps.applyAsInt(generatorSteps))) {
            criticStepsDone = 0;
            generatorSteps++;
            return true;
        }
        return false;
    }

    /** Generator steps taken so far. */
    public long generatorSteps() {
        return generatorSteps;
    }

    /** Critic steps the current cycle takes before its generator step. */
    public int stepsThisCycle() {
        return Math.max(1, criticSteps.applyAsInt(generatorSteps));
    }

    public void write(JsonObject json) {
        json.addProperty("generator_steps", generatorSteps);
        json.addProperty("critic_steps_in_cycle", criticStepsDone);
    }

    public void read(JsonObject json) {
        generatorSteps = json.get("generator_steps").getAsLong();
        criticStepsDone = json.get("critic_steps_in_cycle").getAsInt();
    }
}
