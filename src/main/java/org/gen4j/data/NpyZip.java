package org.gen4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.gen4j.Gen4jException;
import org.gen4j.io.Npy;

/**
 * numpy's {@code .npz}: a ZIP of {@code .npy} arrays ({@link Npy}), stored by {@code np.savez} or
 * deflated by {@code np.savez_compressed}. For a stored array the byte offset of its data in the
 * ZIP is found from the entry's local header, so it can be memory-mapped.
 */
final class NpyZip {

    private NpyZip() {}

    /** Parses the {@code .npy} header at the start of {@code in}. */
    static Npy.Header header(InputStream in, String what) throws IOException {
        return Npy.header(in, what);
    }

    /** The byte offset in the ZIP file where a stored entry's data begins (after its local header). */
    static long dataStart(Path zip, ZipEntry entry) throws IOException {
        Gen4jException.check(entry.getMethod() == ZipEntry.STORED, "%s in %s is compressed.", entry.getName(), zip);
        long local = localHeaderOffset(zip, entry.getName());
        try (FileChannel ch = FileChannel.open(zip, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(b, local);
            Gen4jException.check(b.getInt(0) == 0x04034b50, "%s: the local header of %s is damaged.", zip, entry.getName());
            return local + 30 + (b.getShort(26) & 0xffff) + (b.getShort(28) & 0xffff);
        }
    }

    /** Finds an entry's local header offset in the ZIP's central directory. */
    private static long localHeaderOffset(Path zip, String name) throws IOException {
        try (FileChannel ch = FileChannel.open(zip, StandardOpenOption.READ)) {
            long size = ch.size();
            int tail = (int) Math.min(size, 65_557);
            ByteBuffer end = ByteBuffer.allocate(tail).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(end, size - tail);
            int eocd = -1;
            for (int i = tail - 22; i >= 0; i--) {
                if (end.getInt(i) == 0x06054b50) {
                    eocd = i;
                    break;
                }
            }
            Gen4jException.check(eocd >= 0, "%s is not a ZIP file (no end of central directory).", zip);
            long cdSize = end.getInt(eocd + 12) & 0xffffffffL, cdOffset = end.getInt(eocd + 16) & 0xffffffffL;
            Gen4jException.check(cdOffset != 0xffffffffL, "%s is a ZIP64 archive; gen4j maps only plain ZIPs (unzip it to .npy files).", zip);
            ByteBuffer cd = ByteBuffer.allocate((int) cdSize).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(cd, cdOffset);
            int at = 0;
            while (at + 46 <= cdSize && cd.getInt(at) == 0x02014b50) {
                int n = cd.getShort(at + 28) & 0xffff, extra = cd.getShort(at + 30) & 0xffff, comment = cd.getShort(at + 32) & 0xffff;
                byte[] nameBytes = new byte[n];
                cd.get(at + 46, nameBytes);
                if (new String(nameBytes, StandardCharsets.UTF_8).equals(name)) {
                    return cd.getInt(at + 42) & 0xffffffffL;
                }
                at += 46 + n + extra + comment;
            }
            throw new Gen4jException(zip + " has no entry " + name + " in its central directory.");
        }
    }

    /** The entry {@code name} of an open npz, refused in one sentence when absent. */
    static ZipEntry entry(ZipFile z, Path file, String name) {
        ZipEntry e = z.getEntry(name);
        Gen4jException.check(e != null, "%s lacks the array %s.", file, name);
        return e;
    }
}
