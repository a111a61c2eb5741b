package org.gen4j.ops;

/** Writes TorchScript archives for tests of code that loads TorchScript files (see {@link TorchScript}). */
public final class TorchScriptFiles {

    private TorchScriptFiles() {}

    /** The archive of a parameterless module {@code className} with the given TorchScript source. */
    public static byte[] archive(String className, String source) {
        return TorchScript.archive(className, source);
    }
}
