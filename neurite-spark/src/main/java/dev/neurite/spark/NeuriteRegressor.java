package dev.neurite.spark;

import java.util.LinkedHashMap;
import org.apache.spark.ml.regression.Regressor;
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
 * A multilayer perceptron regressor for Spark ML (Spark has none), trained data-parallel by
 * Neurite: one linear output, a loss of {@code mse} (default), {@code mae} or {@code huber}.
 * Labels are used as they are; scale them (and the features) when they are far from unit size.
 *
 * <pre>{@code
 * NeuriteRegressor mlp = new NeuriteRegressor().setHiddenLayers(new int[] {64}).setMaxIter(50);
 * NeuriteRegressionModel model = mlp.fit(train);
 * }</pre>
 */
public final class NeuriteRegressor
        extends Regressor<Vector, NeuriteRegressor, NeuriteRegressionModel>
        implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;

    private String uid;
    private final TrainingParams params;
    private transient EpochListener listener;
    private final Param<String> loss;

    public NeuriteRegressor() {
        this(Uids.reserve(null));
    }

    public NeuriteRegressor(String uid) {
        this(Uids.reserve(uid));
    }

    private NeuriteRegressor(Uids.Token reserved) {
        super();
        params = new TrainingParams(this);
        params.setDefaults(this);
        loss = new Param<>(uid(), "loss", "the loss: " + LOSSES, TrainingParams.check(
                (String v) -> v != null && LOSSES.contains(v), v -> "loss must be one of " + LOSSES + ", got '" + v + "'"));
        setDefault(loss, "mse");
    }

    /** The losses a regressor takes. */
    static final java.util.List<String> LOSSES = java.util.List.of("mse", "mae", "huber");

    public Param<String> loss() {
        return loss;
    }

    public NeuriteRegressor setLoss(String value) {
        return (NeuriteRegressor) set(loss, value);
    }

    @Override
    public String uid() {
        if (uid == null) {
            uid = Uids.take("neuriteRegressor");
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

    public NeuriteRegressor setHiddenLayers(int... value) {
        return (NeuriteRegressor) set(params.hiddenLayers, value);
    }

    public NeuriteRegressor setActivation(String value) {
        return (NeuriteRegressor) set(params.activation, value);
    }

    public NeuriteRegressor setDropout(double value) {
        return (NeuriteRegressor) set(params.dropout, value);
    }

    public NeuriteRegressor setMaxIter(int value) {
        return (NeuriteRegressor) set(params.maxIter, value);
    }

    public NeuriteRegressor setStepSize(double value) {
        return (NeuriteRegressor) set(params.stepSize, value);
    }

    public NeuriteRegressor setSeed(long value) {
        return (NeuriteRegressor) set(params.seed, value);
    }

    public NeuriteRegressor setSolver(String value) {
        return (NeuriteRegressor) set(params.solver, value);
    }

    public NeuriteRegressor setBatchSize(int value) {
        return (NeuriteRegressor) set(params.batchSize, value);
    }

    public NeuriteRegressor setRegParam(double value) {
        return (NeuriteRegressor) set(params.regParam, value);
    }

    public NeuriteRegressor setWeightCol(String value) {
        return (NeuriteRegressor) set(params.weightCol, value);
    }

    public NeuriteRegressor setValidationIndicatorCol(String value) {
        return (NeuriteRegressor) set(params.validationIndicatorCol, value);
    }

    public NeuriteRegressor setPatience(int value) {
        return (NeuriteRegressor) set(params.patience, value);
    }

    public NeuriteRegressor setCombineEvery(int value) {
        return (NeuriteRegressor) set(params.combineEvery, value);
    }

    public NeuriteRegressor setClipNorm(double value) {
        return (NeuriteRegressor) set(params.clipNorm, value);
    }

    public NeuriteRegressor setSchedule(String value) {
        return (NeuriteRegressor) set(params.schedule, value);
    }

    /**
     * A folder on any Hadoop file system ({@code hdfs://…}, {@code s3a://…}, {@code file:/…}) where
     * the driver writes a checkpoint every {@code checkpointInterval} epochs; a fit that finds a
     * checkpoint of the same settings and data there goes on from it (see docs/spark.md).
     */
    public NeuriteRegressor setCheckpointDir(String value) {
        return (NeuriteRegressor) set(params.checkpointDir, value);
    }

    public NeuriteRegressor setCheckpointInterval(int value) {
        return (NeuriteRegressor) set(params.checkpointInterval, value);
    }

    /** Called on the driver after every epoch (not a param: not copied to models, not saved). */
    public NeuriteRegressor setEpochListener(EpochListener value) {
        this.listener = value;
        return this;
    }

    @Override
    public NeuriteRegressionModel train(Dataset<?> dataset) {
        String owner = "NeuriteRegressor " + uid();
        Fit fit = Fit.run(dataset, this, params, owner, getFeaturesCol(), getLabelCol(), getOrDefault(loss), 0, null, null,
                0f, listener);
        return new NeuriteRegressionModel(uid(), new dev.neurite.io.Model(fit.network(), getOrDefault(loss), null,
                new LinkedHashMap<>(fit.training())));
    }

    @Override
    public NeuriteRegressor copy(ParamMap extra) {
        NeuriteRegressor copy = (NeuriteRegressor) defaultCopy(extra);
        copy.listener = listener;
        return copy;
    }

    public static MLReader<NeuriteRegressor> read() {
        return new DefaultParamsReader<>();
    }

    public static NeuriteRegressor load(String path) {
        return read().load(path);
    }

}
