package org.gen4j.cli;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gen4j.Gen4jException;
import org.gen4j.interop.BigGanStateDict;
import org.gen4j.interop.StyleGanPickle;
import org.gen4j.models.ModelSpec;
import org.gen4j.models.Models;
import org.gen4j.ops.Precision;
import org.gen4j.train.Checkpoints;
import org.gen4j.train.Configs;
import org.gen4j.train.RunConfig;
import org.gen4j.train.RunDirectory;
import org.gen4j.train.TrainOptions;
import org.gen4j.train.TrainableModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gen4j import --from stylegan2-ada NETWORK.pkl --out RUN}: another tool's trained networks as a gen4j run. */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Turn an official StyleGAN2-ADA or StyleGAN3 network pickle, or a BigGAN-PyTorch state dict, into a gen4j run that sample, interpolate, mix, eval and "
                + "train --resume use.")
final class ImportCommand implements java.util.concurrent.Callable<Integer> {

    private static final Pattern SNAPSHOT_KIMG = Pattern.compile("network-snapshot-(\\d+)\\.pkl");

    @Option(names = "--from", required = true, paramLabel = "FORMAT",
            description = "stylegan2-ada: a network pickle of NVIDIA's stylegan2-ada-pytorch (or the StyleGAN2 networks of its "
                    + "stylegan3); stylegan3: one of NVIDIA's stylegan3 (configs T and R); torch: a state dict saved by torch.save "
                    + "(with --model).")
    String from;

    @Parameters(paramLabel = "NETWORK.pkl|STATE_DICT.pth", description = "The pickle (the dict of G, D and G_ema NVIDIA's training "
            + "writes) or, for --from torch, a generator state dict saved by torch.save.")
    Path network;

    @Option(names = "--model", description = "For --from torch: the model whose authors' layout the state dict has (biggan: "
            + "BigGAN-PyTorch's G.pth or G_ema.pth, with its D.pth as --discriminator).")
    String model;

    @Option(names = "--discriminator", paramLabel = "D.pth", description = "For --from torch --model biggan: the discriminator "
            + "state dict of the same training run (BigGAN-PyTorch's D.pth); without it D starts afresh.")
    Path discriminator;

    @Option(names = "--out", required = true, paramLabel = "RUN", description = "The run folder to write.")
    Path out;

    @Option(names = "--data", description = "The training data, for eval's reference images and train --resume; default: the path "
            + "the pickle records, if any.")
    String data;

    @Option(names = "--kimg", description = "Images the networks have seen, in thousands; default: the NNNNNN of a "
            + "network-snapshot-NNNNNN.pkl name, else 0.")
    Double kimg;

