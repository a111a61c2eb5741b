package org.gen4j.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.gen4j.Gen4jException;

/**
 * The number format convolutions compute in, for the whole process.
 *
 * <p>{@link #FLOAT32} is libtorch's default and what the papers' reference code runs. {@link
 * #BFLOAT16} is mixed precision in the sense of PyTorch's autocast: each convolution's input and
 * weight are rounded to bfloat16 (8 exponent bits, 8 significant bits), the kernel accumulates in
 * float32 and its output is widened back to float32; parameters, optimizer state, every
 * element-wise operation, normalisation, loss and gradient norm stay float32, and so do the
 * gradients arriving at the parameters. On CPUs with AMX (Intel Sapphire Rapids and later) oneDNN
 * runs such convolutions several times faster than float32 (3.6 times for 3x3 convolutions with
 * 128 channels on this project's machine); AVX-512 BF16 alone gains less. A convolution's result
 * then carries a relative error of a few parts in a thousand.
 */
public enum Precision {
    FLOAT32,
    BFLOAT16;

    private static volatile Precision current = FLOAT32;

    /** The precision convolutions use now. */
    public static Precision current() {
        return current;
    }

    /** Sets the precision of every later convolution in this process. */
    public static void use(Precision p) {
        current = p;
    }

    /** Work that returns a value and may throw. */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        T run() throws E;
    }

    /** Runs {@code work} with convolutions in {@code p}, then restores the precision before. */
    public static <T, E extends Exception> T during(Precision p, Work<T, E> work) throws E {
        Precision before = current;
        current = p;
        try {
            return work.run();
        } finally {
            current = before;
        }
    }

    /** The lower-case name used on the command line and in config.json. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * A note for the user when {@code p} is bfloat16 on a CPU without bfloat16 instructions (AMX or
     * AVX-512 BF16, looked up in {@code /proc/cpuinfo}), where oneDNN emulates them and such
     * convolutions are slower than float32; empty otherwise.
     */
    public static Optional<String> hardwareNote(Precision p) {
        if (p != BFLOAT16) {
            return Optional.empty();
        }
        try {
            String info = Files.readString(Path.of("/proc/cpuinfo"));
            if (info.contains(" amx_bf16") || info.contains(" avx512_bf16")) {
                return Optional.empty();
            }
            return Optional.of("note: this CPU has no bfloat16 instructions (AMX or AVX-512 BF16); bfloat16 convolutions are "
                    + "emulated and slower than float32.");
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** Parses {@code float32} or {@code bfloat16}. */
    public static Precision parse(String s) {
        for (Precision p : values()) {
            if (p.toString().equals(s.strip().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new Gen4jException("unknown precision '" + s + "'; accepted: float32, bfloat16.");
    }
}
