package org.gen4j.metrics;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import org.gen4j.Gen4jException;

/** The metrics gen4j computes, by their command-line names. */
public enum Metric {
    /** Fréchet distance of feature Gaussians. */
    FID,
    /** Kernel distance of features. */
    KID,
    /** Inception Score of class predictions. */
    IS,
    /** Improved precision and recall of feature manifolds. */
    PR,
    /** Multi-scale sliced Wasserstein distance of image patches; needs no network. */
    SWD,
    /** FID per class against that class's real images, and their mean (Miyato and Koyama 2018). */
    INTRA_FID,
    /** The share of samples generated for class k that the feature network's classifier assigns to k. */
    COND_ACC,
    /** EQ-T: PSNR between images of integer-translated inputs and the shifted image (Karras et al. 2021, section 3). */
    EQT,
    /** EQ-T_frac: as EQ-T for translations by fractions of a pixel, the reference shifted by a Lanczos kernel. */
    EQT_FRAC,
    /** EQ-R: PSNR between images of rotated inputs and the band-limited rotation of the image. */
    EQR,
    /** Negative ELBO of held-out images in bits per dimension (a likelihood model's bound; VDVAE, section 4). */
    BPD,
    /** The importance-weighted bound in bits per dimension (Burda et al. 2016) with {@code --iw-samples} samples. */
    IW_BPD;

    /** Whether it measures a likelihood model on real images rather than the generator's samples ({@link Likelihood}). */
    public boolean likelihood() {
        return this == BPD || this == IW_BPD;
    }

    /** Whether it needs a feature network. */
    public boolean needsFeatures() {
        return this != SWD && !equivariance() && !likelihood();
    }

    /** Whether it measures how a generator's output follows a transform of its input (StyleGAN3's EQ metrics). */
    public boolean equivariance() {
        return this == EQT || this == EQT_FRAC || this == EQR;
    }

    /** Whether it is defined only for class-conditional generators. */
    public boolean conditional() {
        return this == INTRA_FID || this == COND_ACC;
    }

    /** The command-line name: {@code fid}, ..., {@code intra-fid}, {@code cond-acc}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses a comma-separated list such as {@code fid,kid,swd} or {@code intra-fid,cond-acc}. */
    public static EnumSet<Metric> parse(String list) {
        EnumSet<Metric> out = EnumSet.noneOf(Metric.class);
        for (String part : list.split(",")) {
            String name = part.strip().toUpperCase(Locale.ROOT).replace('-', '_');
            try {
                out.add(valueOf(name));
            } catch (IllegalArgumentException e) {
                throw new Gen4jException("unknown metric '" + part.strip() + "'; accepted: "
                        + String.join(", ", Arrays.stream(values()).map(Metric::cliName).toList()) + ".");
            }
        }
        return out;
    }
}
