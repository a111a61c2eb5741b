package org.gen4j.models.stylegan3;

import java.util.ArrayList;
import java.util.List;
import org.gen4j.models.stylegan2.StyleGan2TestAccess;

/** Lets tests outside this package see which convolutions StyleGAN3 runs. */
public final class StyleGan3TestAccess {

    private StyleGan3TestAccess() {}

    /**
     * Every convolution of a training step, as {in, out, kernel, padding, side, stride, groups}:
     * the Fourier input's 1x1 mixing, each layer's modulated convolution (padding kernel - 1),
     * config R's radial downsampling filters (depthwise, stride 2, on the upsampled signal) and D's.
     */
    public static List<int[]> convolutions(StyleGan3Config c) {
        List<int[]> out = new ArrayList<>();
        try (StyleGan3 model = new StyleGan3(c, 0)) {
            LayerSchedule s = c.schedule();
            out.add(new int[] {s.input().channels(), s.input().channels(), 1, 0, s.input().size(), 1, 1});
            for (LayerSchedule.Layer l : s.layers()) {
                out.add(new int[] {l.inChannels(), l.outChannels(), l.kernel(), l.kernel() - 1, l.inSize(), 1, 1});
                if (l.downRadial()) {
                    int mid = (l.inSize() + l.kernel() - 1) * l.up() + l.padding()[0] + l.padding()[1] - l.upTaps() + 1;
                    out.add(new int[] {l.outChannels(), l.outChannels(), l.downTaps(), 0, mid, l.down(), l.outChannels()});
                }
            }
            out.addAll(StyleGan2TestAccess.discriminatorConvolutions(model.networks().get(1)));
        }
        return out;
    }
}
