package org.gen4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLockTest {

    @TempDir
    Path tmp;

    /** Holds the lock of the run folder given as its argument until killed. */
    public static final class Holder {
        public static void main(String[] args) throws Exception {
            RunLock lock = RunLock.acquire(Path.of(args[0]));
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(120_000);
            lock.close();
        }
    }

    @Test
    void aLiveHolderIsNamedAndAKilledOneLeavesNothingStale() throws Exception {
        Path run = tmp.resolve("run");
        Process holder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Holder.class.getName(), run.toString())).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("locked");
            assertThatThrownBy(() -> RunLock.acquire(run))
                    .hasMessageContaining(run + " is being trained by another process (pid " + holder.pid() + " on ")
                    .hasMessageEndingWith("wait for it to finish or stop it, then run this again.");
            holder.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
            try (RunLock mine = RunLock.acquire(run)) {
                assertThat(Files.readString(run.resolve(RunLock.FILE))).startsWith("pid " + ProcessHandle.current().pid() + " on ");
                assertThatThrownBy(() -> RunLock.acquire(run)).hasMessageContaining("pid " + ProcessHandle.current().pid());
            }
            RunLock.acquire(run).close(); // released
        } finally {
            holder.destroyForcibly();
        }
    }
}
