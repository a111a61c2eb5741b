package org.gen4j.cli;

import ai.djl.ndarray.NDArray;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.gen4j.Gen4jException;
import org.gen4j.interop.StyleGanPickle;
import org.gen4j.io.AtomicFiles;
import org.gen4j.io.SafeTensors;
import org.gen4j.models.stylegan2.StyleGan2Config;
import org.gen4j.models.stylegan3.StyleGan3Config;
import org.gen4j.train.Configs;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gen4j export --run RUN --out G.safetensors}: a run's moving-average generator for other tools. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Write a run's moving-average generator as safetensors: for StyleGAN2 and StyleGAN3 under the names of "
                + "NVIDIA's Generator (see docs/interop.md), for the other models under gen4j's own names.")
final class ExportCommand implements java.util.concurrent.Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    LoadedRun.Source source;

    @Option(names = "--out", required = true, paramLabel = "G.safetensors", description = "The file to write.")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Gen4jException.check(out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".safetensors"),
                "--out %s must name a .safetensors file.", out);
        try (LoadedRun loaded = LoadedRun.open(source)) {
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("model", loaded.config.model());
            meta.put("config", Configs.toJson(loaded.config.modelConfig()).toString());
            meta.put("imagesSeen", Long.toString(loaded.checkpoint.imagesSeen()));
            if (loaded.config.modelConfig() instanceof StyleGan2Config c) {
                tensors.putAll(StyleGanPickle.officialGenerator(loaded.model));
                meta.put("format", "stylegan2-ada-pytorch Generator state_dict");
                meta.put("init_kwargs", StyleGanPickle.officialKwargs(c));
            } else if (loaded.config.modelConfig() instanceof StyleGan3Config c) {
                tensors.putAll(StyleGanPickle.officialGenerator(loaded.model));
                meta.put("format", "stylegan3 Generator state_dict");
                meta.put("init_kwargs", StyleGanPickle.officialKwargs(c));
            } else {
                loaded.model.stateTensors().forEach((k, v) -> {
                    if (k.startsWith("G_ema.")) {
                        tensors.put(k.substring("G_ema.".length()), v);
                    }
                });
                meta.put("format", "gen4j " + loaded.config.model() + " moving-average generator");
            }
            Gen4jException.check(!tensors.isEmpty(), "model %s keeps no moving-average generator to export.", loaded.config.model());
            AtomicFiles.write(out, o -> SafeTensors.write(o, tensors, meta));
            PrintWriter log = spec.commandLine().getOut();
            log.printf("wrote %d tensors of %s's generator (%s) to %s%n", tensors.size(), loaded.config.model(), meta.get("format"), out);
            log.flush();
        }
        return 0;
    }
}
