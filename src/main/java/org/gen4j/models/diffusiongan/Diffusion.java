package org.gen4j.models.diffusiongan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.Locale;
import org.gen4j.Gen4jException;
import org.gen4j.ops.Scalars;
import org.gen4j.train.StepRandom;

/**
 * Diffusion-GAN's adaptive forward diffusion (Wang et al., ICLR 2023, section 3 and equation 2;
 * the authors' {@code diffusion-stylegan2/training/diffusion.py}).
 *
 * <p>With the current length T, a linear schedule {@code beta_1..beta_T} from {@code betaStart} to
 * {@code betaEnd} (spread over T steps, as the official code rebuilds it at every change of T) and
 * {@code abar_t = prod_{i <= t} (1 - beta_i)}, {@code abar_0 = 1}, an image becomes
 * {@code x_t = sqrt(abar_t) x + sqrt(1 - abar_t) sigma eps}, {@code eps ~ N(0, I)}; t = 0 leaves it clean.
 *
 * <p>Timesteps: at every change of T a table of 64 entries is drawn, 32 from {1..T} and 32 zeros; each
 * image takes a uniform entry of the table (so half the images are clean). The 32 are drawn with
 * probability {@code (t - 1) / sum_{j < T} j} ('priority', favouring noisier steps) or uniformly
 * ('uniform').
 *
 * <p>Adaptation (section 3.3): D's real logits of {@link #INTERVAL} minibatches give
 * {@code r_d = E[sign(D(x_real))]}; {@code p := clamp(p + sign(r_d - target) * batch * INTERVAL /
 * (adaKimg * 1000), 0, 1)} and {@code T = clamp(tMin + round(p (tMax - tMin)), tMin, tMax)}.
 */
public final class Diffusion {

    /** How the table's non-zero timesteps are drawn. */
    public enum Timesteps {
        PRIORITY, UNIFORM;

        /** The setting's value, e.g. {@code priority}. */
        public static Timesteps parse(String value) {
            for (Timesteps t : values()) {
                if (t.name().equalsIgnoreCase(value)) {
                    return t;
                }
            }
            throw new Gen4jException("timesteps must be priority or uniform, got '" + value + "'.");
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Minibatches between adjustments of T (the official {@code ada_interval}). */
    public static final int INTERVAL = 4;
    /** Entries of the timestep table, and how many of them are drawn (the rest are 0). */
    static final int TABLE = 64, DRAWN = 32;

    private final int tMin, tMax;
    private final double betaStart, betaEnd, noiseStd, target, adaKimg;
    private final Timesteps timesteps;
    private double p;
    private int length;
    private double[] signal, noise; // sqrt(abar_t), sqrt(1 - abar_t), t = 0..T
    private int[] table = new int[TABLE];
    private double signSum;
    private long signCount, minibatches;

    /**
     * @param random draws the first timestep table
     */
    public Diffusion(int tMin, int tMax, double betaStart, double betaEnd, double noiseStd, double target, double adaKimg, Timesteps timesteps,
            StepRandom random) {
        this.tMin = tMin;
        this.tMax = tMax;
        this.betaStart = betaStart;
        this.betaEnd = betaEnd;
        this.noiseStd = noiseStd;
        this.target = target;
        this.adaKimg = adaKimg;
        this.timesteps = timesteps;
        setLength(random);
    }

    /** The current maximum timestep T. */
    public int length() {
        return length;
    }

    /** The adaptive level p in [0, 1] that sets T. */
    public double p() {
        return p;
    }

    /** {@code sqrt(abar_t)} under the current schedule. */
    public double signalScale(int t) {
        return signal[t];
    }

    /** {@code sqrt(1 - abar_t)} under the current schedule (before sigma). */
    public double noiseScale(int t) {
        return noise[t];
    }

    /** One timestep per image, each a uniform entry of the current table. */
    public int[] sample(int n, StepRandom random) {
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = table[random.nextInt(0, TABLE)];
        }
        return t;
    }

