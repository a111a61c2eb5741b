package org.gen4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every numeric option of every command, found from picocli's model so that new options are
 * covered without editing this test, given values that are not numbers of its type: each is one
 * line naming the option, exit status 2, never a stack trace or a usage dump.
 */
class FlagFuzzTest {

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

    /** Numeric options that take any value of their type (the rest must refuse -1 and 0 by name). */
    static final java.util.Set<String> ANY_VALUE = java.util.Set.of("--seed", "--rotate");
    /** Numeric options for which 0 is meaningful (no warm-up, psi 0, no latent steps, the first instance, cutoff at layer 0). */
    static final java.util.Set<String> ZERO_OK = java.util.Set.of("--warmup", "--truncation", "--truncation-cutoff", "--latent-steps",
            "--instance-index");

    /**
     * The commands that can start long work (train: hours of training; bench: many iterations)
     * check every numeric flag before anything else: out-of-range values are refused naming the
     * flag. Each is given an input that does not exist, so a value that is accepted ends in one
     * sentence about that input instead of a run.
     */
    @Test
    void longRunningCommandsRefuseOutOfRangeNumbersByNameBeforeStarting() {
        java.util.Map<String, List<String>> poison = java.util.Map.of("train", List.of("--data", "/nonexistent/fuzz"), "bench",
                List.of("--model", "no-such-model"), "sample", List.of("--run", "/nonexistent/fuzz", "--grid", "/nonexistent/x.png"),
                "interpolate", List.of("--run", "/nonexistent/fuzz", "--seeds", "1,2", "--out", "/nonexistent/x.gif"), "mix",
                List.of("--run", "/nonexistent/fuzz", "--rows", "1", "--cols", "2", "--out", "/nonexistent/x.png"), "eval",
                List.of("--run", "/nonexistent/fuzz"));
        int checked = 0;
        List<String> failures = new ArrayList<>();
        for (java.util.Map.Entry<String, List<String>> e : poison.entrySet()) {
            CommandSpec command = new CommandLine(new Main()).getSubcommands().get(e.getKey()).getCommandSpec();
            for (OptionSpec o : command.options()) {
                if (!numeric(o.type())) {
                    continue;
                }
                boolean integral = o.type() != double.class && o.type() != Double.class;
                for (String bad : integral ? List.of("-1", "0") : List.of("-1", "0", "NaN", "Infinity", "-1e300")) {
                    List<String> args = new ArrayList<>(List.of(e.getKey()));
                    args.addAll(e.getValue());
                    args.add(o.longestName() + "=" + bad);
                    TinyRuns.Result r = TinyRuns.run(args);
                    boolean named = ANY_VALUE.contains(o.longestName()) || ZERO_OK.contains(o.longestName()) && bad.equals("0")
                            || r.err().contains(o.longestName());
                    if (r.code() != 2 || r.err().strip().lines().count() != 1 || !named) {
                        failures.add(args + " -> " + r.code() + ": " + r.err().strip());
                    }
                    checked++;
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(checked).isGreaterThan(40);
    }
}
