package org.gen4j.models.sagan;

import java.util.ArrayList;
import java.util.List;
import org.gen4j.Gen4jException;

/**
 * The channel plan of the SN-ResNet generator and discriminator shared by SAGAN, BigGAN and the
 * models built on them, as BigGAN-PyTorch's {@code G_arch} and {@code D_arch} define it per image
 * resolution: block widths are multiples of the width {@code ch}. At 32x32 (the CIFAR networks of
 * SN-GAN and BigGAN) every block has {@code 4 ch} channels and D downsamples twice; from 64x64 on
 * the widths fall from {@code 16 ch} at 4x4 towards the image in G, and rise from {@code ch} in D.
 */
public final class Architecture {

    /** One residual block: input and output channels, whether it changes the resolution, and its output side. */
    public record Block(int in, int out, boolean resample, int outputResolution) {}

    private static final List<Integer> RESOLUTIONS = List.of(32, 64, 128, 256);

    private Architecture() {}

    /** Checks that {@code resolution} has a plan, in one sentence naming the accepted ones. */
    public static void check(int resolution) {
        Gen4jException.check(RESOLUTIONS.contains(resolution), "resolution must be one of %s for the SN-ResNet models, got %d.",
                RESOLUTIONS, resolution);
    }

    /** G's upsampling blocks from 4x4 to {@code resolution}; each doubles the side. */
    public static List<Block> generator(int resolution, int ch) {
        check(resolution);
        int[] in, out;
        switch (resolution) {
            case 32 -> {
                in = new int[] {4, 4, 4};
                out = new int[] {4, 4, 4};
            }
            case 64 -> {
                in = new int[] {16, 16, 8, 4};
                out = new int[] {16, 8, 4, 2};
            }
            case 128 -> {
                in = new int[] {16, 16, 8, 4, 2};
                out = new int[] {16, 8, 4, 2, 1};
            }
            default -> {
                in = new int[] {16, 16, 8, 8, 4, 2};
                out = new int[] {16, 8, 8, 4, 2, 1};
            }
        }
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < in.length; i++) {
            blocks.add(new Block(in[i] * ch, out[i] * ch, true, 8 << i));
        }
        return blocks;
    }

    /** D's blocks from the image (whose channels the first block takes) down to the pooled features. */
    public static List<Block> discriminator(int resolution, int ch, int imageChannels) {
        check(resolution);
        int[] in, out;
        boolean[] down;
        switch (resolution) {
            case 32 -> {
                in = new int[] {0, 4, 4, 4};
                out = new int[] {4, 4, 4, 4};
                down = new boolean[] {true, true, false, false};
            }
            case 64 -> {
                in = new int[] {0, 1, 2, 4, 8};
                out = new int[] {1, 2, 4, 8, 16};
                down = new boolean[] {true, true, true, true, false};
            }
            case 128 -> {
                in = new int[] {0, 1, 2, 4, 8, 16};
                out = new int[] {1, 2, 4, 8, 16, 16};
                down = new boolean[] {true, true, true, true, true, false};
            }
            default -> {
                in = new int[] {0, 1, 2, 4, 8, 8, 16};
                out = new int[] {1, 2, 4, 8, 8, 16, 16};
                down = new boolean[] {true, true, true, true, true, true, false};
            }
        }
        List<Block> blocks = new ArrayList<>();
        int side = resolution;
        for (int i = 0; i < in.length; i++) {
            side = down[i] ? side / 2 : side;
            blocks.add(new Block(i == 0 ? imageChannels : in[i] * ch, out[i] * ch, down[i], side));
        }
        return blocks;
    }

    /**
     * BigGAN-deep's discriminator stages (its {@code D_arch}): the input channels are the first
     * stage's, reached by a 3x3 convolution from the image; at 32x32 three stages of {@code 4 ch}
     * channels, the first two downsampling; from 64x64 on the widths double from {@code ch} per
     * stage, every stage downsampling.
     */
    public static List<Block> deepDiscriminator(int resolution, int ch) {
        check(resolution);
        int[] in, out;
        boolean[] down;
        switch (resolution) {
            case 32 -> {
                in = new int[] {4, 4, 4};
                out = new int[] {4, 4, 4};
                down = new boolean[] {true, true, false};
            }
            case 64 -> {
                in = new int[] {1, 2, 4, 8};
                out = new int[] {2, 4, 8, 16};
                down = new boolean[] {true, true, true, true};
            }
            case 128 -> {
                in = new int[] {1, 2, 4, 8, 16};
                out = new int[] {2, 4, 8, 16, 16};
                down = new boolean[] {true, true, true, true, true};
            }
            default -> {
                in = new int[] {1, 2, 4, 8, 8, 16};
                out = new int[] {2, 4, 8, 8, 16, 16};
                down = new boolean[] {true, true, true, true, true, true};
            }
        }
        List<Block> blocks = new ArrayList<>();
        int side = resolution;
        for (int i = 0; i < in.length; i++) {
            side = down[i] ? side / 2 : side;
            blocks.add(new Block(in[i] * ch, out[i] * ch, down[i], side));
        }
        return blocks;
    }
}
