package org.gen4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every option of every command, found from picocli's model so that new options and commands are
 * covered without editing this test: numeric options get values that are not numbers of their
 * type and numbers out of range (negative, zero, the largest of their type, NaN, infinities),
 * text and path options empty values, directories, garbage files, missing paths and unknown
 * names. Each gets one line, a non-zero exit (2 for bad input), never a stack trace or a usage dump.
 */
class FlagFuzzTest {

    static final String MISSING = "/nonexistent/fuzz";

    static List<CommandSpec> commands(CommandLine cli) {
        List<CommandSpec> out = new ArrayList<>(List.of(cli.getCommandSpec()));
        for (CommandLine sub : cli.getSubcommands().values()) {
            out.addAll(commands(sub));
        }
        return out;
    }

    static boolean numeric(Class<?> t) {
        return t == int.class || t == Integer.class || t == long.class || t == Long.class || t == double.class || t == Double.class;
    }

    @Test
    void malformedNumbersForEveryNumericOptionGetOneLineAndExitTwo() {
        int checked = 0;
        for (CommandSpec c : commands(new CommandLine(new Main()))) {
            List<String> path = new ArrayList<>(List.of(c.qualifiedName().split(" ")));
            path.remove(0); // "gen4j"
            for (OptionSpec o : c.options()) {
                if (!numeric(o.type())) {
                    continue;
                }
                boolean integral = o.type() != double.class && o.type() != Double.class;
                for (String bad : integral ? List.of("abc", "", "1.5", "99999999999999999999") : List.of("abc", "", "1,5")) {
                    List<String> args = new ArrayList<>(path);
                    args.add(o.longestName() + "=" + bad);
                    TinyRuns.Result r = TinyRuns.run(args);
                    assertThat(r.code()).as("%s", args).isEqualTo(2);
                    assertThat(r.err().strip().lines().count()).as("%s: %s", args, r.err()).isEqualTo(1);
                    assertThat(r.err()).as("%s", args).startsWith("gen4j: error: ").contains(o.longestName()).doesNotContain("\tat ");
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(100);
    }

    /** Numeric options that take any finite value of their type. */
    static final Set<String> ANY_VALUE = Set.of("--seed", "--rotate");
    /** Numeric options whose largest value is what they index or count, checked once that is open (any count of checkpoints kept is fine). */
    static final Set<String> NO_CEILING = Set.of("--keep-checkpoints", "--depth");
    /**
     * Numeric options for which 0 is meaningful (no warm-up, psi 0, no latent or Langevin steps,
     * cutoff at layer 0, ADA's p at 0), by name or as "command option" (networks that have seen no images).
     */
    static final Set<String> ZERO_OK = Set.of("--warmup", "--truncation", "--truncation-cutoff", "--latent-steps", "--langevin-steps",
            "--rotate", "--seed", "import --kimg", "studio --port", "--depth", "--ada-p");

    /**
     * What each command is given besides the option under test: inputs that do not exist, so a
     * value that is accepted ends in one sentence about that input instead of in work. An option
     * under test replaces its entry here.
     */
    static final Map<String, List<String>> POISON = Map.ofEntries(Map.entry("train", List.of("--data", MISSING)),
            Map.entry("bench", List.of("--model", "no-such-model")),
            Map.entry("sample", List.of("--run", MISSING, "--grid", MISSING + ".png")),
            Map.entry("interpolate", List.of("--run", MISSING, "--seeds", "1,2", "--out", MISSING + ".gif")),
            Map.entry("mix", List.of("--run", MISSING, "--rows", "1", "--cols", "2", "--out", MISSING + ".png")),
            Map.entry("eval", List.of("--run", MISSING)),
            Map.entry("reconstruct", List.of("--run", MISSING, "--images", MISSING, "--out", MISSING + ".png")),
            Map.entry("featnet train", List.of("--data", MISSING, "--out", MISSING + ".safetensors")),
            Map.entry("featnet check", List.of("--data", MISSING, "--feature-net", MISSING + ".safetensors")),
            Map.entry("data info", List.of(MISSING)), Map.entry("data fetch", List.of("no-such-dataset", "--dir", MISSING)),
            Map.entry("data pack", List.of(MISSING, "--out", MISSING + ".zip")), Map.entry("models", List.of()),
            Map.entry("import", List.of(MISSING + ".pkl", "--from", "stylegan2-ada", "--out", MISSING)),
            Map.entry("export", List.of("--run", MISSING, "--out", MISSING + ".safetensors")),
            Map.entry("report", List.of(MISSING, "--out", MISSING + ".html")),
            // a bad host as well: an accepted --runs (an empty folder) must not start a server that waits for Ctrl-C
            Map.entry("studio", List.of("--runs", MISSING, "--host", "no/such/host")));

    static String command(CommandSpec c) {
        return c.qualifiedName().substring("gen4j ".length());
    }

    /** The command line for {@code command} with {@code option} (or the first positional, for null) set to {@code value}. */
    static List<String> line(String command, String option, String value) {
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        List<String> poison = new ArrayList<>(POISON.get(command));
        if (option == null) {
            poison.set(0, value);
        } else {
            int at = poison.indexOf(option);
            if (at >= 0) {
                poison.subList(at, at + 2).clear();
            }
            poison.add(option + "=" + value);
        }
        args.addAll(poison);
        return args;
    }

    /**
     * Every numeric option of every command is given -1, 0 and the largest value of its type (and
     * NaN, infinities and -1e300 for decimals) with inputs that do not exist: each is refused in
     * one sentence naming the option, before any input is opened, so no command starts hours of
     * work or a huge allocation on a typo. Only {@link #ANY_VALUE} take any finite value, and 0
     * only where it means something.
     */
    @Test
    void outOfRangeNumbersAreRefusedByNameBeforeAnyInputIsOpened() {
        int checked = 0;
        List<String> failures = new ArrayList<>();
        for (CommandSpec c : commands(new CommandLine(new Main()))) {
            if (!c.subcommands().isEmpty() || c.name().equals("help")) {
                continue;
            }
            assertThat(POISON).as("a poison line for %s", command(c)).containsKey(command(c));
            for (OptionSpec o : c.options()) {
                if (!numeric(o.type())) {
                    continue;
                }
                boolean integral = o.type() != double.class && o.type() != Double.class;
                String huge = o.type() == long.class || o.type() == Long.class ? Long.toString(Long.MAX_VALUE)
                        : integral ? Integer.toString(Integer.MAX_VALUE) : "1e300";
                for (String bad : integral ? List.of("-1", "0", huge) : List.of("-1", "0", huge, "NaN", "Infinity", "-Infinity", "-1e300")) {
                    String name = o.longestName();
                    boolean finite = !bad.contains("Infinity") && !bad.equals("NaN");
                    if (ANY_VALUE.contains(name) && finite && !bad.equals("0") || (ZERO_OK.contains(name) || ZERO_OK.contains(command(c) + " " + name)) && bad.equals("0")
                            || NO_CEILING.contains(name) && bad.equals(huge)) {
                        continue;
                    }
                    List<String> args = line(command(c), name, bad);
                    TinyRuns.Result r = TinyRuns.run(args);
                    if (r.code() != 2 || r.err().strip().lines().count() != 1 || !r.err().contains(name)) {
                        failures.add(args + " -> " + r.code() + ": " + r.err().strip());
                    }
                    checked++;
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(checked).isGreaterThan(100);
    }

    /**
     * Every text or path option and every positional parameter of every command is given an empty
     * value, an empty directory, a file of garbage, a missing path and an unknown name: each ends
     * in one sentence and a non-zero exit, never a stack trace.
     */
    @Test
    void badPathsAndNamesGetOneSentence(@TempDir Path dir) throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path garbage = Files.writeString(dir.resolve("garbage.bin"), "not an image, a run, a pickle or a tensor file\n");
        List<String> values = List.of("", empty.toString(), garbage.toString(), MISSING, "no-such-name");
        int checked = 0;
        List<String> failures = new ArrayList<>();
        for (CommandSpec c : commands(new CommandLine(new Main()))) {
            if (!c.subcommands().isEmpty() || c.name().equals("help")) {
                continue;
            }
            List<String> targets = new ArrayList<>();
            c.options().stream().filter(o -> o.type() == String.class || o.type() == Path.class || o.type().isEnum())
                    .forEach(o -> targets.add(o.longestName()));
            if (!c.positionalParameters().isEmpty()) {
                targets.add(null);
            }
            for (String option : targets) {
                for (String bad : values) {
                    List<String> args = line(command(c), option, bad);
                    TinyRuns.Result r = TinyRuns.run(args);
                    if (r.code() == 0 || r.err().strip().lines().count() != 1 || !r.err().startsWith("gen4j: error: ")
                            || r.err().contains("\tat ") || r.err().contains("Exception")) {
                        failures.add(args + " -> " + r.code() + ": " + r.err().strip());
                    }
                    checked++;
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(checked).isGreaterThan(100);
    }
}
