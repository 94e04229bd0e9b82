package dev.neurite.spark;

import dev.neurite.nn.Network;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.Dataset;

/** One fit of either estimator: read the params, prepare and check the data, train, describe the run. */
record Fit(Network network, Map<String, Object> training) {

    /**
     * @param loss              "softmax_cross_entropy" for the classifier, the regressor's loss otherwise
     * @param labelSmoothing    the classifier's label smoothing ε (0 for none and for the regressor)
     * @param metadataClasses   the classifier's K from the label column's metadata, 0 when unknown
     */
    static Fit run(Dataset<?> data, Params owner, TrainingParams p, String ownerName, String featuresCol,
            String labelCol, String loss, float labelSmoothing, int metadataClasses, EpochListener listener) {
        boolean classification = loss.equals("softmax_cross_entropy");
        String weightCol = TrainingParams.optionalColumn(owner, p.weightCol);
        String validationCol = TrainingParams.optionalColumn(owner, p.validationIndicatorCol);
        int[] hidden = owner.getOrDefault(p.hiddenLayers);
        String activation = owner.getOrDefault(p.activation).toLowerCase(Locale.ROOT);
        float dropout = (float) (double) (Double) owner.getOrDefault(p.dropout);
        int epochs = (Integer) owner.getOrDefault(p.maxIter);
        float stepSize = (float) (double) (Double) owner.getOrDefault(p.stepSize);
        long seed = (Long) owner.getOrDefault(p.seed);
        String solver = owner.getOrDefault(p.solver).toLowerCase(Locale.ROOT);
        int batchSize = (Integer) owner.getOrDefault(p.batchSize);
        float regParam = (float) (double) (Double) owner.getOrDefault(p.regParam);
        int patience = (Integer) owner.getOrDefault(p.patience);
        int combineEvery = (Integer) owner.getOrDefault(p.combineEvery);
        float clipNorm = (float) (double) (Double) owner.getOrDefault(p.clipNorm);
        String scheduleSpec = owner.getOrDefault(p.schedule);
        dev.neurite.optim.LearningRateSchedule schedule = TrainingParams.schedule(scheduleSpec, epochs);
        String checkpointDir = TrainingParams.optionalColumn(owner, p.checkpointDir);
        int checkpointInterval = (Integer) owner.getOrDefault(p.checkpointInterval);

        Blocks.Prepared prepared = Blocks.prepare(data, ownerName, featuresCol, labelCol, weightCol, validationCol,
                classification);
        try {
            int outputs = 1;
            if (classification) {
                int seen = (int) prepared.maxLabel() + 1;
                if (metadataClasses > 0 && metadataClasses < seen) {
                    throw new IllegalArgumentException(ownerName + ": the label column '" + labelCol + "' holds "
                            + (seen - 1) + ", but its metadata says there are " + metadataClasses + " classes");
                }
                outputs = Math.max(seen, metadataClasses);
                if (outputs < 2) {
                    throw new IllegalArgumentException(ownerName + ": the label column '" + labelCol
                            + "' holds only class 0; a classifier needs at least two classes");
                }
            }
            NetworkSpec spec = new NetworkSpec(prepared.features(), hidden.clone(), activation, dropout, outputs, seed);
            Plan plan = Plan.of(UUID.randomUUID().toString(), spec, loss, labelSmoothing, solver, regParam, clipNorm, seed, batchSize,
                    prepared.rows());
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(data.sparkSession().sparkContext());
            DriverCheckpoint checkpoint = null;
            if (checkpointDir != null && checkpointInterval > 0) {
                // What must match for a checkpoint to be resumed, under the params' own names.
                Map<String, Object> settings = new LinkedHashMap<>();
                settings.put("estimator", classification ? "NeuriteClassifier" : "NeuriteRegressor");
                settings.put("loss", loss);
                settings.put("labelSmoothing", (double) labelSmoothing);
                settings.put("features", spec.inputs());
                settings.put("outputs", spec.outputs());
                settings.put("hiddenLayers", hidden.clone());
                settings.put("activation", activation);
                settings.put("dropout", owner.getOrDefault(p.dropout));
                settings.put("maxIter", epochs);
                settings.put("stepSize", owner.getOrDefault(p.stepSize));
                settings.put("seed", Long.toString(seed));
                settings.put("solver", solver);
                settings.put("batchSize", batchSize);
                settings.put("regParam", owner.getOrDefault(p.regParam));
                settings.put("clipNorm", owner.getOrDefault(p.clipNorm));
                settings.put("schedule", scheduleSpec.trim().toLowerCase(java.util.Locale.ROOT));
                settings.put("combineEvery", combineEvery);
                settings.put("patience", validationCol != null ? patience : 0);
                settings.put("partitionRows", prepared.rows().clone());
                settings.put("validationRows", prepared.validationRows());
                java.util.List<String> fingerprints = new java.util.ArrayList<>();
                for (long f : prepared.fingerprints()) {
                    fingerprints.add(String.format("%016x", f));
                }
                settings.put("data", fingerprints);
                checkpoint = DriverCheckpoint.open(checkpointDir, checkpointInterval, settings, sc.hadoopConfiguration(),
                        ownerName);
            }
            DataParallelTrainer.Result result = DataParallelTrainer.fit(sc, prepared.blocks(), plan, stepSize, schedule,
                    epochs, combineEvery, validationCol != null, patience, listener, checkpoint);
            Map<String, Object> training = new LinkedHashMap<>();
            training.put("trainer", "neurite-spark");
            training.put("solver", solver);
            if (classification) {
                training.put("label_smoothing", (double) labelSmoothing);
            }
            training.put("step_size", (double) stepSize);
            training.put("epochs_run", (double) result.history().size());
            training.put("batch_size", (double) batchSize);
            training.put("partitions", (double) prepared.rows().length);
            training.put("combine_every", (double) combineEvery);
            training.put("seed", Long.toString(seed));
            training.put("training_rows", (double) prepared.trainingRows());
            double[] last = result.history().get(result.history().size() - 1);
            training.put("final_loss", last[0]);
            if (result.bestEpoch() >= 0) {
                training.put("best_epoch", (double) result.bestEpoch());
            }
            return new Fit(result.network(), training);
        } finally {
            prepared.release();
        }
    }
}
