package org.gen4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Fixtures for command-line tests: a tiny real dataset and a tiny ProGAN. */
public final class TinyRuns {

    private TinyRuns() {}

    /** The first {@code n} images of the bundled Fashion-MNIST test split, as an IDX folder. */
    public static Path fashionSubset(Path dir, int n) throws IOException {
        Path d = dir.resolve("fmnist-tiny");
        Files.createDirectories(d);
        copyHead("t10k-images-idx3-ubyte.gz", d.resolve("train-images-idx3-ubyte.gz"), 16, n * 784);
        copyHead("t10k-labels-idx1-ubyte.gz", d.resolve("train-labels-idx1-ubyte.gz"), 8, n);
        return d;
    }

    private static void copyHead(String resource, Path target, int header, int body) throws IOException {
        byte[] all;
        try (InputStream in = new GZIPInputStream(TinyRuns.class.getResourceAsStream("/org/gen4j/data/fashion-mnist/" + resource))) {
            all = in.readNBytes(header + body);
        }
        int count = header == 16 ? body / 784 : body;
        all[4] = (byte) (count >>> 24);
        all[5] = (byte) (count >>> 16);
        all[6] = (byte) (count >>> 8);
        all[7] = (byte) count;
        try (GZIPOutputStream out = new GZIPOutputStream(Files.newOutputStream(target))) {
            out.write(all);
        }
    }

    /** Flags for a ProGAN small enough to train in seconds: 8x8, 8 feature maps, growth every 32 images. */
    public static List<String> tinyProGan(Path data, Path out, String kimg) {
        return new ArrayList<>(List.of("train", "--model", "progan", "--data", data.toString(), "--resolution", "8",
                "--batch", "8", "--kimg", kimg, "--out", out.toString(), "--no-progress",
                "--set", "latentDim=8", "--set", "fmapBase=64", "--set", "fmapMax=8",
                "--set", "stableKimg=0.032", "--set", "fadeKimg=0.032",
                "--tick-kimg", "0.008", "--snapshot-kimg", "0.032", "--checkpoint-kimg", "0.032", "--grid", "4"));
    }

    /** Flags for a StyleGAN2 small enough to train in seconds: 8x8, 8 feature maps, 8-d z and w, 2 mapping layers. */
    static List<String> tinyStyleGan2(Path data, Path out, String kimg) {
        return new ArrayList<>(List.of("train", "--model", "stylegan2", "--data", data.toString(), "--resolution", "8",
                "--batch", "8", "--kimg", kimg, "--out", out.toString(), "--no-progress",
                "--set", "zDim=8", "--set", "wDim=8", "--set", "mappingLayers=2", "--set", "channelBase=64", "--set", "channelMax=8",
                "--tick-kimg", "0.016", "--snapshot-kimg", "0.032", "--checkpoint-kimg", "0.032", "--grid", "4"));
    }

    /** Flags for a StyleGAN3 small enough to train in seconds: 16x16 (its smallest), 4 layers of at most 8 channels, margin 2. */
    static List<String> tinyStyleGan3(Path data, Path out, String kimg, String config) {
        return new ArrayList<>(List.of("train", "--model", "stylegan3", "--data", data.toString(), "--resolution", "16",
                "--batch", "8", "--kimg", kimg, "--out", out.toString(), "--no-progress", "--set", "config=" + config,
                "--set", "zDim=8", "--set", "wDim=8", "--set", "channelBase=64", "--set", "channelMax=8", "--set", "dChannelBase=64",
                "--set", "dChannelMax=8", "--set", "numLayers=4", "--set", "marginSize=2",
                "--tick-kimg", "0.016", "--snapshot-kimg", "0.032", "--checkpoint-kimg", "0.032", "--grid", "4"));
    }

    /** Flags for a StyleGAN small enough to train in seconds: grows to 8x8 with 8 feature maps, 8-d z and w. */
    static List<String> tinyStyleGan(Path data, Path out, String kimg) {
        return new ArrayList<>(List.of("train", "--model", "stylegan", "--data", data.toString(), "--resolution", "8",
                "--batch", "8", "--kimg", kimg, "--out", out.toString(), "--no-progress",
                "--set", "zDim=8", "--set", "wDim=8", "--set", "mappingLayers=2", "--set", "fmapBase=64", "--set", "fmapMax=8",
                "--set", "stableKimg=0.016", "--set", "fadeKimg=0.016",
                "--tick-kimg", "0.016", "--snapshot-kimg", "0.032", "--checkpoint-kimg", "0.032", "--grid", "4"));
    }

