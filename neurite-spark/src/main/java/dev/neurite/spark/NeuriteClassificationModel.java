package dev.neurite.spark;

import dev.neurite.data.Preprocessor;
import dev.neurite.io.Model;
import dev.neurite.io.ModelFile;
import dev.neurite.nn.Network;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;

/**
 * A Neurite network as a Spark {@code ProbabilisticClassificationModel}: {@code rawPrediction}
 * holds the logits, {@code probability} their softmax, {@code prediction} the class index. Saved
 * with Spark's {@code write().save(path)}, its data is a Neurite model file
 * ({@code path/data/model.safetensors}); {@link #fromFile} wraps a model file written by the CLI
 * or by {@code ModelFile.save} for batch scoring.
 */
public final class NeuriteClassificationModel
        extends ProbabilisticClassificationModel<Vector, NeuriteClassificationModel> implements MLWritable {
    private static final long serialVersionUID = 1L;

    private String uid;
    private final transient Model model;
    private final byte[] modelBytes;
    private transient Scorer scorer;

    NeuriteClassificationModel(String uid, Model model) {
        this(Uids.reserve(uid), model);
    }

    private NeuriteClassificationModel(Uids.Token reserved, Model model) {
        super();
        int outputs = model.network().outputSize();
        if (outputs == 1 && !model.loss().startsWith("bce")) {
            throw new IllegalArgumentException("the model has one output trained with " + model.loss()
                    + ": a regression model, not a classifier (use NeuriteRegressionModel.fromFile)");
        }
        this.model = model;
        this.modelBytes = Scorer.bytes(model);
    }

    @Override
    public String uid() {
        if (uid == null) {
            uid = Uids.take("neuriteClassificationModel");
        }
        return uid;
    }

    /**
     * Wraps the Neurite model file at {@code path} (local file system), as written by
     * {@code neurite train} or {@code ModelFile.save}. When the file has preprocessing, its
     * numeric features are standardised as the CLI does; models with text columns are refused.
     */
    public static NeuriteClassificationModel fromFile(String path) {
        return new NeuriteClassificationModel((String) null, ModelFile.load(Path.of(path)));
    }

    /** The Neurite model: network, loss, preprocessing (or null) and training summary. */
    public Model neuriteModel() {
        return scorer().model();
    }

    /** Writes the model as a plain Neurite model file, for {@code neurite predict} and {@code neurite serve}. */
    public void saveNeuriteFile(String path) {
        try {
            ModelFile.save(neuriteModel(), Path.of(path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    /** The class names of a model trained by the CLI, in index order; empty otherwise. */
    public List<String> labels() {
        Preprocessor pre = neuriteModel().preprocessor();
        return pre == null ? List.of() : pre.classLabels();
    }

    private Scorer scorer() {
        if (scorer == null) {
            scorer = new Scorer(model != null ? model : ModelFile.read(modelBytes, "model of " + uid()));
        }
        return scorer;
    }

    @Override
    public int numClasses() {
        return Math.max(2, scorer().model().network().outputSize());
    }

    @Override
    public int numFeatures() {
        return scorer().inputs();
    }

    @Override
    public Vector predictRaw(Vector features) {
        Scorer s = scorer();
        float[] out = s.outputs(features);
        Network network = s.model().network();
        double[] raw;
        if (out.length == 1) {
            // One sigmoid (or logit) output: [0, z] has softmax [1 − σ(z), σ(z)]; a probability p gives [1 − p, p].
            raw = network.outputsAreLogits() ? new double[] {0, out[0]} : new double[] {1 - out[0], out[0]};
        } else {
            raw = new double[out.length];
            for (int k = 0; k < out.length; k++) {
                raw[k] = out[k];
            }
        }
        return Vectors.dense(raw);
    }

    @Override
    public Vector raw2probabilityInPlace(Vector rawPrediction) {
        DenseVector v = (DenseVector) rawPrediction;
        double[] a = v.values();
        boolean logits = scorer().model().network().outputsAreLogits();
        if (logits) {
            double max = Double.NEGATIVE_INFINITY;
            for (double x : a) {
                max = Math.max(max, x);
            }
            double sum = 0;
            for (int k = 0; k < a.length; k++) {
                a[k] = Math.exp(a[k] - max);
                sum += a[k];
            }
            for (int k = 0; k < a.length; k++) {
                a[k] /= sum;
            }
        } else {
            ProbabilisticClassificationModel.normalizeToProbabilitiesInPlace(v);
        }
        return v;
    }

    /** Spark's own, declared again: Java sees two inherited versions whose generic types clash. */
    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public scala.Tuple3 findSummaryModel() {
        return super.findSummaryModel();
    }

    @Override
    public NeuriteClassificationModel copy(ParamMap extra) {
        NeuriteClassificationModel copy = new NeuriteClassificationModel(uid(), scorer().model());
        return copyValues(copy, extra).setParent(parent());
    }

    @Override
    public MLWriter write() {
        return ModelStore.writer(this, neuriteModel());
    }

    @Override
    public void save(String path) throws IOException {
        write().save(path);
    }

    public static MLReader<NeuriteClassificationModel> read() {
        return ModelStore.reader(NeuriteClassificationModel.class, NeuriteClassificationModel::new);
    }

    public static NeuriteClassificationModel load(String path) {
        return read().load(path);
    }

    @Override
    public String toString() {
        return "NeuriteClassificationModel: uid=" + uid() + ", " + scorer().model().network();
    }

}
