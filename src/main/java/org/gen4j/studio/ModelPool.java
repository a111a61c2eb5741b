package org.gen4j.studio;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.gen4j.Gen4jException;
import org.gen4j.api.Gen4j;
import org.gen4j.api.TrainedModel;

/**
 * The loaded models, each owned by one worker thread: the tensor engine is not re-entrant per
 * model, so every job on a model runs on its thread, one after another, in the order requests
 * came. A checkpoint is loaded once (on its worker, as the first job) and kept while it is among
 * the {@code capacity} most recently used; the least recently used is closed when another is
 * loaded. A request that waits longer than {@code wait} (queue and work together) is answered 503,
 * as is one that finds {@code maxPending} generation requests already waiting.
 */
final class ModelPool implements AutoCloseable {

    private final int capacity;
    private final long waitMillis;
    private final Semaphore pending;
    private final int maxPending;
    private final Map<Path, Worker> workers = new LinkedHashMap<>(4, 0.75f, true);

    ModelPool(int capacity, long waitMillis, int maxPending) {
        this.capacity = capacity;
        this.waitMillis = waitMillis;
        this.maxPending = maxPending;
        this.pending = new Semaphore(maxPending);
    }

    /** One model and the thread that owns it. */
    private static final class Worker {
        final ExecutorService thread;
        final Future<TrainedModel> model;

        Worker(Path checkpoint) {
            String name = "studio-model-" + checkpoint.getParent().getParent().getFileName() + "-" + checkpoint.getFileName();
            this.thread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            });
            this.model = thread.submit(() -> {
                // grad mode is per thread in libtorch, on by default; only the thread that started the engine has it off
                ai.djl.engine.Engine.getInstance(); // loads libtorch if this is the process's first use
                ai.djl.pytorch.jni.JniUtils.setGradMode(false);
                return Gen4j.open(checkpoint);
            });
        }

        void close() {
            thread.submit(() -> {
                try {
                    if (model.isDone() && !model.isCancelled()) {
                        model.get().close();
                    }
                } catch (InterruptedException | ExecutionException e) {
                    // a model that failed to load holds nothing
                }
            });
            thread.shutdown();
        }
    }

    /**
     * Runs {@code job} on the worker of {@code checkpoint}'s model (loading it first if needed) and
     * returns its result.
     *
     * @param checkpoint a checkpoint record, {@code ckpt-*.json}
     * @throws StudioException 503 when the request waited too long or too many wait; 400 for a
     *     {@link Gen4jException} (bad parameters); 500 naming a checkpoint that cannot be loaded
     */
    <T> T call(Path checkpoint, Function<TrainedModel, T> job) {
        if (!pending.tryAcquire()) {
            throw new StudioException(503, "the studio is busy: " + maxPending + " generation requests are waiting already; try again shortly.");
        }
        try {
            Worker w = worker(checkpoint);
            Future<T> f = w.thread.submit(() -> job.apply(w.model.get()));
            try {
                return f.get(waitMillis, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                f.cancel(false);
                throw new StudioException(503, "the model was busy for more than " + waitMillis + " ms with earlier requests; try again shortly.");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                f.cancel(false);
                throw new StudioException(503, "the request was interrupted while waiting for the model.");
            } catch (CancellationException e) {
                throw new StudioException(503, "the request was cancelled while waiting for the model.");
            } catch (ExecutionException e) {
                throw translate(e.getCause(), checkpoint, w);
            }
        } finally {
            pending.release();
        }
    }

    private RuntimeException translate(Throwable cause, Path checkpoint, Worker w) {
        if (cause instanceof ExecutionException inner) {
            // the model did not load: forget it, so a later request tries again
            synchronized (workers) {
                if (workers.get(checkpoint) == w) {
                    workers.remove(checkpoint);
                    w.close();
                }
            }
            Throwable c = inner.getCause();
            if (!(c instanceof Gen4jException)) {
                System.err.println("gen4j studio: loading " + checkpoint + " failed:");
                c.printStackTrace();
            }
            String why = c instanceof Gen4jException ? c.getMessage() : "it could not be read (" + c.getClass().getSimpleName() + ").";
            return new StudioException(500, "the checkpoint " + checkpoint.getFileName() + " could not be loaded: " + why);
        }
        if (cause instanceof StudioException se) {
            return se;
        }
        if (cause instanceof Gen4jException ge) {
            return new StudioException(400, ge.getMessage());
        }
        System.err.println("gen4j studio: a job on " + checkpoint + " failed:");
        if (cause != null) {
            cause.printStackTrace();
        }
        return new StudioException(500, "generating failed (" + (cause == null ? "unknown" : cause.getClass().getSimpleName())
                + "); the server's log has the details.");
    }

    private Worker worker(Path checkpoint) {
        synchronized (workers) {
            Worker w = workers.get(checkpoint);
            if (w == null) {
                w = new Worker(checkpoint);
                workers.put(checkpoint, w);
                Iterator<Map.Entry<Path, Worker>> it = workers.entrySet().iterator();
                while (workers.size() > capacity && it.hasNext()) {
                    Map.Entry<Path, Worker> eldest = it.next();
                    if (eldest.getValue() != w) {
                        eldest.getValue().close();
                        it.remove();
                    }
                }
            }
            return w;
        }
    }

    /** How many models are loaded or loading. */
    int loaded() {
        synchronized (workers) {
            return workers.size();
        }
    }

    @Override
    public void close() {
        synchronized (workers) {
            for (Worker w : workers.values()) {
                w.close();
            }
            workers.clear();
        }
    }
}
