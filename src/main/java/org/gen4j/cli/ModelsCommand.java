package org.gen4j.cli;

import java.io.PrintWriter;
import org.gen4j.models.ModelSpec;
import org.gen4j.models.Models;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code gen4j models}: the implemented models with their papers. */
@Command(name = "models", mixinStandardHelpOptions = true, description = "List the models gen4j implements.")
final class ModelsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        int width = Models.all().stream().mapToInt(m -> m.name().length()).max().orElse(4) + 1;
        String row = "%-" + width + "s %-13s %-10s %s%n";
        out.printf(row, "NAME", "CONDITIONAL", "PRESETS", "PAPER");
        for (ModelSpec<?> m : Models.all()) {
            out.printf(row, m.name(), m.conditional() ? "yes" : "no",
                    String.join(",", m.presets().keySet()), m.paper());
        }
        out.flush();
    }
}
