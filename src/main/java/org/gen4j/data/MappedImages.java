package org.gen4j.data;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.gen4j.Gen4jException;

/**
 * Images read from memory-mapped files: each {@link Region} is a run of whole images,
 * {@code imageSize} bytes each, at an offset of a file. The operating system pages them in as
 * they are read, so a dataset of any size costs address space, not heap.
 */
final class MappedImages implements ImageStore {

    /** {@code count} images starting {@code offset} bytes into {@code file}. */
    record Region(Path file, long offset, long count) {}

    private final List<MappedByteBuffer> buffers = new ArrayList<>();
    private final long[] first; // index of each buffer's first image, and the total at the end
    private final int imageSize;

    MappedImages(List<Region> regions, int imageSize) throws IOException {
        this.imageSize = imageSize;
        long perBuffer = Math.max(1, (Integer.MAX_VALUE - 8) / imageSize);
        List<Long> starts = new ArrayList<>();
        long total = 0;
        for (Region r : regions) {
            try (FileChannel ch = FileChannel.open(r.file(), StandardOpenOption.READ)) {
                long need = r.offset() + r.count() * imageSize;
                Gen4jException.check(ch.size() >= need, "%s is truncated: %d images need %d bytes from offset %d, the file has %d.",
                        r.file(), r.count(), r.count() * imageSize, r.offset(), ch.size());
                for (long done = 0; done < r.count(); done += perBuffer) {
                    long n = Math.min(perBuffer, r.count() - done);
                    buffers.add(ch.map(FileChannel.MapMode.READ_ONLY, r.offset() + done * imageSize, n * imageSize));
                    starts.add(total);
                    total += n;
                }
            }
        }
        starts.add(total);
        first = starts.stream().mapToLong(Long::longValue).toArray();
    }

    /** Images held. */
    long count() {
        return first[first.length - 1];
    }

    @Override
    public void read(int index, byte[] dst, int offset) {
        int b = Arrays.binarySearch(first, 0, buffers.size(), index);
        if (b < 0) {
            b = -b - 2;
        }
        buffers.get(b).get((int) (index - first[b]) * imageSize, dst, offset, imageSize);
    }
}
