package dev.neurite.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neurite.io.Model;
import dev.neurite.io.ModelFile;
import dev.neurite.loss.Losses;
import dev.neurite.nn.Network;
import dev.neurite.optim.Optimizers;
import dev.neurite.tensor.Matrix;
import dev.neurite.train.Trainer;
import dev.neurite.train.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.ml.tuning.TrainValidationSplit;
import org.apache.spark.ml.tuning.TrainValidationSplitModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The estimators in Spark ML's machinery: pipelines, tuning, evaluators, persistence, bad input. */
class NeuriteEstimatorsTest {
    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkTests.session("local[2]");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static double accuracy(Dataset<Row> scored, String labelCol) {
        return new MulticlassClassificationEvaluator().setLabelCol(labelCol).setMetricName("accuracy").evaluate(scored);
    }

    /** A table with four numeric columns and a string label, as it comes from a file. */
    private static Dataset<Row> irisLike(int n) {
        StructType schema = new StructType().add("a", DataTypes.DoubleType).add("b", DataTypes.DoubleType)
                .add("c", DataTypes.DoubleType).add("d", DataTypes.DoubleType).add("species", DataTypes.StringType);
        String[] names = {"setosa", "versicolor", "virginica"};
        List<Row> rows = new ArrayList<>();
        for (Row r : SparkTests.blobs(spark, n, 2).collectAsList()) {
            double[] x = ((Vector) r.get(0)).toArray();
            rows.add(RowFactory.create(x[0], x[1], x[2], x[3], names[(int) r.getDouble(1)]));
        }
        return spark.createDataFrame(rows, schema);
    }

