package org.gen4j.models.stylegan;

import java.util.List;
import org.gen4j.nn.Module;

/** Lets tests outside this package see StyleGAN's networks. */
public final class StyleGanTestAccess {

    private StyleGanTestAccess() {}

    /**
     * Runs {@code visit} on the generator and discriminator of a {@code config} model, then
     * releases them. The [1, 2, 1] blurs are depthwise 3x3 convolutions over every block's
     * channels; {@code blurs} receives their (channels, side) pairs.
     */
    public static void networks(StyleGanConfig config, java.util.function.Consumer<Module> visit, List<int[]> blurs) {
        try (StyleGan model = new StyleGan(config, 0)) {
            visit.accept(model.trainedGenerator());
            visit.accept(model.discriminator());
            for (int s = 3; s <= config.log2Resolution(); s++) {
                blurs.add(new int[] {config.channelsAt(s), 1 << s}); // generator, after conv0
                blurs.add(new int[] {config.channelsAt(s), 1 << s}); // discriminator, before conv1
            }
        }
    }
}
