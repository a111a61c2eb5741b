package org.gen4j.train;

/** Where a style-based generator's per-pixel noise comes from. */
public enum NoiseMode {
    /** Fresh N(0, 1) noise from the step's random stream (training). */
    RANDOM,
    /** The fixed noise maps drawn at initialisation, so that a seed always gives one image (sampling). */
    CONST,
    /** No noise. */
    NONE
}
