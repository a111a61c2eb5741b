package org.gen4j.metrics;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Fréchet Inception Distance (Heusel et al. 2017, eq. 6): the Fréchet distance between Gaussian
 * fits of real and generated features,
 * {@code |mu1 - mu2|^2 + Tr(S1 + S2 - 2 (S1 S2)^(1/2))}.
 *
 * <p>{@code Tr((S1 S2)^(1/2))} is computed without the non-symmetric matrix square root: with
 * {@code R = S1^(1/2)}, the matrix {@code R S2 R} is symmetric positive semi-definite and similar
 * to {@code S1 S2}, so the trace is the sum of the square roots of its eigenvalues. Both
 * square roots use symmetric eigen-decompositions with tiny negative eigenvalues (rounding)
 * clamped to zero, which keeps singular covariances (fewer samples than dimensions) finite.
 */
public final class Fid {

    private Fid() {}

    public static double distance(GaussianFit a, GaussianFit b) {
        if (a.dimension() != b.dimension()) {
            throw new IllegalArgumentException("feature dimensions differ: " + a.dimension() + " vs " + b.dimension());
        }
        double meanTerm = 0;
        for (int i = 0; i < a.dimension(); i++) {
            double d = a.mean()[i] - b.mean()[i];
            meanTerm += d * d;
        }
        DMatrixRMaj root = symmetricSqrt(a.covariance());
        DMatrixRMaj tmp = new DMatrixRMaj(root.numRows, root.numCols);
        DMatrixRMaj inner = new DMatrixRMaj(root.numRows, root.numCols);
        CommonOps_DDRM.mult(root, b.covariance(), tmp);
        CommonOps_DDRM.mult(tmp, root, inner);
        double traceSqrt = 0;
        for (double lambda : symmetricEigenvalues(inner)) {
            traceSqrt += Math.sqrt(Math.max(lambda, 0));
        }
        double fid = meanTerm + CommonOps_DDRM.trace(a.covariance()) + CommonOps_DDRM.trace(b.covariance()) - 2 * traceSqrt;
        return Math.max(fid, 0);
    }

    /** The symmetric positive semi-definite square root of a covariance matrix. */
    static DMatrixRMaj symmetricSqrt(DMatrixRMaj m) {
        int n = m.numRows;
        EigenDecomposition_F64<DMatrixRMaj> eig = decompose(m);
        DMatrixRMaj scaled = new DMatrixRMaj(n, n); // columns: eigenvectors times sqrt(eigenvalue)
        DMatrixRMaj vectors = new DMatrixRMaj(n, n);
        for (int k = 0; k < n; k++) {
            double s = Math.sqrt(Math.max(eig.getEigenvalue(k).getReal(), 0));
            DMatrixRMaj v = eig.getEigenVector(k);
            for (int i = 0; i < n; i++) {
                vectors.set(i, k, v.get(i));
                scaled.set(i, k, v.get(i) * s);
            }
        }
        DMatrixRMaj out = new DMatrixRMaj(n, n);
        CommonOps_DDRM.multTransB(scaled, vectors, out);
        return out;
    }

    static double[] symmetricEigenvalues(DMatrixRMaj m) {
        EigenDecomposition_F64<DMatrixRMaj> eig = decompose(m);
        double[] values = new double[m.numRows];
        for (int k = 0; k < values.length; k++) {
            values[k] = eig.getEigenvalue(k).getReal();
        }
        return values;
    }

    private static EigenDecomposition_F64<DMatrixRMaj> decompose(DMatrixRMaj m) {
        DMatrixRMaj sym = new DMatrixRMaj(m.numRows, m.numCols);
        CommonOps_DDRM.transpose(m, sym);
        CommonOps_DDRM.addEquals(sym, m);
        CommonOps_DDRM.scale(0.5, sym); // remove rounding asymmetry
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(sym.numRows, true, true);
        if (!eig.decompose(sym)) {
            throw new IllegalStateException("eigen-decomposition of a " + m.numRows + "x" + m.numRows + " covariance failed");
        }
        return eig;
    }
}
