package org.gen4j.cli;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gen4j.Gen4jException;
import org.gen4j.models.ModelSpec;
import org.gen4j.models.Models;
import org.gen4j.data.Dataset;
import org.gen4j.data.Datasets;
import org.gen4j.data.Resize;
import org.gen4j.train.Checkpoints;
import org.gen4j.train.Configs;
import org.gen4j.train.DatasetConditioned;
import org.gen4j.train.RunConfig;
import org.gen4j.train.TrainableModel;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** A trained model restored from {@code --run RUN} (its newest checkpoint) or {@code --checkpoint FILE}. */
final class LoadedRun implements AutoCloseable {

    /** The mutually exclusive {@code --run} / {@code --checkpoint} options. */
    static final class Source {
        @Option(names = "--run", required = true, description = "Run folder; its newest checkpoint is used.")
        Path run;

        @Option(names = "--checkpoint", required = true, description = "A checkpoint, ckpt-*.json or its .safetensors.")
        Path checkpoint;
    }

    /** Picocli group for commands that read a trained model. */
    static final class SourceGroup {
        @ArgGroup(exclusive = true, multiplicity = "1")
        Source source;
    }

    final RunConfig config;
    final TrainableModel model;
    final Checkpoints.Info checkpoint;

    private LoadedRun(RunConfig config, TrainableModel model, Checkpoints.Info checkpoint) {
        this.config = config;
        this.model = model;
        this.checkpoint = checkpoint;
    }

    static LoadedRun open(Source source) {
        Checkpoints.Info info;
        if (source.run != null) {
            Gen4jException.check(Files.isDirectory(source.run), "--run %s is not a folder.", source.run);
            info = Checkpoints.latest(source.run.resolve("checkpoints"));
        } else {
            Path p = source.checkpoint;
            Path json = p.toString().endsWith(".safetensors")
                    ? p.resolveSibling(p.getFileName().toString().replace(".safetensors", ".json")) : p;
            Gen4jException.check(Files.isRegularFile(json), "--checkpoint %s does not exist.", p);
            info = Checkpoints.verify(json);
        }
        RunConfig config = RunConfig.fromJson(info.runConfig(), TrainCommand::configType, info.json().toString());
        ModelSpec<?> spec = Models.get(config.model());
        TrainableModel model = spec.createUnchecked(config.modelConfig(), config.seed());
        try (NDManager scratch = NDManager.newBaseManager()) {
            Checkpoints.load(info, model, scratch);
            if (model instanceof DatasetConditioned dc) {
                // the model conditions on its training instances: they come from the run's data
                Dataset data = Datasets.open(config.data(), System.err::println);
                dc.attach(Resize.fit(data, Configs.intValue(config.modelConfig(), "resolution")), System.err::println);
            }
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        model.schedule(info.imagesSeen());
        return new LoadedRun(config, model, info);
    }

    @Override
    public void close() {
        model.close();
    }
}
