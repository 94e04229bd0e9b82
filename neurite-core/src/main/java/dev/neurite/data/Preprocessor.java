package dev.neurite.data;

import dev.neurite.InvalidInputException;
import dev.neurite.tensor.Matrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Turns the rows of a table into a network's inputs and targets, and predictions back into
 * labels and values; fitted once on training data and saved with the model, so the same
 * transformation is applied at prediction time.
 *
 * <ul>
 *   <li>Numeric feature columns are standardised, (x − μ) / σ.</li>
 *   <li>Text feature columns are one-hot encoded, categories in sorted order.</li>
 *   <li>A classification target becomes class indices 0 … k−1 of its sorted labels (numeric
 *       labels in numeric order); a regression target is standardised, and predictions are
 *       mapped back to its units.</li>
 * </ul>
 *
 * A column is numeric when every value is a decimal number, text when most values are not;
 * a column of numbers with a few words, an empty field, NaN or infinity is an error that names
 * the line and the value.
 */
public final class Preprocessor {
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern NON_FINITE = Pattern.compile("[+-]?(nan|inf|infinity)", Pattern.CASE_INSENSITIVE);
    private static final int MAX_INFERRED_CLASSES = 20;

    private final List<String> features;
    private final List<OneHotEncoder> encoders; // null for a numeric column
    private final Standardizer numericScaler;
    private final String target;
    private final Task task;
    private final List<String> classLabels;
    private final Standardizer targetScaler;
    private final List<String> warnings;

    /**
     * A preprocessor from its parts: the feature columns in order, an encoder for each text column
     * (null for numeric ones), the scaler of the numeric columns in order, and the target.
     */
    public Preprocessor(List<String> features, List<OneHotEncoder> encoders, Standardizer numericScaler,
                        String target, Task task, List<String> classLabels, Standardizer targetScaler) {
        this(features, encoders, numericScaler, target, task, classLabels, targetScaler, List.of());
    }

    private Preprocessor(List<String> features, List<OneHotEncoder> encoders, Standardizer numericScaler,
                         String target, Task task, List<String> classLabels, Standardizer targetScaler,
                         List<String> warnings) {
        if (features.size() != encoders.size()) {
            throw new IllegalArgumentException(features.size() + " feature names but " + encoders.size() + " encoders");
        }
        long numeric = encoders.stream().filter(Objects::isNull).count();
        if (numeric != numericScaler.columns()) {
            throw new IllegalArgumentException(numeric + " numeric columns but a scaler for " + numericScaler.columns());
        }
        this.features = List.copyOf(features);
        this.encoders = Collections.unmodifiableList(new ArrayList<>(encoders));
        this.numericScaler = numericScaler;
        this.target = Objects.requireNonNull(target, "target");
        this.task = Objects.requireNonNull(task, "task");
        this.classLabels = task == Task.CLASSIFICATION ? List.copyOf(classLabels) : List.of();
        if (task == Task.CLASSIFICATION && this.classLabels.size() < 2) {
            throw new IllegalArgumentException("a classifier needs two or more class labels, got " + classLabels);
        }
        if (task == Task.REGRESSION && (targetScaler == null || targetScaler.columns() != 1)) {
            throw new IllegalArgumentException("a regression target needs a one-column scaler");
        }
        this.targetScaler = targetScaler;
        this.warnings = List.copyOf(warnings);
    }

