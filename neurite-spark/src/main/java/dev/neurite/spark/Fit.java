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
     * @param metadataClasses   the classifier's K from the label column's metadata, 0 when unknown
     */
    static Fit run(Dataset<?> data, Params owner, TrainingParams p, String ownerName, String featuresCol,
            String labelCol, String loss, int metadataClasses, EpochListener listener) {
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
        dev.neurite.optim.LearningRateSchedule schedule = TrainingParams.schedule(owner.getOrDefault(p.schedule), epochs);

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
            Plan plan = Plan.of(UUID.randomUUID().toString(), spec, loss, solver, regParam, clipNorm, seed, batchSize,
                    prepared.rows());
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(data.sparkSession().sparkContext());
            DataParallelTrainer.Result result = DataParallelTrainer.fit(sc, prepared.blocks(), plan, stepSize, schedule,
                    epochs, combineEvery, validationCol != null, patience, listener);
            Map<String, Object> training = new LinkedHashMap<>();
            training.put("trainer", "neurite-spark");
            training.put("solver", solver);
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
