package org.gen4j.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;

/**
 * Tensor memory layouts. Convolutions on CPU run fastest when activations and weights are
 * channels-last ({@code NHWC} in memory, shape still {@code [N, C, H, W]}): oneDNN then works on
 * them directly instead of reordering every input, output and gradient. Storing convolution
 * weights channels-last is enough: a convolution with a channels-last weight returns a
 * channels-last result, and element-wise ops, pooling and upsampling keep the layout.
 */
public final class MemoryFormat {

    private static final PtSymbolBlock CHANNELS_LAST = TorchScript.function(
            (PtNDManager) NDManager.newBaseManager("PyTorch"), "ChannelsLast", "x: Tensor", "Tensor",
            "    return torch.contiguous(x, memory_format=2)\n");

    private MemoryFormat() {}

    /**
     * A channels-last copy of a 4-D tensor, on {@code x}'s manager. Values, shape and indexing
     * are unchanged; only the order in memory differs.
     */
    public static NDArray channelsLast(NDArray x) {
        NDArray y = IValueUtils.forward(CHANNELS_LAST, new NDList(x), true).get(0);
        y.attach(x.getManager());
        return y;
    }
}