    /** For images: every pixel a numeric column scaled by 1/255, classes "0" … "k−1". */
    public static Preprocessor forImages(int rows, int cols, int classes) {
        List<String> names = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                names.add("pixel_" + r + "_" + c);
            }
        }
        float[] zeros = new float[names.size()];
        float[] scale = new float[names.size()];
        Arrays.fill(scale, 255f);
        List<String> labels = new ArrayList<>();
        for (int k = 0; k < classes; k++) {
            labels.add(Integer.toString(k));
        }
        return new Preprocessor(names, Collections.nCopies(names.size(), null), new Standardizer(zeros, scale),
                "label", Task.CLASSIFICATION, labels, null);
    }

    /**
     * Fits on {@code table}: every column but {@code target} is a feature. {@code task} may be
     * null: then a text target, or one of at most 20 distinct integers, means classification.
     */
    public static Preprocessor fit(CsvTable table, String target, Task task) {
        int targetColumn = table.columnIndex(target);
        if (table.columnCount() < 2) {
            throw new InvalidInputException(table.source() + ": the only column is the target '" + target + "'; there are no features");
        }
        List<String> warnings = new ArrayList<>();
        List<String> features = new ArrayList<>();
        List<OneHotEncoder> encoders = new ArrayList<>();
        List<float[]> numericValues = new ArrayList<>();
        for (int c = 0; c < table.columnCount(); c++) {
            if (c == targetColumn) {
                continue;
            }
            String name = table.header().get(c);
            features.add(name);
            if (isNumericColumn(table, c)) {
                encoders.add(null);
                numericValues.add(parseColumn(table, c));
            } else {
                Set<String> values = new LinkedHashSet<>();
                for (int r = 0; r < table.rowCount(); r++) {
                    values.add(table.value(r, c));
                }
                OneHotEncoder encoder = OneHotEncoder.fit(name, values);
                if (encoder.size() == 1) {
                    warnings.add("column '" + name + "' has one value only ('" + encoder.categories().get(0) + "'); it carries no information");
                } else if (encoder.size() > 100) {
                    warnings.add("text column '" + name + "' has " + encoder.size() + " distinct values, each one input; is it an identifier?");
                }
                encoders.add(encoder);
            }
        }
        Matrix numeric = new Matrix(table.rowCount(), numericValues.size());
        for (int j = 0; j < numericValues.size(); j++) {
            float[] v = numericValues.get(j);
            for (int r = 0; r < v.length; r++) {
                numeric.set(r, j, v[r]);
            }
        }
        Standardizer scaler = Standardizer.fit(numeric);
        for (int j = 0, k = 0; j < features.size(); j++) {
            if (encoders.get(j) == null) {
                if (scaler.wasConstant(k) && table.rowCount() > 1) {
                    warnings.add("column '" + features.get(j) + "' is constant (" + scaler.mean()[k] + "); it carries no information");
                }
                k++;
            }
        }

        Task chosen = task != null ? task : inferTask(table, targetColumn);
        List<String> labels = List.of();
        Standardizer targetScaler = null;
        if (chosen == Task.CLASSIFICATION) {
            labels = sortedLabels(table, targetColumn);
            if (labels.size() < 2) {
                throw new InvalidInputException(table.source() + ": the target '" + target + "' has one class only ('"
                        + labels.get(0) + "'); a classifier needs two or more");
            }
        } else {
            float[] y = parseColumn(table, targetColumn);
            targetScaler = Standardizer.fit(Matrix.column(y));
        }
        return new Preprocessor(features, encoders, scaler, target, chosen, labels, targetScaler, warnings);
    }

    private static Task inferTask(CsvTable table, int column) {
        if (!isNumericColumn(table, column)) {
            return Task.CLASSIFICATION;
        }
        Set<String> distinct = new TreeSet<>();
        for (int r = 0; r < table.rowCount(); r++) {
            String v = table.value(r, column).strip();
            if (!v.matches("[+-]?\\d+")) {
                return Task.REGRESSION;
            }
            distinct.add(v);
            if (distinct.size() > MAX_INFERRED_CLASSES) {
                return Task.REGRESSION;
            }
        }
        return Task.CLASSIFICATION;
    }

    private static List<String> sortedLabels(CsvTable table, int column) {
        Set<String> distinct = new TreeSet<>();
        boolean allNumbers = true;
        for (int r = 0; r < table.rowCount(); r++) {
            String v = table.value(r, column).strip();
            if (v.isEmpty()) {
                throw new InvalidInputException(table.where(r) + ": empty value in the target column '"
                        + table.header().get(column) + "'");
            }
            distinct.add(v);
            allNumbers &= DECIMAL.matcher(v).matches();
        }
        List<String> labels = new ArrayList<>(distinct);
        if (allNumbers) {
            labels.sort((a, b) -> Double.compare(Double.parseDouble(a), Double.parseDouble(b)));
        }
        return labels;
    }

    /** True when most values look like numbers; such a column must then be numbers throughout. */
    private static boolean isNumericColumn(CsvTable table, int column) {
        int numbers = 0;
        for (int r = 0; r < table.rowCount(); r++) {
            String v = table.value(r, column).strip();
            if (DECIMAL.matcher(v).matches() || NON_FINITE.matcher(v).matches()) {
                numbers++;
            }
        }
        return numbers * 2 > table.rowCount();
    }

    private static float[] parseColumn(CsvTable table, int column) {
        float[] v = new float[table.rowCount()];
        String name = table.header().get(column);
        for (int r = 0; r < v.length; r++) {
            v[r] = parseNumber(table.value(r, column), table.where(r), name);
        }
        return v;
    }

    /** The finite number in {@code text}, or an error naming {@code where}, the column and the text. */
    public static float parseNumber(String text, String where, String column) {
        String v = text.strip();
        if (v.isEmpty()) {
            throw new InvalidInputException(where + ": empty value in numeric column '" + column + "'");
        }
        if (NON_FINITE.matcher(v).matches()) {
            throw new InvalidInputException(where + ": '" + v + "' in numeric column '" + column + "' is not a finite number");
        }
        if (!DECIMAL.matcher(v).matches()) {
            throw new InvalidInputException(where + ": '" + v + "' in numeric column '" + column + "'");
        }
        float f = Float.parseFloat(v);
        if (!Float.isFinite(f)) {
            throw new InvalidInputException(where + ": '" + v + "' in numeric column '" + column + "' is too large for float32");
        }
        return f;
    }

    /** The encoded features of every row of {@code table}; the target column may be absent. */
    public Matrix encodeFeatures(CsvTable table) {
        int[] columns = new int[features.size()];
        List<String> missing = new ArrayList<>();
        for (int j = 0; j < features.size(); j++) {
            columns[j] = table.header().indexOf(features.get(j));
            if (columns[j] < 0) {
                missing.add(features.get(j));
            }
        }
        if (!missing.isEmpty()) {
            throw new InvalidInputException(table.source() + ": missing column" + (missing.size() == 1 ? " '" : "s '")
                    + String.join("', '", missing) + "' that the model was trained on");
        }
        int width = inputWidth();
        Matrix x = new Matrix(table.rowCount(), width);
        float[] d = x.data();
        float[] mean = numericScaler.mean();
        float[] scale = numericScaler.scale();
        for (int r = 0; r < table.rowCount(); r++) {
            int offset = r * width;
            for (int j = 0, k = 0; j < features.size(); j++) {
                String value = table.value(r, columns[j]);
                OneHotEncoder encoder = encoders.get(j);
                if (encoder == null) {
                    d[offset++] = (parseNumber(value, table.where(r), features.get(j)) - mean[k]) / scale[k];
                    k++;
                } else {
                    encoder.encode(value.strip(), d, offset, table.where(r));
                    offset += encoder.size();
                }
            }
        }
        return x;
    }

    /** Standardises raw numeric features (all columns numeric, as for images). */
    public Matrix encodeNumericFeatures(Matrix raw) {
        if (encoders.stream().anyMatch(Objects::nonNull)) {
            throw new IllegalStateException("this model has text columns; encode a table instead");
        }
        if (raw.columns() != features.size()) {
            throw new InvalidInputException("the model expects " + features.size() + " input values per example, got " + raw.columns());
        }
        Matrix x = raw.copy();
        numericScaler.transformInPlace(x);
        return x;
    }

    /** The encoded targets of every row: class indices, or standardised values. */
    public Matrix encodeTargets(CsvTable table) {
        int column = table.columnIndex(target);
        Matrix y = new Matrix(table.rowCount(), 1);
        for (int r = 0; r < table.rowCount(); r++) {
            String v = table.value(r, column).strip();
            if (task == Task.CLASSIFICATION) {
                int k = classLabels.indexOf(v);
                if (k < 0 && DECIMAL.matcher(v).matches()) {
                    k = indexOfNumericLabel(v);
                }
                if (k < 0) {
                    throw new InvalidInputException(table.where(r) + ": class '" + v + "' in column '" + target
                            + "' was not seen in training (known: " + String.join(", ", classLabels) + ")");
                }
                y.set(r, 0, k);
            } else {
                y.set(r, 0, parseNumber(v, table.where(r), target));
            }
        }
        if (task == Task.REGRESSION) {
            targetScaler.transformInPlace(y);
        }
        return y;
    }

    private int indexOfNumericLabel(String v) {
        double value = Double.parseDouble(v);
        for (int k = 0; k < classLabels.size(); k++) {
            String label = classLabels.get(k);
            if (DECIMAL.matcher(label).matches() && Double.parseDouble(label) == value) {
                return k;
            }
        }
        return -1;
    }

    /** Features and targets of every row of {@code table}. */
    public Dataset encode(CsvTable table) {
        return new Dataset(encodeFeatures(table), encodeTargets(table));
    }

    /** Maps standardised regression outputs back to the target's units, in place. */
    public void decodeValuesInPlace(Matrix outputs) {
        if (task != Task.REGRESSION) {
            throw new IllegalStateException("not a regression model");
        }
        targetScaler.inverseTransformInPlace(outputs);
    }

    /** Width of the encoded input: one per numeric column, one per category of each text column. */
    public int inputWidth() {
        int w = 0;
        for (OneHotEncoder e : encoders) {
            w += e == null ? 1 : e.size();
        }
        return w;
    }

    /** Width of the network's output: the number of classes, or 1. */
    public int outputWidth() {
        return task == Task.CLASSIFICATION ? classLabels.size() : 1;
    }

    public List<String> features() {
        return features;
    }

    /** The encoder of feature {@code j}, or null when it is numeric. */
    public OneHotEncoder encoder(int j) {
        return encoders.get(j);
    }

    public Standardizer numericScaler() {
        return numericScaler;
    }

    public String target() {
        return target;
    }

    public Task task() {
        return task;
    }

    public List<String> classLabels() {
        return classLabels;
    }

    /** The regression target's scaler, or null for classification. */
    public Standardizer targetScaler() {
        return targetScaler;
    }

    /** Things worth telling the user about the data (constant columns, many categories). */
    public List<String> warnings() {
        return warnings;
    }

    /** One line: features, kinds and target. */
    public String describe() {
        long text = encoders.stream().filter(Objects::nonNull).count();
        return String.format(Locale.ROOT, "%d features (%d numeric, %d text → %d inputs); target '%s', %s%s",
                features.size(), features.size() - text, text, inputWidth(), target, task.id(),
                task == Task.CLASSIFICATION ? " of " + classLabels.size() + " classes" : "");
    }
}
