package org.gen4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import org.gen4j.Gen4jException;
import org.gen4j.data.Dataset;
import org.gen4j.data.Datasets;
import org.gen4j.data.Resize;
import org.gen4j.data.ZipImages;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gen4j data}: inspect and obtain datasets. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Inspect or obtain datasets.",
        subcommands = {DataCommand.Info.class, DataCommand.Fetch.class, DataCommand.Pack.class})
final class DataCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a data command is required (info, fetch, pack)");
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

    /** {@code gen4j data pack SOURCE --out FILE.zip [--resolution R]}. */
    @Command(name = "pack", mixinStandardHelpOptions = true,
            description = "Turn any dataset gen4j reads (an image folder, an emoji-datasource npm package, IDX, CIFAR-10) into a"
                    + " ZIP of PNGs with dataset.json labels (StyleGAN's convention), optionally resized.")
    static final class Pack implements java.util.concurrent.Callable<Integer> {
        @Parameters(paramLabel = "SOURCE", description = "Dataset name or path.")
        String source;

        @Option(names = "--out", required = true, paramLabel = "FILE.zip", description = "The ZIP to write.")
        Path out;

        @Option(names = "--resolution", paramLabel = "R", description = "Bring images to R x R (see README, Data); default: keep their size.")
        Integer resolution;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            Gen4jException.check(out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip"), "--out %s must name a .zip file.", out);
            PrintWriter o = spec.commandLine().getOut();
            Dataset d = Datasets.open(source, o::println);
            if (resolution != null) {
                Gen4jException.check(resolution >= 1, "--resolution must be positive, got %d.", resolution);
                d = Resize.fit(d, resolution);
            }
            ZipImages.write(d, out);
            o.println("wrote " + out + ": " + d.describe().substring(d.name().length() + 2));
            o.flush();
            return 0;
        }
    }
}
