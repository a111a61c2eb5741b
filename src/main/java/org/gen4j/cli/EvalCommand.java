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
import org.gen4j.train.FeatureNetworkUser;
import org.gen4j.metrics.FeatureNetworks;
import org.gen4j.metrics.Likelihood;
import org.gen4j.Gen4jException;
import org.gen4j.train.LikelihoodModel;
import org.gen4j.metrics.Metric;
import org.gen4j.train.JsonValues;
import org.gen4j.train.ImageGenerator;
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
            + "class-conditional models intra-fid, cond-acc, for models with an input transform (StyleGAN3) eqt, eqt-frac, eqr, for "
            + "likelihood models (VDVAE) bpd, iw-bpd on held-out images (default: the data's test split); "
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

    @CommandLine.Mixin
    SamplerOptions sampling = new SamplerOptions();

    @Option(names = "--iw-samples", paramLabel = "K", defaultValue = "16", description = "iw-bpd: posterior samples per image of the "
            + "importance-weighted bound; default: ${DEFAULT-VALUE}.")
    int iwSamples;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Flags.between(num, 2, org.gen4j.train.TrainOptions.MAX_SAMPLES, "--num");
        Flags.latentSteps(latentSteps);
        sampling.check();
        Flags.between(iwSamples, 1, 1_000_000, "--iw-samples");
        Set<Metric> wanted = Metric.parse(metrics);
        Set<Metric> sampled = java.util.EnumSet.noneOf(Metric.class);
        wanted.stream().filter(x -> !x.likelihood()).forEach(sampled::add);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        java.util.function.Consumer<String> log = line -> {
            err.println(line);
            err.flush();
        };
        try (LoadedRun loaded = LoadedRun.open(source);
                FeatureNetwork net = sampled.stream().anyMatch(Metric::needsFeatures) ? FeatureNetworks.open(featureNet, FeatureNetworks.FLAG) : null) {
            if (net != null && loaded.model instanceof FeatureNetworkUser user && user.featureNetworkIds().contains(net.id())) {
                err.printf("warning: %s trained against the feature network %s that measures these metrics; its scores are inflated "
                        + "(Kynkaanniemi et al. 2023): pass --feature-net with another network.%n", loaded.config.model(), net.id());
                err.flush();
            }
            long start = System.nanoTime();
            Map<String, Double> values = new java.util.LinkedHashMap<>();
            if (sampled.size() < wanted.size()) {
                values.putAll(likelihood(loaded, wanted, err));
            }
            if (!sampled.isEmpty()) {
                Dataset reference = Datasets.open(data != null ? data : loaded.config.data(), err::println);
                int[] classes = ClassChoice.parse(classSpec, "--classes", loaded.config.model(), loaded.config.classNames(),
                        loaded.model.generator().numClasses());
                Evaluator evaluator = new Evaluator(reference, sampled, num, net, CacheDir.get().resolve("reference-features"), log, classes);
                ImageGenerator g = sampling.apply(loaded.config.model(), loaded.model.generator());
                values.putAll(evaluator.evaluate(SampleCommand.withLatentSteps(loaded.config.model(), g, latentSteps)));
            }
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

    /**
     * {@code bpd} and {@code iw-bpd} of held-out images: {@code --data}, or the test split of the run's
     * data where gen4j knows one (Fashion-MNIST's), else the run's data itself with a note. Images
     * of the training data's size are fitted to the model's resolution as training fitted them.
     */
    private Map<String, Double> likelihood(LoadedRun loaded, Set<Metric> wanted, PrintWriter err) {
        Gen4jException.check(loaded.model instanceof LikelihoodModel, "model %s gives no likelihood; bpd and iw-bpd measure likelihood models "
                + "such as vdvae.", loaded.config.model());
        LikelihoodModel model = (LikelihoodModel) loaded.model;
        String spec = data;
        if (spec == null) {
            spec = testSplit(loaded.config.data());
            if (spec == null) {
                spec = loaded.config.data();
                err.println("note: gen4j knows no test split of " + spec + "; bpd is measured on it; give held-out images with --data.");
            }
        }
        Dataset held = Datasets.open(spec, err::println);
        if (held.width() != model.resolution() || held.height() != model.resolution()) {
            held = org.gen4j.data.Resize.fit(held, model.resolution());
        }
        return Likelihood.evaluate(model, held, num, wanted.contains(Metric.BPD), wanted.contains(Metric.IW_BPD) ? iwSamples : 0, line -> {
            err.println(line);
            err.flush();
        });
    }

    /** The test split of a dataset gen4j names, or {@code null}. */
    static String testSplit(String data) {
        String key = data.toLowerCase(java.util.Locale.ROOT);
        return key.equals("fashion-mnist") || key.equals("fashion-mnist:train") ? "fashion-mnist:test" : null;
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
