package org.gen4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.gen4j.Gen4jException;
import org.gen4j.data.Dataset;
import org.gen4j.data.Datasets;
import org.gen4j.metrics.ClassifierFeatures;
import org.gen4j.metrics.ClassifierTraining;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gen4j featnet}: train or check the classifier that serves as feature network. */
@Command(name = "featnet", mixinStandardHelpOptions = true, description = "Train or check a classifier used as feature network by gen4j eval.",
        subcommands = {FeatnetCommand.Train.class, FeatnetCommand.Check.class})
final class FeatnetCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a featnet command is required (train, check)");
    }

    /** {@code gen4j featnet train}. */
    @Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Train the feature-network classifier on a labelled dataset and report its test accuracy.")
    static final class Train implements java.util.concurrent.Callable<Integer> {
        @Option(names = "--data", required = true, description = "Labelled training data (fashion-mnist or a path).")
        String data;

        @Option(names = "--test-data", description = "Labelled test data; default: fashion-mnist:test for fashion-mnist, "
                + "otherwise the last 10%% of --data, held out.")
        String testData;

        @Option(names = "--out", defaultValue = "featnet.safetensors", description = "Output file; default: ${DEFAULT-VALUE}.")
        Path out;

        @Option(names = "--epochs", defaultValue = "12", description = "Passes over the data; default: ${DEFAULT-VALUE}.")
        int epochs;

        @Option(names = "--batch", defaultValue = "128", description = "Minibatch size; default: ${DEFAULT-VALUE}.")
        int batch;

        @Option(names = "--seed", defaultValue = "0", description = "Seed; default: ${DEFAULT-VALUE}.")
        long seed;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            Flags.between(epochs, 1, 100_000, "--epochs");
            Flags.batch(batch);
            PrintWriter log = spec.commandLine().getOut();
            Dataset train = Datasets.open(data, log::println);
            Dataset test;
            if (testData != null) {
                test = Datasets.open(testData, log::println);
            } else if (data.equals("fashion-mnist")) {
                test = Datasets.open("fashion-mnist:test", log::println);
            } else {
                int keep = train.count() * 9 / 10;
                test = train.slice(keep, train.count());
                train = train.slice(0, keep);
            }
            Gen4jException.check(train.labelled() && test.labelled(), "featnet train needs labelled data; %s has no labels.",
                    train.labelled() ? test.name() : train.name());
            Gen4jException.check(train.count() >= batch, "%s has %d images, fewer than one batch of %d.", train.name(), train.count(), batch);
            Gen4jException.check(train.channels() == test.channels(), "training and test images differ in channels (%d vs %d).",
                    train.channels(), test.channels());
            log.printf("training the feature network on %s, testing on %s%n", train.describe(), test.describe());
            log.flush();
            ClassifierTraining.Result r;
            try (ProgressBar bar = System.console() == null ? null : new ProgressBarBuilder().setTaskName("featnet")
                    .setInitialMax((long) epochs * (train.count() / batch)).setStyle(ProgressBarStyle.ASCII).build()) {
                r = ClassifierTraining.train(train, test, epochs, batch, seed, new ClassifierTraining.Listener() {
                    @Override
                    public void step(int step, int total) {
                        if (bar != null) {
                            bar.stepTo(step);
                        }
                    }

                    @Override
                    public void epoch(String summary) {
                        if (bar != null) {
                            bar.setExtraMessage(summary);
                        } else {
                            log.println(summary);
                            log.flush();
                        }
                    }
                });
            }
            try (ClassifierFeatures net = r.network()) {
                net.save(out, Map.of("data", data, "testData", test.name(), "testAccuracy", String.format("%.4f", r.testAccuracy()),
                        "epochs", Integer.toString(epochs), "seed", Long.toString(seed)));
            }
            log.printf("test accuracy %.4f; wrote %s%n", r.testAccuracy(), out);
            log.flush();
            return 0;
        }

    }

    /** {@code gen4j featnet check}. */
    @Command(name = "check", mixinStandardHelpOptions = true, description = "Measure a feature network's accuracy on labelled data.")
    static final class Check implements Runnable {
        @Option(names = "--data", defaultValue = "fashion-mnist:test", description = "Labelled data; default: ${DEFAULT-VALUE}.")
        String data;

        @Option(names = "--feature-net", paramLabel = "FILE", description = "A gen4j featnet file; default: the built-in one.")
        Path featureNet;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            Dataset d = Datasets.open(data, out::println);
            Gen4jException.check(d.labelled(), "%s has no labels to check against.", d.name());
            try (ClassifierFeatures net = featureNet == null ? ClassifierFeatures.builtIn() : ClassifierFeatures.load(featureNet)) {
                net.checkInput(d.channels(), "--feature-net");
                out.printf("%s on %s: accuracy %.4f%n", net.id(), d.name(), ClassifierTraining.accuracy(net, d));
            }
            out.flush();
        }
    }
}