    /**
     * {@code x_t = sqrt(abar_t) x + sqrt(1 - abar_t) sigma eps} per image, differentiable in {@code x}.
     *
     * @param x {@code [N, C, H, W]}
     * @param t {@code N} timesteps in [0, T]
     */
    public NDArray diffuse(NDArray x, int[] t, StepRandom random) {
        Shape s = x.getShape();
        int n = (int) s.get(0);
        float[] a = new float[n], b = new float[n];
        for (int i = 0; i < n; i++) {
            Gen4jException.check(t[i] >= 0 && t[i] <= length, "timestep %d outside [0, %d]", t[i], length);
            a[i] = (float) signal[t[i]];
            b[i] = (float) (noise[t[i]] * noiseStd);
        }
        NDArray eps = random.normal(x.getManager(), s.getShape());
        return x.mul(Scalars.fromHost(x.getManager(), a, new Shape(n, 1, 1, 1)))
                .add(eps.mul(Scalars.fromHost(x.getManager(), b, new Shape(n, 1, 1, 1))));
    }

    /**
     * Told D's logits of one minibatch of (diffused) reals from its main pass; every
     * {@link #INTERVAL} minibatches p and T move and a new table is drawn from {@code random}.
     */
    public void observe(NDArray realScores, StepRandom random) {
        NDArray signs = realScores.stopGradient().sign();
        signSum += signs.sum().getFloat();
        signCount += signs.size();
        minibatches++;
        if (minibatches % INTERVAL == 0 && signCount > 0) {
            p = adjusted(p, signSum / signCount, target, (int) realScores.getShape().get(0), adaKimg);
            signSum = 0;
            signCount = 0;
            setLength(random);
        }
    }

    /** {@code clamp(p + sign(rd - target) * batch * INTERVAL / (adaKimg * 1000), 0, 1)}. */
    static double adjusted(double p, double rd, double target, int batch, double adaKimg) {
        return Math.min(1, Math.max(0, p + Math.signum(rd - target) * batch * INTERVAL / (adaKimg * 1000)));
    }

    /** {@code clamp(tMin + round(p (tMax - tMin)), tMin, tMax)}. */
    static int lengthAt(double p, int tMin, int tMax) {
        return (int) Math.max(tMin, Math.min(tMax, tMin + Math.round(p * (tMax - tMin))));
    }

    /** Rebuilds the schedule for the T that p gives and draws a new table. */
    private void setLength(StepRandom random) {
        length = lengthAt(p, tMin, tMax);
        schedule(length);
        table = new int[TABLE];
        for (int i = 0; i < DRAWN; i++) {
            table[i] = timesteps == Timesteps.PRIORITY ? priority(length, random) : random.nextInt(1, length + 1);
        }
    }

    private void schedule(int steps) {
        signal = new double[steps + 1];
        noise = new double[steps + 1];
        double abar = 1;
        signal[0] = 1;
        for (int i = 1; i <= steps; i++) {
            double beta = steps == 1 ? betaStart : betaStart + (betaEnd - betaStart) * (i - 1) / (steps - 1);
            abar *= 1 - beta;
            signal[i] = Math.sqrt(abar);
            noise[i] = Math.sqrt(1 - abar);
        }
    }

    /** A timestep in {1..T} with probability {@code (t - 1) / (T (T - 1) / 2)}. */
    static int priority(int steps, StepRandom random) {
        double u = random.nextDouble() * (steps * (steps - 1) / 2.0);
        double cumulative = 0;
        for (int t = 2; t <= steps; t++) {
            cumulative += t - 1;
            if (u < cumulative) {
                return t;
            }
        }
        return steps;
    }

    /** p, T's table and the signs gathered since the last adjustment, for a checkpoint. */
    public void write(JsonObject json) {
        JsonObject o = new JsonObject();
        o.addProperty("p", p);
        o.addProperty("T", length);
        JsonArray t = new JsonArray();
        for (int v : table) {
            t.add(v);
        }
        o.add("table", t);
        o.addProperty("sign_sum", signSum);
        o.addProperty("sign_count", signCount);
        o.addProperty("minibatches", minibatches);
        json.add("diffusion", o);
    }

    /** Restores what {@link #write} saved. */
    public void read(JsonObject json) {
        JsonObject o = json.getAsJsonObject("diffusion");
        p = o.get("p").getAsDouble();
        length = lengthAt(p, tMin, tMax);
        schedule(length);
        JsonArray t = o.getAsJsonArray("table");
        for (int i = 0; i < TABLE; i++) {
            table[i] = t.get(i).getAsInt();
        }
        signSum = o.get("sign_sum").getAsDouble();
        signCount = o.get("sign_count").getAsLong();
        minibatches = o.get("minibatches").getAsLong();
    }

    /** Sets the level p (and so T) and draws a new table, for tests. */
    void setLevel(double level, StepRandom random) {
        p = level;
        setLength(random);
    }

    /** The table, for tests. */
    int[] table() {
        return table.clone();
    }
}