    /**
     * Flags for a SAGAN small enough to train in seconds: 32x32 (its smallest), width 2 (8 feature
     * maps), attention at 16x16, 16-d z, 2 D steps per G step, the average copying G for 2 G steps.
     */
    public static List<String> tinySagan(Path data, Path out, String kimg) {
        return new ArrayList<>(List.of("train", "--model", "sagan", "--data", data.toString(), "--batch", "8", "--kimg", kimg,
                "--out", out.toString(), "--no-progress", "--set", "zDim=16", "--set", "ch=2", "--set", "dSteps=2",
                "--set", "emaDecay=0.9", "--set", "emaStart=2",
                "--tick-kimg", "0.016", "--snapshot-kimg", "0.032", "--checkpoint-kimg", "0.032", "--grid", "4"));
    }

    /** Flags for a CS-GAN small enough to train in seconds: 16x16, 16 maps at G's 4x4, 4 at D's full side, 8-d z. */
    public static List<String> tinyCsGan(Path data, Path out, String kimg) {
        return new ArrayList<>(List.of("train", "--model", "csgan", "--data", data.toString(), "--resolution", "16", "--batch", "8",
                "--kimg", kimg, "--out", out.toString(), "--no-progress", "--set", "zDim=8", "--set", "gChannels=16", "--set", "dChannels=4",
                "--set", "stepSize=1", "--tick-kimg", "0.016", "--snapshot-kimg", "0.032", "--checkpoint-kimg", "0.032", "--grid", "4"));
    }

    /** Flags for an IC-GAN small enough to train in seconds: 32x32, width 2, 16-d z, k = 3 neighbours. */
    public static List<String> tinyIcGan(Path data, Path out, String kimg) {
        return new ArrayList<>(List.of("train", "--model", "icgan", "--data", data.toString(), "--batch", "8", "--kimg", kimg,
                "--out", out.toString(), "--no-progress", "--set", "zDim=16", "--set", "ch=2", "--set", "neighbours=3",
                "--set", "featureDim=16", "--tick-kimg", "0.016", "--snapshot-kimg", "0.032", "--checkpoint-kimg", "0.032", "--grid", "4"));
    }

    /**
     * Flags for a VDVAE small enough to train in seconds: 8x8, width 8, 2-d latents, 2 mixture
     * components, one block per resolution; ticks every 8 images, snapshot and checkpoint at the end.
     */
    public static List<String> tinyVdvae(Path data, Path out, String kimg) {
        return new ArrayList<>(List.of("train", "--model", "vdvae", "--data", data.toString(), "--resolution", "8", "--batch", "8",
                "--kimg", kimg, "--out", out.toString(), "--no-progress", "--set", "width=8", "--set", "zdim=2", "--set", "mixtures=2",
                "--set", "encBlocks=8x1,8d2,4x1,4d4,1x1", "--set", "decBlocks=1x1,4m1,4x1,8m4,8x1", "--tick-kimg", "0.008",
                "--snapshot-kimg", kimg, "--checkpoint-kimg", kimg, "--grid", "4"));
    }

    /**
     * A labelled image folder of two classes, {@code bars} (a bright vertical bar) and
     * {@code squares} (a bright centred square), {@code n} 32x32 grayscale images each, with the
     * shapes' positions varying a little.
     */
    public static Path twoShapes(Path dir, int n) throws IOException {
        Path root = dir.resolve("shapes");
        for (String cls : List.of("bars", "squares")) {
            Path d = root.resolve(cls);
            Files.createDirectories(d);
            for (int i = 0; i < n; i++) {
                java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(32, 32, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
                java.awt.Graphics2D g = img.createGraphics();
                g.setColor(java.awt.Color.WHITE);
                int shift = i % 5 - 2;
                if (cls.equals("bars")) {
                    g.fillRect(13 + shift, 2, 6, 28);
                } else {
                    g.fillRect(8 + shift, 8 + shift, 16, 16);
                }
                g.dispose();
                javax.imageio.ImageIO.write(img, "png", d.resolve(String.format("%03d.png", i)).toFile());
            }
        }
        return root;
    }

    /** Result of running the command line in-process. */
    public record Result(int code, String out, String err) {}

    public static Result run(List<String> args) {
        return run(args.toArray(String[]::new));
    }

    public static Result run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }
}
