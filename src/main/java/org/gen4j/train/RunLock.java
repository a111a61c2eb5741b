package org.gen4j.train;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.gen4j.Gen4jException;

/**
 * The claim of one training process on a run folder: an operating-system lock on
 * {@code RUN/train.lock}, which also records the holder's process id, host and start time. The
 * kernel drops the lock when its holder exits in any way (kill -9 included), so a dead holder never
 * leaves it stale: the next {@code train} simply takes it over. A second {@code train} on a run
 * whose holder is alive is refused with a sentence naming that process.
 */
public final class RunLock implements AutoCloseable {

    static final String FILE = "train.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock of the run in {@code root} (created if needed), or refuses naming its holder. */
    public static RunLock acquire(Path root) throws IOException {
        Files.createDirectories(root);
        Path file = root.resolve(FILE);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        if (lock == null) {
            String holder = holder(ch);
            ch.close();
            throw new Gen4jException(root + " is being trained by another process (" + holder
                    + "); wait for it to finish or stop it, then run this again.");
        }
        String me = "pid " + ProcessHandle.current().pid() + " on " + host() + ", since " + Instant.now();
        ch.truncate(0);
        ch.write(ByteBuffer.wrap(me.getBytes(StandardCharsets.UTF_8)), 0);
        ch.force(true);
        return new RunLock(ch, lock);
    }

    /**
     * Whether a process trains the run in {@code root} now: its {@code train.lock} is locked. Asks
     * the kernel by trying the lock and releasing it at once, so it never leaves a claim behind; a
     * run without the file is not being trained. (Within one JVM, closing the probe's channel may
     * drop that JVM's own lock on Linux; the studio and {@code train} are separate processes.)
     */
    public static boolean isHeld(Path root) {
        Path file = root.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock probe = ch.tryLock();
            if (probe == null) {
                return true;
            }
            probe.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String holder(FileChannel ch) {
        try {
            ByteBuffer b = ByteBuffer.allocate((int) Math.min(ch.size(), 512));
            ch.read(b, 0);
            String s = new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).strip();
            return s.isEmpty() ? "it has not said which" : s;
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String host() {
        String name = ManagementFactory.getRuntimeMXBean().getName(); // pid@host
        int at = name.indexOf('@');
        return at >= 0 ? name.substring(at + 1) : "this host";
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
