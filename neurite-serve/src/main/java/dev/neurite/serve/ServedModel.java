package dev.neurite.serve;

import dev.neurite.data.Preprocessor;
import dev.neurite.io.Model;
import dev.neurite.io.Predictor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A model served under a name, loaded from a file and swapped when the file changes: the new
 * file is loaded and checked first, then one reference is switched, so a request that has taken
 * the old version finishes on it; a file that cannot be read, or whose inputs or task differ
 * from the version being served, is refused and logged, and the old version keeps serving.
 */
public final class ServedModel {
    /** One loaded version of the model: its number (1, 2, … per swap), the predictor and when it was loaded. */
    public record Version(int number, Model model, Predictor predictor, Instant loadedAt) {
    }

    /** What identifies one version of a file on disk; a file replaced by rename gets a new key. */
    private record Stamp(Object key, long modified, long size) {
        static Stamp of(Path path) {
            try {
                BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
                return new Stamp(a.fileKey(), a.lastModifiedTime().toMillis(), a.size());
            } catch (IOException e) {
                return null;
            }
        }
    }

    private final String name;
    private final Path path;
    private final Function<Path, Model> loader;
    private final Consumer<String> log;
    private final AtomicReference<Version> current = new AtomicReference<>();
    private Stamp seen; // guarded by this
    private volatile int refused;

    /** Loads {@code path} with {@code loader}; throws, naming the file, when it cannot serve raw rows. */
    public ServedModel(String name, Path path, Function<Path, Model> loader, Consumer<String> log) {
        this.name = Objects.requireNonNull(name, "name");
        this.path = Objects.requireNonNull(path, "path");
        this.loader = Objects.requireNonNull(loader, "loader");
        this.log = Objects.requireNonNull(log, "log");
        synchronized (this) {
            seen = Stamp.of(path);
            current.set(load(1));
        }
    }

    private Version load(int number) {
        Model model = loader.apply(path);
        if (model.preprocessor() == null) {
            throw new IllegalArgumentException(path + ": the model has no preprocessing (its inputs are an encoded matrix), so it cannot score rows of named columns");
        }
        return new Version(number, model, new Predictor(model), Instant.now());
    }

    public String name() {
        return name;
    }

    public Path path() {
        return path;
    }

    /** The version serving now; a request takes it once and uses it to the end. */
    public Version current() {
        return current.get();
    }

    /** How many new files were refused since start. */
    public int refused() {
        return refused;
    }

    /**
     * Reloads when the file on disk is not the one last seen (a new file renamed over it, or
     * rewritten); returns null when it had not changed, else whether the new file now serves.
     */
    public synchronized Boolean reloadIfChanged() {
        Stamp now = Stamp.of(path);
        if (now == null || now.equals(seen)) {
            return null;
        }
        return reload("the file changed");
    }

    /**
     * Loads the file again and switches to it when it loads and takes the same inputs for the
     * same task; returns whether it switched. A refusal is logged and the old version serves on.
     */
    public synchronized boolean reload(String why) {
        seen = Stamp.of(path);
        Version old = current.get();
        Version next;
        try {
            next = load(old.number() + 1);
            String problem = incompatibility(old.model().preprocessor(), next.model().preprocessor());
            if (problem != null) {
                throw new IllegalArgumentException(problem + "; restart the server to serve a model with other inputs");
            }
        } catch (RuntimeException | OutOfMemoryError e) {
            refused++;
            log.accept("model '" + name + "': " + why + "; the new file is refused, version " + old.number() + " keeps serving: " + e.getMessage());
            return false;
        }
        current.set(next);
        log.accept("model '" + name + "': " + why + "; now serving version " + next.number() + " (" + next.model().preprocessor().describe() + ")");
        return true;
    }

    /** Why a model with preprocessing {@code next} cannot replace one with {@code old}, or null when it can. */
    static String incompatibility(Preprocessor old, Preprocessor next) {
        if (old.task() != next.task()) {
            return "the new file is a " + next.task().id() + " model, the one serving is a " + old.task().id() + " model";
        }
        Set<String> before = new HashSet<>(old.features());
        Set<String> after = new HashSet<>(next.features());
        if (!before.equals(after)) {
            List<String> added = new ArrayList<>(next.features());
            added.removeAll(before);
            List<String> removed = new ArrayList<>(old.features());
            removed.removeAll(after);
            return "the new file's input columns differ" + (added.isEmpty() ? "" : " (new: " + String.join(", ", added) + ")")
                    + (removed.isEmpty() ? "" : " (gone: " + String.join(", ", removed) + ")");
        }
        return null;
    }
}
