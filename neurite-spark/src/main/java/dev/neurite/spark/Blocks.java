package dev.neurite.spark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.BooleanType$;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Turns a DataFrame into cached {@link Block}s, one per partition, and checks it first: the
 * columns' types from the schema (no job), then the values in the same pass that builds the
 * blocks, so that every bad input is reported before any training job runs.
 */
final class Blocks {
    private Blocks() {
    }

    /**
     * The cached blocks and what the driver learned of them: per partition its training rows, Σ w
     * of its training rows and its fingerprint; the classes' training rows (classification).
     */
    record Prepared(JavaRDD<Block> blocks, int features, int[] rows, long trainingRows, long validationRows,
            double maxLabel, long[] fingerprints, double[] weightSums, long[] classCounts) {
        void release() {
            blocks.unpersist(false);
        }
    }

    /** Checks the columns' types; throws IllegalArgumentException naming the column and its type. */
    static void checkSchema(StructType schema, String owner, String featuresCol, String labelCol, String weightCol,
            String validationCol) {
        DataType features = field(schema, featuresCol, "featuresCol").dataType();
        if (!features.equals(SQLDataTypes.VectorType())) {
            throw new IllegalArgumentException(owner + ": the features column '" + featuresCol + "' has type "
                    + features.simpleString() + "; it must be a vector (org.apache.spark.ml.linalg.Vector):"
                    + " assemble numeric columns with VectorAssembler");
        }
        requireNumeric(schema, labelCol, "labelCol", owner);
        if (weightCol != null) {
            requireNumeric(schema, weightCol, "weightCol", owner);
            if (weightCol.equals(labelCol)) {
                throw new IllegalArgumentException(owner + ": the weightCol '" + weightCol + "' is the labelCol; give the row"
                        + " weights their own column");
            }
        }
        if (validationCol != null) {
            DataType t = field(schema, validationCol, "validationIndicatorCol").dataType();
            if (!(t instanceof BooleanType$)) {
                throw new IllegalArgumentException(owner + ": the validation indicator column '" + validationCol
                        + "' has type " + t.simpleString() + "; it must be boolean");
            }
        }
    }

    private static StructField field(StructType schema, String name, String param) {
        for (StructField f : schema.fields()) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException(param + " '" + name + "' is not a column; the columns are "
                + java.util.Arrays.toString(schema.fieldNames()));
    }

    private static void requireNumeric(StructType schema, String name, String param, String owner) {
        DataType t = field(schema, name, param).dataType();
        if (!(t instanceof NumericType)) {
            throw new IllegalArgumentException(owner + ": the " + param + " column '" + name + "' has type "
                    + t.simpleString() + "; it must be numeric"
                    + (param.equals("labelCol") ? " (index string labels with StringIndexer)" : ""));
        }
    }

    /**
     * Caches {@code data} as blocks and checks every value; throws IllegalArgumentException (with
     * the column, the value and where it is) on NaN or infinite features, vectors of differing
     * sizes, labels that are not class indices 0..K−1 (classification) or not finite, weights
     * that are negative or not finite, and an empty data set.
     */
    static Prepared prepare(Dataset<?> data, String owner, String featuresCol, String labelCol, String weightCol,
            String validationCol, boolean classification) {
        checkSchema(data.schema(), owner, featuresCol, labelCol, weightCol, validationCol);
        List<Column> cols = new ArrayList<>();
        cols.add(functions.col(featuresCol));
        cols.add(functions.col(labelCol).cast("double"));
        cols.add(weightCol == null ? functions.lit(1.0) : functions.col(weightCol).cast("double"));
        cols.add(validationCol == null ? functions.lit(false) : functions.col(validationCol));
        Dataset<Row> selected = data.select(cols.toArray(Column[]::new));
        boolean weighted = weightCol != null;
        Columns names = new Columns(featuresCol, labelCol, weightCol, validationCol);
        JavaRDD<Block> blocks = selected.javaRDD()
                .mapPartitionsWithIndex((index, rows) -> Collections.singletonList(
                        build(index, rows, weighted, classification, names)).iterator(), true);
        blocks.persist(StorageLevel.MEMORY_AND_DISK());
        List<Block.Summary> summaries = blocks.map(Block::summary).collect();
        try {
            return check(blocks, summaries, owner, featuresCol, weightCol);
        } catch (RuntimeException e) {
            blocks.unpersist(false);
            throw e;
        }
    }