    @Test
    void pipelineFitsTransformsSavesAndLoads(@TempDir Path dir) throws Exception {
        Dataset<Row> table = irisLike(300);
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
            new VectorAssembler().setInputCols(new String[] {"a", "b", "c", "d"}).setOutputCol("features"),
            new StringIndexer().setInputCol("species").setOutputCol("label"),
            new NeuriteClassifier().setHiddenLayers(16).setMaxIter(20).setBatchSize(300).setStepSize(0.05).setSeed(1)});
        PipelineModel model = pipeline.fit(table);
        Dataset<Row> scored = model.transform(table);
        assertTrue(accuracy(scored, "label") > 0.95);
        assertTrue(List.of(scored.columns()).containsAll(List.of("rawPrediction", "probability", "prediction")));

        String path = dir.resolve("pipeline-model").toString();
        model.write().overwrite().save(path);
        PipelineModel loaded = PipelineModel.load(path);
        List<Row> before = scored.select("probability", "prediction").collectAsList();
        List<Row> after = loaded.transform(table).select("probability", "prediction").collectAsList();
        assertEquals(before, after);

        // The stage's data is a Neurite model file that plain neurite-core loads.
        Path stages = dir.resolve("pipeline-model/stages");
        Path file;
        try (Stream<Path> s = Files.walk(stages)) {
            file = s.filter(p -> p.getFileName().toString().equals("model.safetensors")).findFirst().orElseThrow();
        }
        Model core = ModelFile.load(file);
        NeuriteClassificationModel stage = (NeuriteClassificationModel) model.stages()[2];
        Vector v = scored.first().getAs("features");
        Matrix probabilities = core.network().predictProbabilities(Matrix.row(floats(v)));
        Vector sparkProbabilities = stage.predictProbability(v);
        for (int k = 0; k < 3; k++) {
            assertEquals(sparkProbabilities.apply(k), probabilities.get(0, k), 1e-6);
        }

        // The unfitted pipeline, estimator params included, saves and loads too.
        String estimatorPath = dir.resolve("pipeline").toString();
        pipeline.write().overwrite().save(estimatorPath);
        NeuriteClassifier reloaded = (NeuriteClassifier) Pipeline.load(estimatorPath).getStages()[2];
        assertArrayEquals(new int[] {16}, reloaded.getOrDefault(reloaded.hiddenLayers()));
        assertEquals(20, (Integer) reloaded.getOrDefault(reloaded.maxIter()));
    }

    private static float[] floats(Vector v) {
        float[] f = new float[v.size()];
        for (int j = 0; j < f.length; j++) {
            f[j] = (float) v.apply(j);
        }
        return f;
    }

    @Test
    void crossValidatorAndTrainValidationSplitTuneTwoParams() {
        Dataset<Row> data = SparkTests.blobs(spark, 240, 2);
        NeuriteClassifier mlp = new NeuriteClassifier().setHiddenLayers(8).setBatchSize(256).setSeed(2);
        ParamMap[] grid = new ParamGridBuilder()
                .addGrid(mlp.stepSize(), new double[] {0.05, 1e-5})
                .addGrid(mlp.maxIter(), new int[] {1, 8})
                .build();
        CrossValidatorModel cv = new CrossValidator().setEstimator(mlp).setEstimatorParamMaps(grid)
                .setEvaluator(new MulticlassClassificationEvaluator().setMetricName("accuracy"))
                .setNumFolds(2).setSeed(4).fit(data);
        assertEquals(4, cv.avgMetrics().length);
        NeuriteClassificationModel best = assertInstanceOf(NeuriteClassificationModel.class, cv.bestModel());
        // The long run at the large step wins (ParamGridBuilder's order is not fixed: find it).
        double[] metrics = cv.avgMetrics();
        int winner = -1;
        for (int i = 0; i < grid.length; i++) {
            if ((Double) grid[i].apply(mlp.stepSize()) == 0.05 && (Integer) grid[i].apply(mlp.maxIter()) == 8) {
                winner = i;
            }
        }
        for (int i = 0; i < grid.length; i++) {
            assertTrue(i == winner || metrics[winner] > metrics[i] + 0.1, java.util.Arrays.toString(metrics));
        }
        assertTrue(accuracy(best.transform(data), "label") > 0.85, java.util.Arrays.toString(metrics));

        ParamMap[] steps = new ParamGridBuilder().addGrid(mlp.stepSize(), new double[] {0.05, 1e-5}).build();
        TrainValidationSplitModel tvs = new TrainValidationSplit().setEstimator(mlp.copy(ParamMap.empty()).setMaxIter(8))
                .setEstimatorParamMaps(steps)
                .setEvaluator(new MulticlassClassificationEvaluator().setMetricName("accuracy"))
                .setTrainRatio(0.7).setSeed(4).fit(data);
        assertTrue(accuracy(tvs.bestModel().transform(data), "label") > 0.85, java.util.Arrays.toString(tvs.validationMetrics()));
    }

    @Test
    void regressorFitsALineAndSavesAsAModelFile(@TempDir Path dir) throws Exception {
        Dataset<Row> data = SparkTests.line(spark, 400, 2);
        NeuriteRegressionModel model = new NeuriteRegressor().setHiddenLayers(16).setActivation("tanh").setMaxIter(40)
                .setStepSize(0.02).setBatchSize(100).setCombineEvery(4).setSeed(5).fit(data);
        double rmse = new RegressionEvaluator().setMetricName("rmse").evaluate(model.transform(data));
        assertTrue(rmse < 0.15, "rmse " + rmse);
        String path = dir.resolve("regressor").toString();
        model.write().overwrite().save(path);
        NeuriteRegressionModel loaded = NeuriteRegressionModel.load(path);
        Vector v = Vectors.dense(0.3, -0.2);
        assertEquals(model.predict(v), loaded.predict(v));
        Model core = ModelFile.load(dir.resolve("regressor").resolve(ModelStore.DATA));
        assertEquals("mse", core.loss());
        assertEquals(model.predict(v), core.network().predict(Matrix.row(0.3f, -0.2f)).get(0, 0), 1e-6);
    }

    @Test
    void aValidationIndicatorColumnStopsEarlyAndKeepsTheBestEpoch() {
        Dataset<Row> data = SparkTests.blobs(spark, 300, 2);
        int[] epochs = {0};
        NeuriteClassificationModel model = new NeuriteClassifier().setHiddenLayers(16).setMaxIter(200)
                .setStepSize(0.05).setBatchSize(256).setPatience(2).setValidationIndicatorCol("isVal").setWeightCol("weight").setSeed(8)
                .setEpochListener((epoch, loss, validationLoss, network) -> {
                    assertTrue(Double.isFinite(validationLoss));
                    epochs[0]++;
                })
                .fit(data);
        assertTrue(epochs[0] < 200, "stopped early after " + epochs[0] + " epochs");
        Map<String, Object> training = model.neuriteModel().training();
        assertTrue(training.containsKey("best_epoch"), training.toString());
        assertTrue(accuracy(model.transform(data), "label") > 0.9);
    }

    @Test
    void fromFileWrapsAModelTrainedWithoutSpark(@TempDir Path dir) {
        Dataset<Row> data = SparkTests.blobs(spark, 150, 1);
        List<Row> rows = data.collectAsList();
        float[][] x = new float[rows.size()][];
        int[] labels = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            x[i] = floats((Vector) rows.get(i).get(0));
            labels[i] = (int) rows.get(i).getDouble(1);
        }
        Network network = new NetworkSpec(4, new int[] {8}, "relu", 0f, 3, 1).build();
        new Trainer(network, Losses.softmaxCrossEntropy(), Optimizers.adam(0.01f), TrainingConfig.DEFAULTS.withEpochs(10))
                .fit(dev.neurite.data.Dataset.ofClasses(x, labels));
        Path file = dir.resolve("cli.safetensors");
        NeuriteClassificationModel wrapped;
        try {
            ModelFile.save(new Model(network, "softmax_cross_entropy", null, Map.of()), file);
            wrapped = NeuriteClassificationModel.fromFile(file.toString());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        int[] expected = network.predictClasses(Matrix.of(x));
        List<Row> predicted = wrapped.transform(data).select("prediction").collectAsList();
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], predicted.get(i).getDouble(0), "row " + i);
        }
    }

    @Test
    void fromFileScoresAModelWithPeriodicEmbeddingsTrainedWithoutSpark(@TempDir Path dir) throws java.io.IOException {
        // the estimators build dense networks only; a model the CLI trained with --numeric-embedding scores here as any other
        Dataset<Row> data = SparkTests.blobs(spark, 150, 1);
        List<Row> rows = data.collectAsList();
        float[][] x = new float[rows.size()][];
        int[] labels = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            x[i] = floats((Vector) rows.get(i).get(0));
            labels[i] = (int) rows.get(i).getDouble(1);
        }
        Network network = Network.of(1, new dev.neurite.nn.PeriodicEmbedding(4, new int[] {0, 2, 3}, 8, 4, 0.1f, false),
                dev.neurite.nn.Layers.dense(13, 8, dev.neurite.nn.Activations.relu()), dev.neurite.nn.Layers.dense(8, 3));
        new Trainer(network, Losses.softmaxCrossEntropy(), Optimizers.adam(0.01f), TrainingConfig.DEFAULTS.withEpochs(10))
                .fit(dev.neurite.data.Dataset.ofClasses(x, labels));
        Path file = dir.resolve("plr.safetensors");
        ModelFile.save(new Model(network, "softmax_cross_entropy", null, Map.of()), file);
        NeuriteClassificationModel wrapped = NeuriteClassificationModel.fromFile(file.toString());
        int[] expected = network.predictClasses(Matrix.of(x));
        List<Row> predicted = wrapped.transform(data).select("prediction").collectAsList();
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], predicted.get(i).getDouble(0), "row " + i);
        }
    }

    @Test
    void anEnsembleModelFileIsRefusedWithAMessage(@TempDir Path dir) throws Exception {
        Network a = new NetworkSpec(4, new int[] {8}, "relu", 0f, 3, 1).build();
        Network b = new NetworkSpec(4, new int[] {8}, "relu", 0f, 3, 2).build();
        Path file = dir.resolve("ensemble.safetensors");
        ModelFile.save(Model.ensemble(List.of(a, b), "softmax_cross_entropy", null, Map.of(), Double.NaN), file);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NeuriteClassificationModel.fromFile(file.toString()));
        assertTrue(e.getMessage().contains("an ensemble of 2 networks") && e.getMessage().contains("neurite predict"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NeuriteRegressionModel.fromFile(file.toString()));
    }

    /** Runs {@code fit} in a job group and returns its error after checking how many jobs it ran. */
    private static IllegalArgumentException rejected(Supplier<Object> fit, int maxJobs) {
        String group = "bad-" + System.nanoTime();
        spark.sparkContext().setJobGroup(group, "bad input", false);
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, fit::get);
            int jobs = spark.sparkContext().statusTracker().getJobIdsForGroup(group).length;
            assertTrue(jobs <= maxJobs, jobs + " jobs ran before the error: " + e.getMessage());
            return e;
        } finally {
            spark.sparkContext().clearJobGroup();
        }
    }

    private static Dataset<Row> table(List<Row> rows) {
        return spark.createDataFrame(rows, SparkTests.SCHEMA);
    }

    private static Row row(Vector v, double label) {
        return RowFactory.create(v, label, 1.0, false);
    }

    @Test
    void badInputIsRejectedBeforeAnyTrainingJob() {
        NeuriteClassifier mlp = new NeuriteClassifier().setMaxIter(1);
        StructType text = new StructType().add("features", DataTypes.StringType).add("label", DataTypes.DoubleType);
        Dataset<Row> strings = spark.createDataFrame(List.of(RowFactory.create("1,2", 0.0)), text);
        assertTrue(rejected(() -> mlp.fit(strings), 0).getMessage().contains("features"));

        String sizes = rejected(() -> mlp.fit(table(List.of(row(Vectors.dense(1, 2), 0), row(Vectors.dense(1, 2, 3), 1)))
                .coalesce(1)), 1).getMessage();
        assertTrue(sizes.contains("size 2") && sizes.contains("size 3"), sizes);

        String fraction = rejected(() -> mlp.fit(table(List.of(row(Vectors.dense(1, 2), 0), row(Vectors.dense(3, 4), 1.5)))),
                1).getMessage();
        assertTrue(fraction.contains("1.5") && fraction.contains("StringIndexer"), fraction);
        String negative = rejected(() -> mlp.fit(table(List.of(row(Vectors.dense(1, 2), -1), row(Vectors.dense(3, 4), 1)))),
                1).getMessage();
        assertTrue(negative.contains("-1.0") && negative.contains("StringIndexer"), negative);

        String nan = rejected(() -> mlp.fit(table(List.of(row(Vectors.dense(1, Double.NaN), 0), row(Vectors.dense(3, 4), 1)))),
                1).getMessage();
        assertTrue(nan.contains("NaN") && nan.contains("index 1"), nan);

        String empty = rejected(() -> mlp.fit(table(List.of())), 1).getMessage();
        assertTrue(empty.contains("empty"), empty);

        String oneClass = rejected(() -> mlp.fit(table(List.of(row(Vectors.dense(1, 2), 0)))), 1).getMessage();
        assertTrue(oneClass.contains("two classes"), oneClass);

        String weights = rejected(() -> new NeuriteRegressor().setWeightCol("weight").fit(
                spark.createDataFrame(List.of(RowFactory.create(Vectors.dense(1), 0.5, -2.0, false)), SparkTests.SCHEMA)),
                1).getMessage();
        assertTrue(weights.contains("-2.0"), weights);
    }

    @Test
    void paramsAreValidatedWithTheValueInTheMessage() {
        NeuriteClassifier mlp = new NeuriteClassifier();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> mlp.setMaxIter(0)).getMessage().contains("got 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> mlp.setHiddenLayers(8, 0)).getMessage()
                .contains("[8, 0]"));
        String activation = assertThrows(IllegalArgumentException.class, () -> mlp.setActivation("sigmoidal")).getMessage();
        assertTrue(activation.contains("'sigmoidal'") && activation.contains("relu"), activation);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> mlp.setSolver("lbfgs")).getMessage().contains("'lbfgs'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> mlp.setDropout(1.0)).getMessage().contains("got 1.0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> mlp.setStepSize(-1)).getMessage().contains("got -1.0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new NeuriteRegressor().setLoss("softmax_cross_entropy"))
                .getMessage().contains("mse"));
        // The uid survives a copy and the params belong to it.
        NeuriteClassifier copy = mlp.setMaxIter(7).copy(ParamMap.empty());
        assertEquals(mlp.uid(), copy.uid());
        assertEquals(7, (Integer) copy.getOrDefault(copy.maxIter()));
        assertEquals(copy.uid(), copy.maxIter().parent());
        assertEquals(copy.uid(), copy.featuresCol().parent());
    }

    private static Row weightedRow(Vector v, double label, Double weight, boolean validation) {
        return RowFactory.create(v, label, weight, validation);
    }

    @Test
    void badWeightsAreRejectedNamingTheColumnAndTheValue() {
        NeuriteClassifier mlp = new NeuriteClassifier().setMaxIter(1).setWeightCol("weight").setValidationIndicatorCol("isVal");
        java.util.function.Function<List<Row>, String> fit = rows -> rejected(() -> mlp.fit(
                spark.createDataFrame(rows, SparkTests.SCHEMA).coalesce(1)), 1).getMessage();
        Vector a = Vectors.dense(1, 2);
        Vector b = Vectors.dense(3, 4);

        String negative = fit.apply(List.of(weightedRow(a, 0, 1.0, false), weightedRow(b, 1, -2.0, false)));
        assertTrue(negative.contains("'weight'") && negative.contains("-2.0") && negative.contains("row 1 of partition 0")
                && negative.contains(">= 0"), negative);
        String nan = fit.apply(List.of(weightedRow(a, 0, Double.NaN, false), weightedRow(b, 1, 1.0, false)));
        assertTrue(nan.contains("'weight'") && nan.contains("NaN") && nan.contains("row 0 of partition 0"), nan);
        String infinite = fit.apply(List.of(weightedRow(a, 0, 1.0, false), weightedRow(b, 1, 1e300, false)));
        assertTrue(infinite.contains("'weight'") && infinite.contains("1.0E300") && infinite.contains("finite"), infinite);
        String missing = fit.apply(List.of(weightedRow(a, 0, 1.0, false), weightedRow(b, 1, null, false)));
        assertTrue(missing.contains("'weight'") && missing.contains("null") && missing.contains("row 1 of partition 0"), missing);
        String zeros = fit.apply(List.of(weightedRow(a, 0, 0.0, false), weightedRow(b, 1, 0.0, false),
                weightedRow(b, 1, 5.0, true)));
        assertTrue(zeros.contains("every weight in the weight column 'weight' is 0") && zeros.contains("2 training rows"), zeros);
        String validationZeros = fit.apply(List.of(weightedRow(a, 0, 1.0, false), weightedRow(b, 1, 1.0, false),
                weightedRow(b, 1, 0.0, true)));
        assertTrue(validationZeros.contains("every validation row's weight") && validationZeros.contains("'weight'"),
                validationZeros);

        // Checked from the schema, with no job at all.
        Dataset<Row> numbers = table(List.of(row(a, 0), row(b, 1)));
        String unknown = rejected(() -> new NeuriteClassifier().setWeightCol("wieght").fit(numbers), 0).getMessage();
        assertTrue(unknown.contains("weightCol 'wieght' is not a column") && unknown.contains("weight, isVal"), unknown);
        Dataset<Row> text = numbers.withColumn("w", org.apache.spark.sql.functions.lit("heavy"));
        String nonNumeric = rejected(() -> new NeuriteClassifier().setWeightCol("w").fit(text), 0).getMessage();
        assertTrue(nonNumeric.contains("weightCol column 'w' has type string") && nonNumeric.contains("numeric"), nonNumeric);
        String label = rejected(() -> new NeuriteRegressor().setWeightCol("label").fit(numbers), 0).getMessage();
        assertTrue(label.contains("the weightCol 'label' is the labelCol"), label);

        // Class weights: malformed (the setter), a class that does not exist, and no row left that counts.
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new NeuriteClassifier().setClassWeight("0:2"))
                .getMessage().contains("'0:2'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new NeuriteClassifier().setClassWeight("1=-3"))
                .getMessage().contains("-3"));
        String noClass = rejected(() -> new NeuriteClassifier().setMaxIter(1).setClassWeight("7=2").fit(numbers), 1)
                .getMessage();
        assertTrue(noClass.contains("names class '7'") && noClass.contains("2 classes"), noClass);
        // Class 2 is only among the validation rows, and the classes that train weigh 0.
        Dataset<Row> classTwoHeldOut = table(List.of(row(a, 0), row(b, 1), RowFactory.create(b, 2.0, 1.0, true)));
        String nobody = rejected(() -> new NeuriteClassifier().setMaxIter(1).setValidationIndicatorCol("isVal")
                .setClassWeight("0=0,1=0").fit(classTwoHeldOut), 2).getMessage();
        assertTrue(nobody.contains("every training row weighs 0 with classWeight '0=0,1=0'")
                && nobody.contains("[0.0, 0.0, 1.0]"), nobody);
    }

    @Test
    void classWeightsByNameAndTheSummarySayWhetherTheLossIsWeighted(@TempDir Path dir) {
        Dataset<Row> table = irisLike(150).withColumn("w", org.apache.spark.sql.functions.lit(2.0));
        PipelineModel unweighted = new Pipeline().setStages(new PipelineStage[] {
            new VectorAssembler().setInputCols(new String[] {"a", "b", "c", "d"}).setOutputCol("features"),
            new StringIndexer().setInputCol("species").setOutputCol("label"),
            new NeuriteClassifier().setHiddenLayers(8).setMaxIter(2).setSeed(1)}).fit(table);
        Map<String, Object> plain = ((NeuriteClassificationModel) unweighted.stages()[2]).neuriteModel().training();
        assertEquals(Boolean.FALSE, plain.get("weighted"), plain.toString());
        assertEquals("unweighted", plain.get("loss_weighting"), plain.toString());

        PipelineModel model = new Pipeline().setStages(new PipelineStage[] {
            new VectorAssembler().setInputCols(new String[] {"a", "b", "c", "d"}).setOutputCol("features"),
            new StringIndexer().setInputCol("species").setOutputCol("label"),
            new NeuriteClassifier().setHiddenLayers(8).setMaxIter(2).setSeed(1).setWeightCol("w")
                    .setClassWeight("virginica=3, setosa=0.5")}).fit(table);
        NeuriteClassificationModel stage = (NeuriteClassificationModel) model.stages()[2];
        Map<String, Object> training = stage.neuriteModel().training();
        assertEquals(Boolean.TRUE, training.get("weighted"), training.toString());
        assertEquals("weighted by weightCol 'w' times classWeight virginica=3, setosa=0.5, scaled to a mean of 1 over the"
                + " training rows: (1/N) Σ w ℓ", training.get("loss_weighting"));
        assertEquals(Map.of("setosa", 0.5, "versicolor", 1.0, "virginica", 3.0), training.get("class_weights"));
        assertEquals("w", training.get("weight_col"));
        // The summary travels in the model file.
        stage.saveNeuriteFile(dir.resolve("m.safetensors").toString());
        Model core = ModelFile.load(dir.resolve("m.safetensors"));
        assertEquals(Boolean.TRUE, core.training().get("weighted"));
        assertEquals(training.get("class_weights"), core.training().get("class_weights"));
    }
}