    @Option(names = "--force", description = "Replace an existing run in --out.")
    boolean force;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Gen4jException.check(kimg == null || kimg >= 0 && kimg <= TrainOptions.MAX_KIMG, "--kimg must be between 0 and %.0f, got %s.",
                TrainOptions.MAX_KIMG, kimg);
        Gen4jException.check(from.equals("stylegan2-ada") || from.equals("stylegan3") || from.equals("torch"), "--from %s is not a format "
                + "gen4j imports; it reads stylegan2-ada and stylegan3 network pickles and torch state dicts.", from);
        Gen4jException.check(from.equals("torch") == (model != null), from.equals("torch")
                ? "--from torch needs --model: the model whose authors' layout the state dict has (biggan)."
                : "--model is for --from torch; a network pickle names its own model.");
        Gen4jException.check(model == null || model.equals("biggan"), "--model %s: gen4j reads torch state dicts of biggan "
                + "(BigGAN-PyTorch's layout) only.", model);
        Gen4jException.check(Files.isRegularFile(network), "%s is not a file.", network);
        Gen4jException.check(discriminator == null || from.equals("torch"), "--discriminator is for --from torch; a network pickle holds "
                + "its own D.");
        Gen4jException.check(discriminator == null || Files.isRegularFile(discriminator), "--discriminator %s is not a file.", discriminator);
        Gen4jException.check(force || !Files.exists(out), "--out %s exists; give --force to replace it.", out);
        PrintWriter log = spec.commandLine().getOut();
        if (from.equals("torch")) {
            return importStateDict(log);
        }
        StyleGanPickle pickle = StyleGanPickle.read(network);
        boolean sg3 = from.equals("stylegan3");
        Gen4jException.check(sg3 || !pickle.isStyleGan3(), "%s holds a StyleGAN3 generator (its synthesis network starts with Fourier "
                + "features); use --from stylegan3.", network);
        Record config = sg3 ? pickle.stylegan3Config() : pickle.stylegan2Config();
        long images = Math.round(1000 * (kimg != null ? kimg : snapshotKimg(network)));
        String dataSpec = data != null ? data : pickle.trainingDataPath() != null ? pickle.trainingDataPath() : "none";
        ModelSpec<?> modelSpec = Models.get(sg3 ? "stylegan3" : "stylegan2");
        write(modelSpec, config, dataSpec, images, pickle::loadInto);
        int res = Configs.intValue(config, "resolution"), channels = Configs.intValue(config, "imageChannels");
        int classes = Configs.intValue(config, "numClasses");
        log.printf("imported %s: %s at %dx%d, %d channel%s, z %d, w %d, %d mapping layers%s, at %.1f kimg, into %s%n", network,
                sg3 ? "StyleGAN3 (config " + ((org.gen4j.models.stylegan3.StyleGan3Config) config).config().toUpperCase(java.util.Locale.ROOT)
                        + ")" : "StyleGAN2", res, res, channels, channels == 1 ? "" : "s", Configs.intValue(config, "zDim"),
                Configs.intValue(config, "wDim"), Configs.intValue(config, "mappingLayers"),
                classes > 0 ? ", conditioned on " + classes + " classes (0 to " + (classes - 1) + ")" : "", images / 1000.0, out);
        if (!sg3) {
            log.println("gen4j's StyleGAN2 layers do not clamp activations (the official conv_clamp); images agree wherever no "
                    + "activation reaches it.");
        }
        log.flush();
        return 0;
    }

    /** A BigGAN-PyTorch generator state dict as a BigGAN run (G and its average; D from its state dict, or fresh). */
    private int importStateDict(PrintWriter log) throws IOException {
        BigGanStateDict generator = BigGanStateDict.read(network);
        BigGanStateDict dict = discriminator == null ? generator : generator.withDiscriminator(discriminator);
        ModelSpec<?> modelSpec = Models.get("biggan");
        Record config = dict.config((org.gen4j.models.biggan.BigGanConfig) modelSpec.presets().get("cpu"));
        long images = Math.round(1000 * (kimg != null ? kimg : 0));
        write(modelSpec, config, data != null ? data : "none", images, (m, manager) -> dict.loadInto(m, manager));
        int res = Configs.intValue(config, "resolution");
        log.printf("imported %s: BigGAN at %dx%d, %d classes, z %d, at %.1f kimg, into %s (G and its average; %s)%n", network,
                res, res, Configs.intValue(config, "numClasses"), Configs.intValue(config, "zDim"), images / 1000.0, out,
                discriminator == null ? "D starts afresh" : "D from " + discriminator);
        log.flush();
        return 0;
    }

    /** Writes the run: its configuration and one checkpoint of the model {@code load} fills; on failure nothing of it stays. */
    private void write(ModelSpec<?> modelSpec, Record config, String dataSpec, long images,
            java.util.function.BiConsumer<TrainableModel, NDManager> load) throws IOException {
        double length = Math.max(defaultKimg(modelSpec, config), images / 1000.0 + 1);
        RunConfig runConfig = new RunConfig(modelSpec.name(), "imported", dataSpec, List.of(), 0, new TrainOptions(length, 1, 10, 10, 3, 64,
                "", 10, 5000, "", Precision.FLOAT32), config);
        try (TrainableModel model = modelSpec.createUnchecked(config, 0); NDManager manager = NDManager.newBaseManager()) {
            load.accept(model, manager);
            boolean created = !Files.exists(out);
            try (RunDirectory.Locked locked = RunDirectory.create(out, runConfig, force, TrainCommand::configType)) {
                Checkpoints.write(locked.run().checkpoints(), model, runConfig, 0, images);
            } catch (IOException | RuntimeException e) {
                if (created) {
                    deleteTree(out); // no half-written run: the folder was this command's
                }
                throw e;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <C extends Record> double defaultKimg(ModelSpec<C> spec, Record config) {
        return spec.defaultKimg((C) config);
    }

    private static void deleteTree(Path root) throws IOException {
        try (java.util.stream.Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The kimg of an official snapshot name ({@code network-snapshot-000400.pkl}: 400), else 0. */
    static double snapshotKimg(Path file) {
        Matcher m = SNAPSHOT_KIMG.matcher(file.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : 0;
    }
}
