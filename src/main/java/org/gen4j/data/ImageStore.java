package org.gen4j.data;

/**
 * Where a dataset's 8-bit pixels live: one array in memory, or files read on demand (memory-mapped
 * caches, so a dataset larger than memory or than a Java array is never loaded whole). Image
 * {@code i} is {@code imageSize} bytes in {@code [C, H, W]} row-major order. Reads may come from
 * several threads at once.
 */
public interface ImageStore {

    /** Copies image {@code index} into {@code dst} from {@code offset}. */
    void read(int index, byte[] dst, int offset);

    /** The backing array when the images are held in memory as one array, else {@code null}. */
    default byte[] array() {
        return null;
    }

    /** Images held in one array, {@code imageSize} bytes each. */
    record InMemory(byte[] pixels, int imageSize) implements ImageStore {
        @Override
        public void read(int index, byte[] dst, int offset) {
            System.arraycopy(pixels, index * imageSize, dst, offset, imageSize);
        }

        @Override
        public byte[] array() {
            return pixels;
        }
    }
}
