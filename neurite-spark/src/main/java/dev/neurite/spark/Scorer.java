package dev.neurite.spark;

import dev.neurite.data.Preprocessor;
import dev.neurite.io.Model;
import dev.neurite.io.ModelFile;
import dev.neurite.tensor.Matrix;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.ml.linalg.Vector;

/**
 * A model's network and preprocessing, scoring one features vector at a time; safe from the
 * executors' task threads at once ({@code Network.predict} is). Models travel to the executors as
 * the bytes of their model file, so what runs there is what would be loaded from disk.
 */
final class Scorer {
    private final Model model;
    private final Preprocessor pre;

    Scorer(Model model) {
        refuseEnsemble(model);
        this.model = model;
        Preprocessor p = model.preprocessor();
        if (p != null) {
            for (int j = 0; j < p.features().size(); j++) {
                if (p.encoder(j) != null) {
                    throw new IllegalArgumentException("the model's column '" + p.features().get(j)
                            + "' is a text column; Spark scores vectors of numbers: use `neurite predict` on a table");
                }
            }
        }
        this.pre = p;
    }

    Model model() {
        return model;
    }

    int inputs() {
        return pre != null ? pre.features().size() : model.network().inputSize();
    }

    float[] outputs(Vector features) {
        int n = inputs();
        if (features.size() != n) {
            throw new IllegalArgumentException("the model expects feature vectors of size " + n + ", got one of size "
                    + features.size());
        }
        Matrix x = new Matrix(1, n);
        float[] d = x.data();
        for (int j = 0; j < n; j++) {
            d[j] = (float) features.apply(j);
        }
        if (pre != null) {
            x = pre.encodeNumericFeatures(x);
        }
        Matrix out = model.network().predict(x);
        return out.data();
    }

    /** The model file's bytes. */
    /** An ensemble is refused: Spark scores one network per row, and its summaries speak of one. */
    static void refuseEnsemble(Model model) {
        if (model.isEnsemble()) {
            throw new IllegalArgumentException("the model is an ensemble of " + model.members().size() + " networks (neurite train --ensemble);"
                    + " neurite-spark scores one network: score it with neurite predict or neurite serve, or train it without --ensemble");
        }
    }

    static byte[] bytes(Model model) {
        refuseEnsemble(model);
        Path tmp = null;
        try {
            tmp = Files.createTempFile("neurite-model", ".safetensors");
            ModelFile.save(model, tmp);
            return Files.readAllBytes(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize the model: " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }
}
