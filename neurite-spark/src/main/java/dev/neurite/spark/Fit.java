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
     * @param classNames        the classes' names from the label column's metadata, or null
     * @param labelSmoothing    the classifier's label smoothing ε (0 for none and for the regressor)
     * @param classWeight       the classifier's classWeight param (none, balanced, CLASS=WEIGHT,…); null for the regressor
     */
    static Fit run(Dataset<?> data, Params owner, TrainingParams p, String ownerName, String featuresCol,
            String labelCol, String loss, int metadataClasses, String[] classNames, String classWeight,
            float labelSmoothing, EpochListener listener) {
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
            Weighting weighting = weighting(prepared, ownerName, weightCol, classWeight, outputs, classNames);
            NetworkSpec spec = new NetworkSpec(prepared.features(), hidden.clone(), activation, dropout, outputs, seed);
            Plan plan = Plan.of(UUID.randomUUID().toString(), spec, loss, solver, regParam, clipNorm, seed, batchSize,
                    prepared.rows(), weighting.weighted(), weighting.classWeights(), weighting.scale(), labelSmoothing);
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(data.sparkSession().sparkContext());
            DriverCheckpoint checkpoint = null;
            if (checkpointDir != null && checkpointInterval > 0) {
                // What must match for a checkpoint to be resumed, under the params' own names.
                Map<String, Object> settings = new LinkedHashMap<>();
                settings.put("estimator", classification ? "NeuriteClassifier" : "NeuriteRegressor");
                settings.put("loss", loss);
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
                if (labelSmoothing != 0) { // only when set, as the weights below
                    settings.put("labelSmoothing", (double) labelSmoothing);
                }
                // Only when set, so an unweighted fit still resumes a checkpoint written before these settings existed.
                if (weightCol != null) {
                    settings.put("weightCol", weightCol);
                }
                if (weighting.classWeights() != null) {
                    settings.put("classWeight", classWeight.strip());
                }
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
            training.put("step_size", (double) stepSize);
            training.put("epochs_run", (double) result.history().size());
            training.put("batch_size", (double) batchSize);
            training.put("partitions", (double) prepared.rows().length);
            training.put("combine_every", (double) combineEvery);
            training.put("seed", Long.toString(seed));
            training.put("training_rows", (double) prepared.trainingRows());
            if (labelSmoothing != 0) {
                training.put("label_smoothing", (double) labelSmoothing);
            }
            training.put("weighted", weighting.weighted());
            training.put("loss_weighting", weighting.describe(weightCol, classWeight));
            if (weightCol != null) {
                training.put("weight_col", weightCol);
            }
            if (weighting.classWeights() != null) {
                training.put("class_weight", classWeight.strip());
                Map<String, Object> perClass = new LinkedHashMap<>();
                float[] cw = weighting.classWeights();
                for (int c = 0; c < cw.length; c++) {
                    perClass.put(classNames != null && c < classNames.length ? classNames[c] : Integer.toString(c), (double) cw[c]);
                }
                training.put("class_weights", perClass);
            }
            double[] last = result.history().get(result.history().size() - 1);
            training.put("final_loss", last[0]);
            if (Double.isFinite(last[1])) { // NaN with a validation column that marks no row
                training.put("final_validation_loss", last[1]);
            }
            if (result.bestEpoch() >= 0) {
                training.put("best_epoch", (double) result.bestEpoch());
                double best = result.history().get(result.bestEpoch())[1];
                if (Double.isFinite(best)) {
                    training.put("best_validation_loss", best);
                }
            }
            return new Fit(result.network(), training);
        } finally {
            prepared.release();
        }
    }

    /**
     * How the loss weighs the rows: whether it does, the class weights (null for none) and the
     * factor that brings the training rows' weights to a mean of 1 ({@link RowWeights}).
     */
    record Weighting(boolean weighted, float[] classWeights, float scale) {
        String describe(String weightCol, String classWeight) {
            if (!weighted) {
                return "unweighted";
            }
            String by = weightCol != null && classWeights != null
                    ? "weightCol '" + weightCol + "' times classWeight " + classWeight.strip()
                    : weightCol != null ? "weightCol '" + weightCol + "'" : "classWeight " + classWeight.strip();
            return "weighted by " + by + ", scaled to a mean of 1 over the training rows: (1/N) Σ w ℓ";
        }
    }

    /** The fit's {@link Weighting}; throws when every training row would weigh 0. */
    static Weighting weighting(Blocks.Prepared prepared, String owner, String weightCol, String classWeight, int classes,
            String[] classNames) {
        float[] classWeights = null;
        if (classWeight != null) {
            dev.neurite.data.ClassWeights cw = TrainingParams.classWeights(classWeight, classes, classNames, owner);
            if (cw != null) {
                classWeights = cw.forCounts(java.util.Arrays.copyOf(prepared.classCounts(), classes));
            }
        }
        if (weightCol == null && classWeights == null) {
            return new Weighting(false, null, 1f);
        }
        double[] sums = prepared.weightSums();
        if (classWeights != null) {
            // Σ w·c per partition, in row order: another pass over the cached blocks, now that c is known.
            float[] c = classWeights;
            sums = new double[sums.length];
            for (double[] ps : prepared.blocks().map(b -> new double[] {b.partition, RowWeights.sum(b.w, b.y, b.rows, c)})
                    .collect()) {
                sums[(int) ps[0]] = ps[1];
            }
        }
        double total = 0;
        for (double s : sums) { // in partition order: the same bits on every run
            total += s;
        }
        if (total == 0) {
            throw new IllegalArgumentException(owner + ": every training row weighs 0 with "
                    + (weightCol != null ? "the weight column '" + weightCol + "' and " : "") + "classWeight '"
                    + String.valueOf(classWeight).strip() + "' (class weights " + java.util.Arrays.toString(classWeights)
                    + "); at least one row must count");
        }
        return new Weighting(true, classWeights, (float) (prepared.trainingRows() / total));
    }
}
