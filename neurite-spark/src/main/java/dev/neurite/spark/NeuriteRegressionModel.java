package dev.neurite.spark;

import dev.neurite.data.Preprocessor;
import dev.neurite.data.Task;
import dev.neurite.io.Model;
import dev.neurite.io.ModelFile;
import dev.neurite.tensor.Matrix;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.RegressionModel;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;

/**
 * A Neurite network with one output as a Spark {@code RegressionModel}. Saved with Spark's
 * {@code write().save(path)}, its data is a Neurite model file; {@link #fromFile} wraps one
 * written by the CLI (its target standardisation is undone on the predictions).
 */
public final class NeuriteRegressionModel extends RegressionModel<Vector, NeuriteRegressionModel> implements MLWritable {
    private static final long serialVersionUID = 1L;

    private String uid;
    private final transient Model model;
    private final byte[] modelBytes;
    private transient Scorer scorer;

    NeuriteRegressionModel(String uid, Model model) {
        this(Uids.reserve(uid), model);
    }

    private NeuriteRegressionModel(Uids.Token reserved, Model model) {
        super();
        if (model.network().outputSize() != 1) {
            throw new IllegalArgumentException("the model has " + model.network().outputSize()
                    + " outputs; a regression model has one (use NeuriteClassificationModel.fromFile for classifiers)");
        }
        this.model = model;
        this.modelBytes = Scorer.bytes(model);
    }

    @Override
    public String uid() {
        if (uid == null) {
            uid = Uids.take("neuriteRegressionModel");
        }
        return uid;
    }

    /** Wraps the Neurite model file at {@code path} (local file system). */
    public static NeuriteRegressionModel fromFile(String path) {
        return new NeuriteRegressionModel((String) null, ModelFile.load(Path.of(path)));
    }

    public Model neuriteModel() {
        return scorer().model();
    }

    /** Writes the model as a plain Neurite model file. */
    public void saveNeuriteFile(String path) {
        try {
            ModelFile.save(neuriteModel(), Path.of(path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    private Scorer scorer() {
        if (scorer == null) {
            scorer = new Scorer(model != null ? model : ModelFile.read(modelBytes, "model of " + uid()));
        }
        return scorer;
    }

    @Override
    public int numFeatures() {
        return scorer().inputs();
    }

    @Override
    public double predict(Vector features) {
        Scorer s = scorer();
        float[] out = s.outputs(features);
        Preprocessor pre = s.model().preprocessor();
        if (pre != null && pre.task() == Task.REGRESSION) {
            Matrix m = Matrix.wrap(out, 1, 1);
            pre.decodeValuesInPlace(m);
        }
        return out[0];
    }

    @Override
    public NeuriteRegressionModel copy(ParamMap extra) {
        return copyValues(new NeuriteRegressionModel(uid(), scorer().model()), extra).setParent(parent());
    }

    @Override
    public MLWriter write() {
        return ModelStore.writer(this, neuriteModel());
    }

    @Override
    public void save(String path) throws IOException {
        write().save(path);
    }

    public static MLReader<NeuriteRegressionModel> read() {
        return ModelStore.reader(NeuriteRegressionModel.class, NeuriteRegressionModel::new);
    }

    public static NeuriteRegressionModel load(String path) {
        return read().load(path);
    }

    @Override
    public String toString() {
        return "NeuriteRegressionModel: uid=" + uid() + ", " + scorer().model().network();
    }
}