    private static Prepared check(JavaRDD<Block> blocks, List<Block.Summary> summaries, String owner, String featuresCol,
            String weightCol) {
        int features = -1;
        int firstPartition = -1;
        long training = 0;
        long validation = 0;
        double maxLabel = Double.NEGATIVE_INFINITY;
        int[] rows = new int[summaries.size()];
        long[] fingerprints = new long[summaries.size()];
        double[] weightSums = new double[summaries.size()];
        long[] classCounts = null;
        double validationWeight = 0;
        for (Block.Summary s : summaries) {
            if (s.problem() != null) {
                throw new IllegalArgumentException(owner + ": " + s.problem());
            }
            rows[s.partition()] = s.rows();
            fingerprints[s.partition()] = s.fingerprint();
            weightSums[s.partition()] = s.weightSum();
            validationWeight += s.validationWeightSum();
            if (s.classCounts() != null) {
                long[] c = s.classCounts();
                classCounts = classCounts == null ? new long[c.length]
                        : java.util.Arrays.copyOf(classCounts, Math.max(classCounts.length, c.length));
                for (int k = 0; k < c.length; k++) {
                    classCounts[k] += c[k];
                }
            }
            training += s.rows();
            validation += s.validationRows();
            if (s.rows() + s.validationRows() == 0) {
                continue;
            }
            maxLabel = Math.max(maxLabel, s.maxLabel());
            if (features < 0) {
                features = s.features();
                firstPartition = s.partition();
            } else if (features != s.features()) {
                throw new IllegalArgumentException(owner + ": the features column '" + featuresCol
                        + "' holds vectors of size " + features + " (partition " + firstPartition + ") and of size "
                        + s.features() + " (partition " + s.partition() + "); every vector must have the same size");
            }
        }
        if (training + validation == 0) {
            throw new IllegalArgumentException(owner + ": the data set is empty (0 rows)");
        }
        if (training == 0) {
            throw new IllegalArgumentException(owner + ": every one of the " + validation
                    + " rows is a validation row; none is left to train on");
        }
        if (weightCol != null) {
            double total = 0;
            for (double w : weightSums) {
                total += w;
            }
            if (total == 0) {
                throw new IllegalArgumentException(owner + ": every weight in the weight column '" + weightCol + "' is 0 ("
                        + training + " training rows); at least one row must count");
            }
            if (validation > 0 && validationWeight == 0) {
                throw new IllegalArgumentException(owner + ": every validation row's weight in the weight column '" + weightCol
                        + "' is 0 (" + validation + " rows); the validation loss would be 0 at every epoch");
            }
        }
        return new Prepared(blocks, features, rows, training, validation, maxLabel, fingerprints, weightSums,
                classCounts == null ? new long[0] : classCounts);
    }

    record Columns(String features, String label, String weight, String validation) implements java.io.Serializable {
    }

    /** One partition's rows into a block, recording the first bad value instead of throwing in the task. */
    static Block build(int partition, Iterator<Row> rows, boolean weighted, boolean classification, Columns names) {
        List<float[]> xs = new ArrayList<>();
        List<float[]> vxs = new ArrayList<>();
        FloatList y = new FloatList();
        FloatList w = new FloatList();
        FloatList vy = new FloatList();
        FloatList vw = new FloatList();
        int size = -1;
        double maxLabel = Double.NEGATIVE_INFINITY;
        double weightSum = 0;
        double validationWeightSum = 0;
        String problem = null;
        int r = -1;
        while (rows.hasNext() && problem == null) {
            Row row = rows.next();
            r++;
            String where = "(row " + r + " of partition " + partition + ")";
            Object v = row.get(0);
            if (v == null) {
                problem = "the features column '" + names.features() + "' is null " + where;
                break;
            }
            Vector vector = (Vector) v;
            if (size < 0) {
                size = vector.size();
            } else if (vector.size() != size) {
                problem = "the features column '" + names.features() + "' holds vectors of size " + size + " and of size "
                        + vector.size() + " " + where + "; every vector must have the same size";
                break;
            }
            float[] f = new float[size];
            for (int j = 0; j < size; j++) {
                double value = vector.apply(j);
                if (!Double.isFinite(value)) {
                    problem = "the features column '" + names.features() + "' holds " + value + " at index " + j + " "
                            + where + "; drop or impute missing values first (e.g. with Imputer)";
                    break;
                }
                f[j] = (float) value;
            }
            if (problem != null) {
                break;
            }
            if (row.isNullAt(1)) {
                problem = "the label column '" + names.label() + "' is null " + where;
                break;
            }
            double label = row.getDouble(1);
            if (classification && !(label >= 0 && label == Math.rint(label) && label < 1 << 24)) {
                problem = "the label column '" + names.label() + "' holds " + label + " " + where
                        + ", which is not a class index 0, 1, …, K−1; index the labels with StringIndexer";
                break;
            }
            if (!Double.isFinite(label)) {
                problem = "the label column '" + names.label() + "' holds " + label + " " + where + "; labels must be finite";
                break;
            }
            if (row.isNullAt(2)) {
                problem = "the weight column '" + names.weight() + "' is null " + where
                        + "; every row needs a weight (drop the row or fill the weight first)";
                break;
            }
            double weight = row.getDouble(2);
            if (!(weight >= 0) || !Float.isFinite((float) weight)) {
                problem = "the weight column '" + names.weight() + "' holds " + weight + " " + where
                        + (weight < 0 ? "; weights must be >= 0" : "; weights must be finite numbers >= 0 (within float's range)");
                break;
            }
            boolean held = !row.isNullAt(3) && row.getBoolean(3);
            maxLabel = Math.max(maxLabel, label);
            // The weight as Neurite holds it (a float), summed in row order as Trainer.fit sums it.
            float w32 = (float) weight;
            if (held) {
                vxs.add(f);
                vy.add((float) label);
                vw.add(w32);
                validationWeightSum += w32;
            } else {
                xs.add(f);
                y.add((float) label);
                w.add(w32);
                weightSum += w32;
            }
        }
        int features = Math.max(size, 0);
        float[] labels = y.toArray();
        long[] classCounts = null;
        if (classification && problem == null) {
            classCounts = new long[maxLabel >= 0 ? (int) maxLabel + 1 : 0];
            for (float label : labels) {
                classCounts[(int) label]++;
            }
        }
        return new Block(partition, features, xs.size(), pack(xs, features), labels, weighted ? w.toArray() : null,
                vxs.size(), pack(vxs, features), vy.toArray(), weighted ? vw.toArray() : null, maxLabel,
                weighted ? weightSum : xs.size(), weighted ? validationWeightSum : vxs.size(), classCounts, problem);
    }

    private static float[] pack(List<float[]> rows, int features) {
        float[] out = new float[rows.size() * features];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, out, i * features, features);
        }
        return out;
    }

    /** A growable float array. */
    private static final class FloatList {
        private float[] values = new float[64];
        private int size;

        void add(float v) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        float[] toArray() {
            return java.util.Arrays.copyOf(values, size);
        }
    }
}
