package org.gen4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.gen4j.Gen4jException;
import org.gen4j.api.Gen4j;
import org.gen4j.api.TrainedModel;
import org.gen4j.train.Checkpoints;
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
    private final TrainedModel trained;

    private LoadedRun(TrainedModel trained) {
        this.trained = trained;
        this.config = trained.config();
        this.model = trained.trainable();
        this.checkpoint = trained.checkpoint();
    }

    /** The model of {@code --run} or {@code --checkpoint}, through the Java API ({@link Gen4j#open}). */
    static LoadedRun open(Source source) {
        if (source.run != null) {
            Gen4jException.check(Files.isDirectory(source.run), "--run %s is not a folder.", source.run);
            return new LoadedRun(Gen4j.open(source.run));
        }
        Path p = source.checkpoint;
        Path json = org.gen4j.train.Checkpoints.record(p);
        Gen4jException.check(Files.isRegularFile(json), "--checkpoint %s does not exist.", p);
        return new LoadedRun(Gen4j.open(p));
    }

    @Override
    public void close() {
        trained.close();
    }
}
