package org.gen4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's and subcommand's help, as a user asks for it. */
class HelpTextTest {

    /**
     * picocli formats descriptions as format strings and, where one does not parse (a bare
     * {@code %}), prints a warning to standard error instead of the help a user asked for.
     */
    @Test
    void everyCommandPrintsItsHelpWithoutFormatWarnings() {
        List<List<String>> paths = new ArrayList<>();
        collect(new CommandLine(new Main()), new ArrayList<>(), paths);
        assertThat(paths).hasSizeGreaterThan(15);
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            for (List<String> path : paths) {
                List<String> args = new ArrayList<>(path);
                args.add("--help");
                TinyRuns.Result r = TinyRuns.run(args);
                assertThat(r.code()).as("%s --help", path).isZero();
                assertThat(r.out()).as("%s --help", path).contains("Usage: gen4j");
                assertThat(r.err()).as("%s --help", path).isEmpty();
            }
        } finally {
            System.setErr(saved);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
    }

    private static void collect(CommandLine cli, List<String> path, List<List<String>> out) {
        for (Map.Entry<String, CommandLine> e : cli.getSubcommands().entrySet()) {
            if (e.getKey().equals("help") || !e.getValue().getCommandName().equals(e.getKey())) {
                continue; // picocli's help command and aliases
            }
            List<String> sub = new ArrayList<>(path);
            sub.add(e.getKey());
            out.add(sub);
            collect(e.getValue(), sub, out);
        }
    }
}
