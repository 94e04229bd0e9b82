package dev.neurite.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;

/**
 * A multilayer perceptron classifier for Spark ML, trained data-parallel by Neurite: hidden
 * layers of any width and activation, dropout, Adam and the other solvers, softmax outputs.
 * Labels are class indices 0..K−1 (index other labels with {@code StringIndexer}); the features
 * a vector column ({@code VectorAssembler}).
 *
 * <pre>{@code
 * NeuriteClassifier mlp = new NeuriteClassifier()
 *     .setHiddenLayers(new int[] {256, 128}).setMaxIter(10).setStepSize(1e-3);
 * NeuriteClassificationModel model = mlp.fit(train);
 * }</pre>
 */
public final class NeuriteClassifier
        extends ProbabilisticClassifier<Vector, NeuriteClassifier, NeuriteClassificationModel>
        implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;

    private String uid;
    private final TrainingParams params;
    private final Param<String> classWeight;
    private transient EpochListener listener;

    public NeuriteClassifier() {
        this(Uids.reserve(null));
    }

    public NeuriteClassifier(String uid) {
        this(Uids.reserve(uid));
    }

    private NeuriteClassifier(Uids.Token reserved) {
        super();
        params = new TrainingParams(this);
        params.setDefaults(this);
        classWeight = new Param<>(uid(), "classWeight", TrainingParams.CLASS_WEIGHT_DOC,
                TrainingParams.check((String v) -> {
                    TrainingParams.checkClassWeightSyntax(v);
                    return true;
                }, v -> "classWeight must be none, balanced or CLASS=WEIGHT,…, got '" + v + "'"));
        setDefault(classWeight, "none");
        labelSmoothing = new DoubleParam(uid(), "labelSmoothing", "label smoothing ε of the cross-entropy, in [0, 1): each"
                + " target becomes (1 - ε)·one-hot + ε/classes, as PyTorch's CrossEntropyLoss(label_smoothing=ε)",
                TrainingParams.check((Object o) -> { Double v = (Double) o; return v >= 0 && v < 1; },
                        o -> "labelSmoothing must be in [0, 1), got " + o));
        setDefault(labelSmoothing, 0.0);
    }

    private final DoubleParam labelSmoothing;

    /** Label smoothing of the cross-entropy (default 0); see {@link #setLabelSmoothing}. */
    public DoubleParam labelSmoothing() {
        return labelSmoothing;
    }

    /**
     * Trains on targets (1 − ε)·one-hot + ε/classes, PyTorch's
     * {@code CrossEntropyLoss(label_smoothing=ε)}; ε in [0, 1). Not together with a classWeight:
     * PyTorch weighs the smoothing term class by class, which the executors' row weights do not.
     */
    public NeuriteClassifier setLabelSmoothing(double value) {
        return (NeuriteClassifier) set(labelSmoothing, value);
    }

    @Override
    public String uid() {
        if (uid == null) {
            uid = Uids.take("neuriteClassifier");
        }
        return uid;
    }

    public IntArrayParam hiddenLayers() {
        return params.hiddenLayers;
    }

    public Param<String> activation() {
        return params.activation;
    }

    public DoubleParam dropout() {
        return params.dropout;
    }

    public IntParam maxIter() {
        return params.maxIter;
    }

    public DoubleParam stepSize() {
        return params.stepSize;
    }

    public LongParam seed() {
        return params.seed;
    }

    public Param<String> solver() {
        return params.solver;
    }

    public IntParam batchSize() {
        return params.batchSize;
    }

    public DoubleParam regParam() {
        return params.regParam;
    }

    public Param<String> weightCol() {
        return params.weightCol;
    }

    /** Spark's {@code HasWeightCol}: the column of row weights, "" when unset. */
    public String getWeightCol() {
        return isDefined(params.weightCol) ? getOrDefault(params.weightCol) : "";
    }

    /**
     * How much each class counts in the loss: {@code none} (the default), {@code balanced}
     * (n / (k · n_c), scikit-learn's), or {@code CLASS=WEIGHT,…} by class index or by the name
     * the label column's metadata gives it (StringIndexer's labels); classes not named weigh 1.
     * Multiplies the {@code weightCol} weights, as the CLI's {@code --class-weight} does.
     */
    public Param<String> classWeight() {
        return classWeight;
    }

    public String getClassWeight() {
        return getOrDefault(classWeight);
    }

    public Param<String> validationIndicatorCol() {
        return params.validationIndicatorCol;
    }

    public IntParam patience() {
        return params.patience;
    }

    public IntParam combineEvery() {
        return params.combineEvery;
    }

    public DoubleParam clipNorm() {
        return params.clipNorm;
    }

    public Param<String> schedule() {
        return params.schedule;
    }

    public Param<String> checkpointDir() {
        return params.checkpointDir;
    }

    public IntParam checkpointInterval() {
        return params.checkpointInterval;
    }

    public NeuriteClassifier setHiddenLayers(int... value) {
        return (NeuriteClassifier) set(params.hiddenLayers, value);
    }

    public NeuriteClassifier setActivation(String value) {
        return (NeuriteClassifier) set(params.activation, value);
    }

    public NeuriteClassifier setDropout(double value) {
        return (NeuriteClassifier) set(params.dropout, value);
    }

    public NeuriteClassifier setMaxIter(int value) {
        return (NeuriteClassifier) set(params.maxIter, value);
    }

    public NeuriteClassifier setStepSize(double value) {
        return (NeuriteClassifier) set(params.stepSize, value);
    }

    public NeuriteClassifier setSeed(long value) {
        return (NeuriteClassifier) set(params.seed, value);
    }

    public NeuriteClassifier setSolver(String value) {
        return (NeuriteClassifier) set(params.solver, value);
    }

    public NeuriteClassifier setBatchSize(int value) {
        return (NeuriteClassifier) set(params.batchSize, value);
    }

    public NeuriteClassifier setRegParam(double value) {
        return (NeuriteClassifier) set(params.regParam, value);
    }

    public NeuriteClassifier setWeightCol(String value) {
        return (NeuriteClassifier) set(params.weightCol, value);
    }

    /** See {@link #classWeight()}: {@code "balanced"}, {@code "0=1,1=5"}, {@code "spam=5"}, or {@code "none"}. */
    public NeuriteClassifier setClassWeight(String value) {
        return (NeuriteClassifier) set(classWeight, value);
    }

    public NeuriteClassifier setValidationIndicatorCol(String value) {
        return (NeuriteClassifier) set(params.validationIndicatorCol, value);
    }

    public NeuriteClassifier setPatience(int value) {
        return (NeuriteClassifier) set(params.patience, value);
    }

    public NeuriteClassifier setCombineEvery(int value) {
        return (NeuriteClassifier) set(params.combineEvery, value);
    }

    public NeuriteClassifier setClipNorm(double value) {
        return (NeuriteClassifier) set(params.clipNorm, value);
    }

    public NeuriteClassifier setSchedule(String value) {
        return (NeuriteClassifier) set(params.schedule, value);
    }

    /**
     * A folder on any Hadoop file system ({@code hdfs://…}, {@code s3a://…}, {@code file:/…}) where
     * the driver writes a checkpoint every {@code checkpointInterval} epochs; a fit that finds a
     * checkpoint of the same settings and data there goes on from it (see docs/spark.md).
     */
    public NeuriteClassifier setCheckpointDir(String value) {
        return (NeuriteClassifier) set(params.checkpointDir, value);
    }

    public NeuriteClassifier setCheckpointInterval(int value) {
        return (NeuriteClassifier) set(params.checkpointInterval, value);
    }

    /** Called on the driver after every epoch (not a param: not copied to models, not saved). */
    public NeuriteClassifier setEpochListener(EpochListener value) {
        this.listener = value;
        return this;
    }

    @Override
    public NeuriteClassificationModel train(Dataset<?> dataset) {
        String owner = "NeuriteClassifier " + uid();
        String[] names = labelNames(dataset);
        Fit fit = Fit.run(dataset, this, params, owner, getFeaturesCol(), getLabelCol(), "softmax_cross_entropy",
                labelClasses(dataset), names, getOrDefault(classWeight), smoothing(), listener);
        Map<String, Object> training = new LinkedHashMap<>(fit.training());
        return new NeuriteClassificationModel(uid(), new dev.neurite.io.Model(fit.network(), "softmax_cross_entropy",
                null, training));
    }

    /** The label smoothing, refused together with class weights (which the executors apply as row weights). */
    private float smoothing() {
        float eps = (float) (double) (Double) getOrDefault(labelSmoothing);
        String cw = getOrDefault(classWeight).strip();
        if (eps != 0 && !cw.equalsIgnoreCase("none")) {
            throw new IllegalArgumentException("NeuriteClassifier " + uid() + ": labelSmoothing " + eps + " together with classWeight '"
                    + cw + "' is not supported on Spark (PyTorch weighs the smoothing term class by class; the executors weigh"
                    + " rows); use one of them, or train with neurite train --label-smoothing --class-weight");
        }
        return eps;
    }

    /** K from the label column's metadata (as StringIndexer writes it), or 0 when it has none. */
    private int labelClasses(Dataset<?> dataset) {
        try {
            Attribute a = Attribute.fromStructField(dataset.schema().apply(getLabelCol()));
            if (a instanceof NominalAttribute n && n.getNumValues().isDefined()) {
                return (Integer) n.getNumValues().get();
            }
        } catch (RuntimeException e) {
            // no usable metadata: K comes from the largest label
        }
        return 0;
    }

    /** The classes' names from the label column's metadata (as StringIndexer writes them), or null. */
    private String[] labelNames(Dataset<?> dataset) {
        try {
            Attribute a = Attribute.fromStructField(dataset.schema().apply(getLabelCol()));
            if (a instanceof NominalAttribute n && n.values().isDefined()) {
                return n.values().get();
            }
        } catch (RuntimeException e) {
            // no usable metadata: classes are named by index
        }
        return null;
    }

    @Override
    public NeuriteClassifier copy(ParamMap extra) {
        NeuriteClassifier copy = (NeuriteClassifier) defaultCopy(extra);
        copy.listener = listener;
        return copy;
    }

    public static MLReader<NeuriteClassifier> read() {
        return new DefaultParamsReader<>();
    }

    public static NeuriteClassifier load(String path) {
        return read().load(path);
    }

}
