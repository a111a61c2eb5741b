package org.gen4j.models.styleganxl;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gen4j.Gen4jException;
import org.gen4j.nn.Parameters;

/**
 * A TorchScript projection network: {@code forward(x: Tensor) -> List[Tensor]} (or a tuple),
 * {@code x} images {@code [N, C, H, W]} with values in [-1, 1] at the model's resolution, the result
 * one feature map {@code [N, C_i, H_i, W_i]} per depth, shallow to deep. Its weights are frozen
 * (no gradient is recorded for them); the feature maps stay differentiable in {@code x}. It has no
 * classifier, so it starts no class embedding and cannot guide.
 */
final class TorchScriptProjection implements AutoCloseable {

    private final PtNDManager manager;
    private final PtSymbolBlock module;
    private final Map<String, NDArray> weights = new LinkedHashMap<>();

    private TorchScriptProjection(PtNDManager manager, PtSymbolBlock module) {
        this.manager = manager;
        this.module = module;
        for (var p : module.getDirectParameters()) {
            Parameter param = p.getValue();
            if (param.isInitialized()) {
                weights.put(p.getKey(), param.getArray());
            }
        }
        Parameters.setTrainable(weights.values(), false);
    }

    /**
     * Loads and probes a TorchScript file with a blank minibatch of two images.
     *
     * @throws Gen4jException naming the file when it is not TorchScript or does not return feature maps for such images
     */
    static TorchScriptProjection load(Path file, String setting, int imageChannels, int resolution) {
        PtNDManager m = (PtNDManager) NDManager.newBaseManager("PyTorch");
        TorchScriptProjection net;
        try {
            net = new TorchScriptProjection(m, JniUtils.loadModule(m, file.toAbsolutePath(), true, new String[0], new String[0], false));
        } catch (EngineException | UnsupportedOperationException e) {
            m.close();
            throw new Gen4jException(setting + " " + file + " is neither a gen4j featnet file nor a loadable TorchScript module: "
                    + Gen4jException.firstLine(e.getMessage()) + ".");
        }
        try (NDManager probe = NDManager.newBaseManager()) {
            List<NDArray> out = net.pyramid(probe.zeros(new Shape(2, imageChannels, resolution, resolution)));
            Gen4jException.check(!out.isEmpty(), "%s %s returns no feature maps.", setting, file);
            for (NDArray f : out) {
                Gen4jException.check(f.getShape().dimension() == 4 && f.getShape().get(0) == 2, "%s %s returns a feature map of shape %s "
                        + "for 2 images; expected [2, C, H, W] per depth.", setting, file, f.getShape());
            }
            return net;
        } catch (EngineException e) {
            net.close();
            throw new Gen4jException(setting + " " + file + " does not take " + imageChannels + "-channel " + resolution + "x" + resolution
                    + " images and return a list of feature maps: " + Gen4jException.firstLine(e.getMessage()) + ".");
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
    }

    /** The feature maps of {@code images}, differentiable in them (the module runs with gradients recorded, as in training). */
    List<NDArray> pyramid(NDArray images) {
        NDList l = IValueUtils.forward(module, new NDList(images), true);
        List<NDArray> maps = new ArrayList<>();
        for (NDArray a : l) {
            a.attach(images.getManager());
            maps.add(a);
        }
        return maps;
    }

    Map<String, NDArray> weights() {
        return weights;
    }

    @Override
    public void close() {
        module.close();
        manager.close();
    }
}
