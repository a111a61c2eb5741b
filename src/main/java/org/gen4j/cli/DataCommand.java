package org.gen4j.cli;

import java.io.PrintWriter;
import org.gen4j.data.Dataset;
import org.gen4j.data.Datasets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code gen4j data}: inspect and obtain datasets. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Inspect or obtain datasets.",
        subcommands = {DataCommand.Info.class, DataCommand.Fetch.class})
final class DataCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a data command is required (info, fetch)");
    }

    /** {@code gen4j data info PATH|NAME}. */
    @Command(name = "info", mixinStandardHelpOptions = true, description = "Print a dataset's image count, image shape and classes.")
    static final class Info implements Runnable {
        @Parameters(paramLabel = "DATA", description = "Dataset name (fashion-mnist, fashion-mnist:test) or path.")
        String data;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            Dataset d = Datasets.open(data, out::println);
            out.println(d.describe());
            out.flush();
        }
    }

    /** {@code gen4j data fetch NAME}. */
    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = "Make a named dataset available offline (found locally or downloaded and verified into the cache).")
    static final class Fetch implements Runnable {
        @Parameters(paramLabel = "NAME", description = "fashion-mnist or fashion-mnist:test.")
        String name;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            org.gen4j.Gen4jException.check(Datasets.NAMES.contains(name), "unknown dataset name '%s'; known: %s.", name,
                    String.join(", ", Datasets.NAMES));
            Dataset d = Datasets.open(name, out::println);
            out.println(d.describe());
            out.flush();
        }
    }
}
