package org.gen4j.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.gen4j.data.CacheDir;
import org.gen4j.data.Dataset;
import org.gen4j.data.Datasets;
import org.gen4j.metrics.Evaluator;
import org.gen4j.metrics.FeatureNetwork;
import org.gen4j.metrics.FeatureNetworks;
import org.gen4j.metrics.Metric;
import org.gen4j.train.JsonValues;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gen4j eval}: the field's metrics for a trained generator. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Compute FID, KID, IS, precision/recall, SWD, the class-conditional and the equivariance metrics of a run's generator.")
final class EvalCommand implements java.util.concurrent.Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    LoadedRun.Source source;

    @Option(names = "--metrics", defaultValue = "fid,kid,is,pr,swd", description = "Comma-separated: fid, kid, is, pr, swd, for "
            + "class-conditional models intra-fid, cond-acc, for models with an input transform (StyleGAN3) eqt, eqt-frac, eqr; "
            + "default: ${DEFAULT-VALUE}.")
    String metrics;

    @Option(names = "--classes", paramLabel = "LIST", description = "The classes intra-fid and cond-acc evaluate (indices or names); "
            + "default: all.")
    String classSpec;

    @Option(names = "--num", defaultValue = "10000", description = "Generated and real images compared; default: ${DEFAULT-VALUE}.")
    int num;

    @Option(names = "--data", description = "Reference images (name or path); default: the run's training data.")
    String data;

    @Option(names = "--feature-net", paramLabel = "FILE", description = "Feature network: a gen4j featnet .safetensors or the FID "
            + "Inception TorchScript file; default: the built-in Fashion-MNIST classifier.")
    Path featureNet;

    @Option(names = "--latent-steps", paramLabel = "N", description = "CS-GAN, LOGAN: latent optimisation steps per sample; "
            + "default: the paper's.")
    Integer latentSteps;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Flags.between(num, 2, org.gen4j.train.TrainOptions.MAX_SAMPLES, "--num");
        Flags.latentSteps(latentSteps);
        Set<Metric> wanted = Metric.parse(metrics);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (LoadedRun loaded = LoadedRun.open(source);
                FeatureNetwork net = wanted.stream().anyMatch(Metric::needsFeatures) ? FeatureNetworks.open(featureNet) : null) {
            Dataset reference = Datasets.open(data != null ? data : loaded.config.data(), err::println);
            int[] classes = ClassChoice.parse(classSpec, "--classes", loaded.config.model(), loaded.config.classNames(),
                    loaded.model.generator().numClasses());
            Evaluator evaluator = new Evaluator(reference, wanted, num, net, CacheDir.get().resolve("reference-features"),
                    line -> {
                        err.println(line);
                        err.flush();
                    }, classes);
            long start = System.nanoTime();
            Map<String, Double> values = evaluator.evaluate(SampleCommand.withLatentSteps(loaded.config.model(), loaded.model.generator(),
                    latentSteps));
            double seconds = (System.nanoTime() - start) / 1e9;
            if (json) {
                JsonObject o = new JsonObject();
                o.addProperty("checkpoint", loaded.checkpoint.json().toString());
                o.addProperty("kimg", loaded.checkpoint.imagesSeen() / 1000.0);
                o.addProperty("num", num);
                o.addProperty("featureNet", net == null ? "none" : net.id());
                JsonValues.putAll(o, values);
                o.addProperty("seconds", seconds);
                out.println(new GsonBuilder().create().toJson(o));
            } else {
                out.printf("%s at %.1f kimg, %d images, feature network %s:%n", loaded.config.model(),
                        loaded.checkpoint.imagesSeen() / 1000.0, num, net == null ? "none" : net.id());
                values.forEach((k, v) -> out.printf("  %-12s %.5f%s%n", k, v, classLabel(k, loaded.config.classNames())));
                out.printf("  (%.1f s)%n", seconds);
            }
            out.flush();
        }
        return 0;
    }

    /** For a per-class value such as {@code intra_fid_3}, the class's name in parentheses. */
    private static String classLabel(String key, java.util.List<String> names) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(intra_fid|cond_acc)_(\\d+)").matcher(key);
        if (!m.matches()) {
            return "";
        }
        int c = Integer.parseInt(m.group(2));
        return c < names.size() ? "  (" + names.get(c) + ")" : "";
    }
}
