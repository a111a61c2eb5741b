package org.gen4j.models.sagan;

import ai.djl.ndarray.NDArray;

/**
 * SAGAN's conditioning (the authors' code; also SN-GAN's and BigGAN-PyTorch's CIFAR networks): z
 * enters the first dense layer whole, and every conditional batch norm reads the class through
 * its own per-class gain and bias tables, i.e. its conditioning vector is the one-hot class.
 * With one class the tables are a learned per-channel gain and bias: plain batch normalisation
 * with an affine map, which is what the unconditional networks use.
 */
public final class ClassTables extends Conditioning {

    private final int zDim;
    private final int classes;

    public ClassTables(int zDim, int classes) {
        this.zDim = zDim;
        this.classes = classes;
    }

    @Override
    public int latentDim() {
        return zDim;
    }

    @Override
    public int denseInput() {
        return zDim;
    }

    @Override
    public int conditionDim() {
        return classes;
    }

    @Override
    public Split split(NDArray z, NDArray classWeights, int blocks) {
        NDArray[] c = new NDArray[blocks];
        java.util.Arrays.fill(c, classWeights);
        return new Split(z, c);
    }
}
