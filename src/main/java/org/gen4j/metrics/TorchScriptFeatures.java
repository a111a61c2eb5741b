package org.gen4j.metrics;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Path;
import org.gen4j.Gen4jException;

/**
 * A TorchScript feature network with the calling convention of the FID Inception-v3 used by the
 * StyleGAN papers' metrics ({@code inception-2015-12-05.pt}):
 * {@code forward(img, return_features: bool, use_fp16: bool, no_output_bias: bool)}, where
 * {@code img} holds RGB values 0..255 at any size (the network resizes to 299x299 itself).
 * Features are its {@code return_features=True} output (pool3, 2048-d); class probabilities are
 * the softmax of its logits without the output bias, as that protocol computes the Inception
 * Score. Images are quantised to 8 bits first, as the protocol's PNG-like uint8 images are, and
 * grayscale is replicated to three channels.
 */
public final class TorchScriptFeatures implements FeatureNetwork {

    private final PtNDManager manager;
    private final PtSymbolBlock module;
    private final String id;
    private final int featureDim;

    private TorchScriptFeatures(PtNDManager manager, PtSymbolBlock module, String id, int featureDim) {
        this.manager = manager;
        this.module = module;
        this.id = id;
        this.featureDim = featureDim;
    }

    /** Loads a TorchScript file (one {@link FeatureNetworks#open} found) and probes its feature size with two blank images. */
    static TorchScriptFeatures load(Path file) {
        PtNDManager m = (PtNDManager) NDManager.newBaseManager("PyTorch");
        try {
            PtSymbolBlock module = JniUtils.loadModule(m, file.toAbsolutePath(), true, new String[0], new String[0], false);
            TorchScriptFeatures net = new TorchScriptFeatures(m, module, "torchscript-" + ClassifierFeatures.sha256(file).substring(0, 12), 0);
            int dim;
            try (NDArray probe = net.call(m.zeros(new Shape(2, 3, 32, 32)), true)) {
                Gen4jException.check(probe.getShape().dimension() == 2 && probe.getShape().get(0) == 2,
                        "%s returns features of shape %s for 2 images; expected [2, d].", file, probe.getShape());
                dim = (int) probe.getShape().get(1);
            }
            return new TorchScriptFeatures(m, module, net.id, dim);
        } catch (EngineException | UnsupportedOperationException e) {
            m.close();
            throw new Gen4jException(file + " is not a TorchScript feature network with the FID Inception interface "
                    + "forward(img, return_features, use_fp16, no_output_bias): " + Gen4jException.firstLine(e.getMessage()) + ".");
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    private NDArray call(NDArray rgb255, boolean features) {
        IValue[] args = {IValue.from((PtNDArray) rgb255), IValue.from(features), IValue.from(false), IValue.from(!features)};
        try {
            IValue out = module.forward(args);
            try {
                NDArray t = out.toTensor(manager);
                t.attach(rgb255.getManager());
                return t;
            } finally {
                out.close();
            }
        } finally {
            for (IValue a : args) {
                a.close();
            }
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int featureDim() {
        return featureDim;
    }

    @Override
    public void checkInput(int channels, String flag) {
        Gen4jException.check(channels == 1 || channels == 3, "the feature network %s takes grayscale or RGB images, not %d channels; pass %s "
                + "with a network for them.", id, channels, flag);
    }

    @Override
    public Output apply(NDArray images) {
        checkInput((int) images.getShape().get(1), FeatureNetworks.FLAG);
        NDArray x = images.add(1).mul(127.5f).clip(0, 255).round();
        if (x.getShape().get(1) == 1) {
            x = NDArrays.concat(new NDList(x, x, x), 1);
        }
        NDArray f = call(x, true);
        NDArray p = call(x, false).softmax(1);
        return new Output(f, p);
    }

    @Override
    public void close() {
        module.close();
        manager.close();
    }
}
