package dev.neurite.spark;

import dev.neurite.io.Model;
import dev.neurite.io.ModelFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.function.BiFunction;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.SparkSession;
import scala.Option;

/**
 * Spark ML persistence whose data is a Neurite model file: {@code path/metadata} holds the params
 * as Spark writes them, {@code path/data/model.safetensors} the network, exactly as
 * {@code ModelFile.save} writes it, so it loads in {@code neurite predict}, {@code neurite serve}
 * and plain neurite-core. Any Hadoop file system works.
 */
final class ModelStore {
    static final String DATA = "data/model.safetensors";

    private ModelStore() {
    }

    static void save(Params instance, Model model, String path, SparkSession spark) {
        DefaultParamsWriter.saveMetadata(instance, path, spark);
        Path data = new Path(path, DATA);
        java.nio.file.Path local = null;
        try {
            local = Files.createTempFile("neurite-model", ".safetensors");
            ModelFile.save(model, local);
            FileSystem fs = data.getFileSystem(spark.sparkContext().hadoopConfiguration());
            fs.copyFromLocalFile(false, true, new Path(local.toUri()), data);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the model file " + data + ": " + e.getMessage(), e);
        } finally {
            if (local != null) {
                try {
                    Files.deleteIfExists(local);
                } catch (IOException ignored) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }

    record Loaded(DefaultParamsReader.Metadata metadata, Model model) {
    }

    /** A writer of {@code instance} whose data is {@code model}'s file. */
    static MLWriter writer(Params instance, Model model) {
        return new MLWriter() {
            @Override
            public void saveImpl(String path) {
                ModelStore.save(instance, model, path, sparkSession());
            }
        };
    }

    /** A reader of {@code type}: the model from {@code create(uid, model)}, with the saved params set on it. */
    static <M extends Params> MLReader<M> reader(Class<M> type, BiFunction<String, Model, M> create) {
        return new MLReader<>() {
            @Override
            public M load(String path) {
                Loaded loaded = ModelStore.load(path, sparkSession(), type.getName());
                M m = create.apply(loaded.metadata().uid(), loaded.model());
                loaded.metadata().getAndSetParams(m, Option.empty());
                return m;
            }
        };
    }

    static Loaded load(String path, SparkSession spark, String className) {
        DefaultParamsReader.Metadata metadata = DefaultParamsReader.loadMetadata(path, spark, className);
        Path data = new Path(path, DATA);
        try {
            FileSystem fs = data.getFileSystem(spark.sparkContext().hadoopConfiguration());
            byte[] bytes;
            try (InputStream in = fs.open(data)) {
                bytes = in.readAllBytes();
            }
            return new Loaded(metadata, ModelFile.read(bytes, data.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the model file " + data + ": " + e.getMessage(), e);
        }
    }
}
