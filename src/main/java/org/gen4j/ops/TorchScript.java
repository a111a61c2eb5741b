package org.gen4j.ops;

import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds a parameterless TorchScript module from TorchScript source text and loads it into
 * libtorch, so gen4j can reach the few libtorch functions DJL does not expose (for example
 * {@code torch.autograd.grad}) without shipping binary model files or Python.
 *
 * <p>A TorchScript archive is a zip holding the module's source under {@code code/}, a pickle of
 * the module object in {@code data.pkl}, an empty constants table and a format version; libtorch
 * compiles the source when it loads the archive. This class writes exactly that.
 */
final class TorchScript {

    private TorchScript() {}

    /**
     * Compiles and loads a module.
     *
     * @param manager the manager that owns the loaded module
     * @param className the module's class name, as used in {@code source}
     * @param source TorchScript source of {@code class <className>(Module)}, including the
     *     {@code __parameters__}, {@code __buffers__} and {@code training} declarations
     */
    static PtSymbolBlock load(PtNDManager manager, String className, String source) {
        byte[] archive = archive(className, source);
        try {
            return JniUtils.loadModule(manager, new ByteArrayInputStream(archive), true, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Compiles and loads a module whose only method is {@code forward(self, <params>) -> <returns>}
     * with {@code body} (lines indented by four spaces), the shape of every small function gen4j
     * reaches this way.
     */
    static PtSymbolBlock function(PtNDManager manager, String className, String params, String returns, String body) {
        return load(manager, className, "class " + className + "(Module):\n"
                + "  __parameters__ = []\n"
                + "  __buffers__ = []\n"
                + "  training : bool\n"
                + "  def forward(self: __torch__." + className + ", " + params + ") -> " + returns + ":\n"
                + body);
    }

    static byte[] archive(String className, String source) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            String root = className.toLowerCase() + "/";
            store(zip, root + "data.pkl", modulePickle(className));
            store(zip, root + "code/__torch__.py", source.getBytes(StandardCharsets.UTF_8));
            store(zip, root + "constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'}); // empty tuple
            store(zip, root + "version", "3\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void store(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(data);
        zip.closeEntry();
    }

    /**
     * Pickle (protocol 2) of an instance of {@code __torch__.<className>} whose only attribute is
     * {@code training = True}: GLOBAL, EMPTY_TUPLE, NEWOBJ, EMPTY_DICT, MARK, key, value, SETITEMS,
     * BUILD, STOP.
     */
    private static byte[] modulePickle(String className) {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(0x80);
        p.write(2);
        p.writeBytes(("c__torch__\n" + className + "\n").getBytes(StandardCharsets.US_ASCII));
        p.write(')');
        p.write(0x81);
        p.write('}');
        p.write('(');
        byte[] key = "training".getBytes(StandardCharsets.US_ASCII);
        p.write('X');
        p.write(key.length);
        p.write(0);
        p.write(0);
        p.write(0);
        p.writeBytes(key);
        p.write(0x88); // True
        p.write('u');
        p.write('b');
        p.write('.');
        return p.toByteArray();
    }
}
