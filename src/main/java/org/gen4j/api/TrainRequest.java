package org.gen4j.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What to train, as {@code gen4j train}'s flags say it: a new run ({@link #model}) or the
 * continuation of one ({@link #resume}). Every setting left unset takes the default {@code gen4j
 * train --help} documents; on resume, the run's own.
 *
 * <pre>{@code
 * TrainRequest r = TrainRequest.model("biggan").data("fashion-mnist").kimg(10).out(Path.of("runs/biggan"));
 * }</pre>
 */
public final class TrainRequest {

    String model;
    Path resume;
    String preset;
    String data;
    Integer resolution;
    Integer batch;
    Double kimg;
    Long seed;
    Path out;
    boolean force;
    final List<String> settings = new ArrayList<>();
    Double tickKimg;
    Double snapshotKimg;
    Double checkpointKimg;
    Integer keepCheckpoints;
    Integer grid;
    String metrics;
    Double metricsKimg;
    Integer metricsNum;
    String featureNet;
    String precision;
    String augment;
    Double adaTarget;

    private TrainRequest() {}

    /**
     * A new run of a model.
     *
     * @param name a model {@code gen4j models} lists, or {@code null} for progan
     * @return the request
     */
    public static TrainRequest model(String name) {
        TrainRequest r = new TrainRequest();
        r.model = name;
        return r;
    }

    /**
     * The continuation of a run from its newest intact checkpoint, or from a given one.
     *
     * @param runOrCheckpoint a run folder or one of its {@code ckpt-*.json} files
     * @return the request
     */
    public static TrainRequest resume(Path runOrCheckpoint) {
        TrainRequest r = new TrainRequest();
        r.resume = runOrCheckpoint;
        return r;
    }

    /**
     * The model given with {@link #resume}, which must be the run's if given.
     *
     * @param name the model's name
     * @return this request
     */
    public TrainRequest withModel(String name) {
        model = name;
        return this;
    }

    /**
     * @param name the model's named configuration ({@code cpu}, {@code paper}, ...)
     * @return this request
     */
    public TrainRequest preset(String name) {
        preset = name;
        return this;
    }

    /**
     * @param spec a dataset name or path, as {@code --data} takes it
     * @return this request
     */
    public TrainRequest data(String spec) {
        data = spec;
        return this;
    }

    /**
     * @param side the image side the model generates
     * @return this request
     */
    public TrainRequest resolution(Integer side) {
        resolution = side;
        return this;
    }

    /**
     * @param size the minibatch size
     * @return this request
     */
    public TrainRequest batch(Integer size) {
        batch = size;
        return this;
    }

    /**
     * @param thousands the training length in thousands of real images
     * @return this request
     */
    public TrainRequest kimg(Double thousands) {
        kimg = thousands;
        return this;
    }

    /**
     * @param value the seed of initialisation, data order and latents
     * @return this request
     */
    public TrainRequest seed(Long value) {
        seed = value;
        return this;
    }

    /**
     * @param folder the run folder (default {@code runs/<model>-<data>})
     * @return this request
     */
    public TrainRequest out(Path folder) {
        out = folder;
        return this;
    }

    /**
     * @param replace whether to replace an existing run in the output folder
     * @return this request
     */
    public TrainRequest force(boolean replace) {
        force = replace;
        return this;
    }

    /**
     * @param keyValue a model setting override, {@code key=value}, as {@code --set} takes it
     * @return this request
     */
    public TrainRequest set(String keyValue) {
        settings.add(keyValue);
        return this;
    }

    /**
     * The reporting intervals and counts ({@code null}: the default or the run's).
     *
     * @param tick kimg between metrics.jsonl lines
     * @param snapshot kimg between sample grids
     * @param checkpoint kimg between checkpoints
     * @param keep newest checkpoints kept
     * @param gridImages images per sample grid
     * @return this request
     */
    public TrainRequest reporting(Double tick, Double snapshot, Double checkpoint, Integer keep, Integer gridImages) {
        tickKimg = tick;
        snapshotKimg = snapshot;
        checkpointKimg = checkpoint;
        keepCheckpoints = keep;
        grid = gridImages;
        return this;
    }

    /**
     * Metrics computed during training ({@code null}s: the default or the run's).
     *
     * @param list metric names as {@code gen4j eval} takes them, e.g. {@code fid,swd}
     * @param every kimg between evaluations
     * @param num images per evaluation
     * @param network a feature network file, or {@code null} for the built-in one
     * @return this request
     */
    public TrainRequest metrics(String list, Double every, Integer num, String network) {
        metrics = list;
        metricsKimg = every;
        metricsNum = num;
        featureNet = network;
        return this;
    }

    /**
     * @param format {@code float32} or {@code bfloat16} (mixed precision)
     * @return this request
     */
    public TrainRequest precision(String format) {
        precision = format;
        return this;
    }

    /**
     * Augmentation of every image the discriminator sees (GANs only).
     *
     * @param value {@code none}, {@code diffaug[=color,translation,cutout]} or {@code ada[=blit,geom,color]}
     * @param target ADA's target of {@code E[sign(D(real))]} in (0, 1), or {@code null} for 0.6
     * @return this request
     */
    public TrainRequest augment(String value, Double target) {
        augment = value;
        adaTarget = target;
        return this;
    }
}
