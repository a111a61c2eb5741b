package org.gen4j.models.stylegan2;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gen4j.nn.Module;

/** Lets tests outside this package see which convolutions StyleGAN2 runs. */
public final class StyleGan2TestAccess {

    private StyleGan2TestAccess() {}

    /**
     * Every convolution of a training step and of sampling, as {in, out, kernel, padding, side,
     * stride, groups} with the input side before padding, for a minibatch of {@code batch}.
     */
    public static List<int[]> convolutions(StyleGan2Config c, int batch) {
        List<int[]> out = new ArrayList<>();
        int taps = 4;
        try (StyleGan2 model = new StyleGan2(c, 0)) {
            Map<String, Module> g = model.trainedGenerator().modules();
            for (Module module : g.values()) {
                if (module instanceof Synthesis.Layer l) {
                    int o = (int) l.weight.getShape().get(0), i = (int) l.weight.getShape().get(1);
                    if (l.up == 1) {
                        out.add(new int[] {i, o, 3, 1, l.resolution, 1, 1});
                        out.add(new int[] {batch * i, batch * o, 3, 1, l.resolution, 1, batch});
                    } else {
                        int side = l.resolution + 2; // zero-inserted, filtered and padded
                        out.add(new int[] {i, o, 3, 0, side, 1, 1});
                        out.add(new int[] {batch * i, batch * o, 3, 0, side, 1, batch});
                        out.add(new int[] {i, i, taps, 0, l.resolution + 2 * taps - 3, 1, i});
                    }
                } else if (module instanceof Synthesis.ToRgb t) {
                    int o = (int) t.weight.getShape().get(0), i = (int) t.weight.getShape().get(1);
                    out.add(new int[] {i, o, 1, 0, 4, 1, 1});
                    out.add(new int[] {batch * i, batch * o, 1, 0, 4, 1, batch});
                }
            }
            out.add(new int[] {c.imageChannels(), c.imageChannels(), taps, 0, c.resolution() + 3, 1, c.imageChannels()});
            out.addAll(discriminatorConvolutions(model.discriminator()));
        }
        return out;
    }

    /** The convolutions of StyleGAN2's residual discriminator {@code d}, which StyleGAN3 trains with too. */
    public static List<int[]> discriminatorConvolutions(Module d) {
        List<int[]> out = new ArrayList<>();
        int taps = 4;
        for (Module module : d.modules().values()) {
            if (module instanceof Discriminator.ConvLayer l) {
                int o = (int) l.weight.getShape().get(0), i = (int) l.weight.getShape().get(1);
                if (!l.down) {
                    out.add(new int[] {i, o, l.kernel, l.kernel / 2, 8, 1, 1});
                } else {
                    int pad = (l.kernel + taps - 2) / 2;
                    if (l.kernel == 1) { // float32: filter and decimate, then 1x1
                        out.add(new int[] {i, i, taps, pad, 8, 2, i});
                        out.add(new int[] {i, o, 1, 0, 4, 1, 1});
                    } else { // float32: filter, then the strided convolution
                        out.add(new int[] {i, i, taps, pad, 8, 1, i});
                        out.add(new int[] {i, o, 3, 0, 9, 2, 1});
                    }
                    // bfloat16: the filter folded into the kernel
                    out.add(new int[] {i, o, l.kernel + taps - 1, pad, 8, 2, 1});
                }
            }
        }
        return out;
    }
}
