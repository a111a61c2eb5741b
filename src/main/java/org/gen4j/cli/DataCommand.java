package org.gen4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import org.gen4j.Gen4jException;
import org.gen4j.data.Dataset;
import org.gen4j.data.Datasets;
import org.gen4j.data.Published;
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

        @Option(names = "--throughput", description = "Also time the training loader: images per second into minibatches of 64, "
                + "over 10,000 images (or all, if fewer).")
        boolean throughput;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            long start = System.nanoTime();
            Dataset d = throughput ? Datasets.open(data, out::println) : Datasets.inspect(data, out::println);
            out.println(d.describe());
            out.printf("read in %.2f s%n", (System.nanoTime() - start) / 1e9);
            if (throughput) {
                int batch = 64, n = Math.max(batch, Math.min(10_000, d.count()) / batch * batch);
                try (org.gen4j.data.BatchLoader loader = new org.gen4j.data.BatchLoader(d, batch, 0, 0)) {
                    loader.next(); // the worker's start
                    long t = System.nanoTime();
                    for (int done = batch; done < n + batch; done += batch) {
                        loader.next();
                    }
                    double seconds = (System.nanoTime() - t) / 1e9;
                    out.printf("loader: %.0f images/s into minibatches of %d (%d images in %.2f s)%n", n / seconds, batch, n, seconds);
                }
            }
            out.flush();
        }
    }

    /** {@code gen4j data fetch NAME [--dir DIR]}. */
    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = "Make a named dataset available: Fashion-MNIST into the cache; CIFAR-10, CIFAR-100 and STL-10 downloaded, "
                    + "verified and extracted into DIR; CelebA and downsampled ImageNet, which need a login, with the files to place.")
    static final class Fetch implements java.util.concurrent.Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = "fashion-mnist, fashion-mnist:test, cifar10, cifar10-python, cifar100, stl10, celeba, "
                + "imagenet32 or imagenet64.")
        String name;

        @Option(names = "--dir", paramLabel = "DIR", defaultValue = "data", description = "Where the datasets go; default: ${DEFAULT-VALUE}.")
        Path dir;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            Dataset d;
            if (Datasets.NAMES.contains(name)) {
                d = Datasets.open(name, out::println);
            } else {
                Path folder = Published.named(name).fetch(dir, line -> {
                    out.println(line);
                    out.flush();
                });
                d = Datasets.open(folder.toString(), out::println);
                out.println("use it with --data " + folder);
            }
            out.println(d.describe());
            out.flush();
            return 0;
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
            Flags.resolution(resolution);
            PrintWriter o = spec.commandLine().getOut();
            Dataset d = Datasets.open(source, o::println);
            if (resolution != null) {
                d = Resize.fit(d, resolution);
            }
            ZipImages.write(d, out);
            o.println("wrote " + out + ": " + d.describe().substring(d.name().length() + 2));
            o.flush();
            return 0;
        }
    }
}
