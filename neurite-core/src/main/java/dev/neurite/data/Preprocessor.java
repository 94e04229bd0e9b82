package dev.neurite.data;

import dev.neurite.InvalidInputException;
import dev.neurite.tensor.Matrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns the rows of a table into a network's inputs and targets, and predictions back into
 * labels and values; fitted once on training data and saved with the model, so the same
 * transformation is applied at prediction time.
 *
 * <ul>
 *   <li>Numeric feature columns are standardised, (x − μ) / σ. A missing value is replaced by
 *       the column's training median; a column that had missing values in training also gets
 *       a second input, 1 where the value was missing and 0 elsewhere.</li>
 *   <li>Text feature columns are one-hot encoded, categories in sorted order (values trimmed);
 *       a missing value is a category of its own. A value not seen in training is scored as
 *       unknown (all inputs of the column 0), or refused (see {@link UnseenCategories}).</li>
 *   <li>A classification target becomes class indices 0 … k−1 of its sorted labels (numeric
 *       labels in numeric order); a regression target is standardised, and predictions are
 *       mapped back to its units. Rows whose target is missing are left out, with a warning.</li>
 * </ul>
 *
 * Which cells are missing is set by {@link MissingValues} (empty cells, NA, N/A, NaN, null and ?
 * by default), saved with the rest. A column is numeric when most of its present values are
 * decimal numbers; the others in it are then errors that name the line and the value. A column
 * of true/false, yes/no or y/n is one 0/1 input; a column of ISO-8601 dates or timestamps is one
 * numeric input, the days since 1970-01-01 (UTC, the time of day as a fraction), standardised.
 * Which columns are features is set by a {@link ColumnChoice}; by default a column that looks
 * like an identifier (a distinct value on nearly every row) is left out. {@link #roles()} says
 * what each column became and why.
 */
public final class Preprocessor {
    private static final int MAX_INFERRED_CLASSES = 20;
    /** A text column with more distinct values than this pools its rare ones into 'other'. */
    public static final int POOL_ABOVE = 20;
    /** Values seen fewer times than this are rare. */
    public static final int POOL_BELOW = 3;
    /** A text column with more distinct values than this gets a learned embedding. */
    public static final int EMBED_ABOVE = 50;

    /** Rows a table needs before a column can be judged an identifier. */
    private static final int IDENTIFIER_MIN_ROWS = 20;

    /** How the cells of a numeric input are read. */
    public enum NumericKind {
        /** A decimal number, standardised. */
        NUMBER,
        /** true/false, yes/no, y/n: 1 or 0, not rescaled. */
        BOOLEAN,
        /** An ISO-8601 date or timestamp: days since 1970-01-01, standardised. */
        DATE;

        /** "numeric", "boolean" or "date", as in the model file. */
        public String id() {
            return this == NUMBER ? "numeric" : name().toLowerCase(Locale.ROOT);
        }
    }

    private final List<String> features;
    private final List<OneHotEncoder> encoders; // null for a numeric column
    private final Standardizer numericScaler;
    private final float[] fill; // per numeric column: the value a missing cell takes
    private final boolean[] indicator; // per numeric column: a "was missing" input follows
    private final NumericKind[] kinds; // per numeric column
    private final List<ColumnRole> roles;
    private final MissingValues missing;
    private final String target;
    private final Task task;
    private final List<String> classLabels;
    private final Standardizer targetScaler;
    private final List<String> warnings;

    /**
     * A preprocessor from its parts: the feature columns in order, an encoder for each text column
     * (null for numeric ones), the scaler of the numeric columns in order, and the target. Missing
     * numeric values take the column's mean; only empty cells are missing.
     */
    public Preprocessor(List<String> features, List<OneHotEncoder> encoders, Standardizer numericScaler,
                        String target, Task task, List<String> classLabels, Standardizer targetScaler) {
        this(features, encoders, numericScaler, numericScaler.mean(), new boolean[numericScaler.columns()], null,
                MissingValues.EMPTY_ONLY, target, task, classLabels, targetScaler, null, List.of());
    }

    /**
     * A preprocessor from its parts, with the handling of missing values: {@code fill[k]} is the
     * value a missing cell of numeric column k takes, {@code indicator[k]} whether that column
     * has a "was missing" input, and {@code missing} says which cells are missing.
     */
    public Preprocessor(List<String> features, List<OneHotEncoder> encoders, Standardizer numericScaler,
                        float[] fill, boolean[] indicator, MissingValues missing,
                        String target, Task task, List<String> classLabels, Standardizer targetScaler) {
        this(features, encoders, numericScaler, fill, indicator, null, missing, target, task, classLabels, targetScaler, null, List.of());
    }

    /**
     * A preprocessor from all its parts: as above, with how each numeric column's cells are read
     * ({@code kinds}, null for numbers throughout) and what each column of the training table
     * became ({@code roles}, null to describe the features only).
     */
    public Preprocessor(List<String> features, List<OneHotEncoder> encoders, Standardizer numericScaler,
                        float[] fill, boolean[] indicator, NumericKind[] kinds, MissingValues missing,
                        String target, Task task, List<String> classLabels, Standardizer targetScaler, List<ColumnRole> roles) {
        this(features, encoders, numericScaler, fill, indicator, kinds, missing, target, task, classLabels, targetScaler, roles, List.of());
    }

    private Preprocessor(List<String> features, List<OneHotEncoder> encoders, Standardizer numericScaler,
                         float[] fill, boolean[] indicator, NumericKind[] kinds, MissingValues missing,
                         String target, Task task, List<String> classLabels, Standardizer targetScaler,
                         List<ColumnRole> roles, List<String> warnings) {
        if (features.size() != encoders.size()) {
            throw new IllegalArgumentException(features.size() + " feature names but " + encoders.size() + " encoders");
        }
        long numeric = encoders.stream().filter(Objects::isNull).count();
        if (numeric != numericScaler.columns()) {
            throw new IllegalArgumentException(numeric + " numeric columns but a scaler for " + numericScaler.columns());
        }
        if (fill.length != numeric || indicator.length != numeric) {
            throw new IllegalArgumentException(numeric + " numeric columns but " + fill.length + " fill values and "
                    + indicator.length + " missing indicators");
        }
        for (int k = 0; k < fill.length; k++) {
            if (!Float.isFinite(fill[k])) {
                throw new IllegalArgumentException("numeric column " + k + ": the fill value for missing cells is " + fill[k]);
            }
        }
        this.features = List.copyOf(features);
        this.encoders = Collections.unmodifiableList(new ArrayList<>(encoders));
        this.numericScaler = numericScaler;
        this.fill = fill.clone();
        this.indicator = indicator.clone();
        if (kinds != null && kinds.length != numeric) {
            throw new IllegalArgumentException(numeric + " numeric columns but " + kinds.length + " numeric kinds");
        }
        this.kinds = kinds == null ? filled(fill.length) : kinds.clone();
        this.missing = Objects.requireNonNull(missing, "missing");
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
        this.roles = roles != null ? List.copyOf(roles) : describedRoles();
    }

    private static NumericKind[] filled(int n) {
        NumericKind[] k = new NumericKind[n];
        Arrays.fill(k, NumericKind.NUMBER);
        return k;
    }

    /** Roles from the features alone, for preprocessors built from parts. */
    private List<ColumnRole> describedRoles() {
        List<ColumnRole> out = new ArrayList<>();
        for (int j = 0, k = 0; j < features.size(); j++) {
            OneHotEncoder e = encoders.get(j);
            if (e == null) {
                out.add(new ColumnRole(features.get(j), kinds[k].id(), indicator[k] ? "missing values marked in an extra input" : ""));
                k++;
            } else {
                out.add(new ColumnRole(features.get(j), "text", e.size() + " categories → " + e.size() + " inputs"));
            }
        }
        out.add(new ColumnRole(target, "target", task.id()));
        return out;
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
     * Fits on {@code table} with the default missing-value tokens: every column but
     * {@code target} is a feature. {@code task} may be null: then a text target, or one of at
     * most 20 distinct integers, means classification.
     */
    public static Preprocessor fit(TableRows table, String target, Task task) {
        return fit(table, target, task, MissingValues.DEFAULTS);
    }

    /** Fits on {@code table}, {@code missing} saying which cells are missing. */
    public static Preprocessor fit(TableRows table, String target, Task task, MissingValues missing) {
        return fit(table, target, task, missing, ColumnChoice.AUTO);
    }

    /** Fits on {@code table}, {@code missing} saying which cells are missing and {@code choice} which columns are features. */
    public static Preprocessor fit(TableRows table, String target, Task task, MissingValues missing, ColumnChoice choice) {
        int targetColumn = columnIndex(table, target);
        if (table.header().size() < 2) {
            throw new InvalidInputException(table.source() + ": the only column is the target '" + target + "'; there are no features");
        }
        Set<Integer> named = ColumnChoice.resolve(choice.features(), table.header(), "--features", table.source());
        Set<Integer> ignored = ColumnChoice.resolve(choice.ignore(), table.header(), "--ignore", table.source());
        if (named.contains(targetColumn)) {
            throw new InvalidInputException(table.source() + ": --features names the target '" + target + "'; it cannot be a feature too");
        }
        List<ColumnRole> roles = new ArrayList<>();
        List<NumericKind> kindList = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<String> features = new ArrayList<>();
        List<OneHotEncoder> encoders = new ArrayList<>();
        List<float[]> moments = new ArrayList<>(); // per numeric column: mean and σ of its values, missing ones filled
        List<Float> fills = new ArrayList<>();
        List<Boolean> indicators = new ArrayList<>();
        Problems problems = new Problems();
        for (int c = 0; c < table.header().size(); c++) {
            if (c == targetColumn) {
                continue;
            }
            String name = table.header().get(c);
            if (ignored.contains(c) || (!named.isEmpty() && !named.contains(c))) {
                roles.add(new ColumnRole(name, "left out", ignored.contains(c) ? "--ignore" : "not in --features"));
                continue;
            }
            Cells cells = Cells.of(table, c, missing);
            NumericKind kind = cells.kind();
            String identifier = named.contains(c) ? null : cells.identifier(name, kind, IDENTIFIER_MIN_ROWS);
            if (identifier != null) {
                roles.add(new ColumnRole(name, "left out", identifier));
                warnings.add("column '" + name + "' left out: " + identifier + " (--features " + name + " keeps it)");
                continue;
            }
            features.add(name);
            if (kind != null) {
                encoders.add(null);
                kindList.add(kind);
                float[] v = new float[table.rowCount()];
                boolean[] absent = new boolean[v.length];
                int absentCount = parseColumn(table, cells, kind, name, v, absent, problems);
                float median = median(v, absent, v.length - absentCount);
                for (int r = 0; r < v.length; r++) {
                    if (absent[r]) {
                        v[r] = median;
                    }
                }
                moments.add(Standardizer.moments(v));
                fills.add(median);
                indicators.add(absentCount > 0);
                if (absentCount > 0) {
                    warnings.add(String.format(Locale.ROOT, "column '%s': %,d of %,d values missing, filled with the median %s and marked in an extra input",
                            name, absentCount, v.length, median));
                }
                String why = switch (kind) {
                    case NUMBER -> "decimal numbers, standardised";
                    case BOOLEAN -> "true/false values → one 0/1 input";
                    case DATE -> "ISO dates → days since 1970-01-01, standardised";
                };
                roles.add(new ColumnRole(name, kind.id(), why + (absentCount > 0
                        ? String.format(Locale.ROOT, "; %,d missing → median and a missing input", absentCount) : "")));
            } else {
                Map<String, Integer> counts = cells.categoryCounts();
                OneHotEncoder encoder = textEncoder(name, counts);
                if (encoder.size() == 1) {
                    warnings.add("column '" + name + "' has one value only ('" + OneHotEncoder.display(encoder.categories().get(0))
                            + "'); it carries no information");
                }
                encoders.add(encoder);
                int pooled = counts.size() - encoder.categories().size();
                if (encoder.embedded()) {
                    roles.add(new ColumnRole(name, "embedding", String.format(Locale.ROOT,
                            "%,d distinct values; the %,d seen twice or more and 'other' → an embedding of %d learned inputs",
                            counts.size(), encoder.categories().size(), embeddingDimension(encoder.size()))));
                } else {
                    roles.add(new ColumnRole(name, "text", encoder.size() + " categories → " + encoder.size() + " one-hot inputs"
                            + (pooled > 0 ? String.format(Locale.ROOT, " (%d values seen under %d times pooled into 'other')", pooled, POOL_BELOW) : "")));
                }
            }
        }
        if (features.isEmpty()) {
            throw new InvalidInputException(table.source() + ": no feature columns are left (" + roles.stream()
                    .map(r -> r.name() + ": " + r.reason()).reduce((a, b) -> a + "; " + b).orElse("") + ")");
        }
        Cells targetCells = Cells.of(table, targetColumn, missing);
        Task chosen = task != null ? task : !targetCells.isNumeric() || targetCells.fewIntegers(MAX_INFERRED_CLASSES)
                ? Task.CLASSIFICATION : Task.REGRESSION;
        List<String> labels = List.of();
        Standardizer targetScaler = null;
        if (chosen == Task.CLASSIFICATION) {
            labels = targetCells.sortedValues();
            if (labels.isEmpty()) {
                throw new InvalidInputException(table.source() + ": every value of the target '" + target + "' is missing");
            }
            if (labels.size() < 2) {
                throw new InvalidInputException(table.source() + ": the target '" + target + "' has one class only ('"
                        + labels.get(0) + "'); a classifier needs two or more");
            }
        } else {
            float[] y = new float[table.rowCount()];
            boolean[] absent = new boolean[y.length];
            int absentCount = parseColumn(table, targetCells, NumericKind.NUMBER, target, y, absent, problems);
            problems.throwIfAny();
            if (absentCount == y.length) {
                throw new InvalidInputException(table.source() + ": every value of the target '" + target + "' is missing");
            }
            float[] present = new float[y.length - absentCount];
            for (int r = 0, i = 0; r < y.length; r++) {
                if (!absent[r]) {
                    present[i++] = y[r];
                }
            }
            targetScaler = Standardizer.fit(Matrix.column(present));
        }
        problems.throwIfAny();

        float[] mu = new float[moments.size()];
        float[] sigma = new float[moments.size()];
        for (int k = 0; k < mu.length; k++) {
            mu[k] = moments.get(k)[0];
            sigma[k] = moments.get(k)[1];
        }
        Standardizer fitted = new Standardizer(mu, sigma);
        for (int k = 0; k < kindList.size(); k++) {
            if (kindList.get(k) == NumericKind.BOOLEAN) {
                mu[k] = 0f; // a 0/1 input as it is
                sigma[k] = 1f;
            }
        }
        Standardizer scaler = new Standardizer(mu, sigma);
        for (int j = 0, k = 0; j < features.size(); j++) {
            if (encoders.get(j) == null) {
                if (fitted.wasConstant(k) && table.rowCount() > 1) {
                    warnings.add("column '" + features.get(j) + "' is constant (" + scaler.mean()[k] + "); it carries no information");
                }
                k++;
            }
        }
        float[] fill = new float[fills.size()];
        boolean[] indicator = new boolean[fills.size()];
        for (int k = 0; k < fill.length; k++) {
            fill[k] = fills.get(k);
            indicator[k] = indicators.get(k);
        }
        roles.add(targetColumn < roles.size() ? targetColumn : roles.size(), new ColumnRole(target, "target",
                chosen == Task.CLASSIFICATION ? "classification of " + labels.size() + " classes" : "regression"));
        return new Preprocessor(features, encoders, scaler, fill, indicator, kindList.toArray(NumericKind[]::new), missing,
                target, chosen, labels, targetScaler, roles, warnings);
    }

    private static int columnIndex(TableRows table, String name) {
        int i = table.header().indexOf(name);
        if (i < 0) {
            throw new InvalidInputException(table.source() + ": no column '" + name + "'; the columns are " + String.join(", ", table.header()));
        }
        return i;
    }

    /**
     * The encoder of a text column with these value counts: one-hot for up to {@link #POOL_ABOVE}
     * values; one-hot with values seen under {@link #POOL_BELOW} times pooled into 'other' up to
     * {@link #EMBED_ABOVE}; beyond, an embedding of the values seen twice or more, and 'other'.
     */
    private static OneHotEncoder textEncoder(String name, Map<String, Integer> counts) {
        if (counts.size() <= POOL_ABOVE) {
            return OneHotEncoder.fit(name, counts.keySet());
        }
        boolean embed = counts.size() > EMBED_ABOVE;
        int least = embed ? 2 : POOL_BELOW;
        List<String> kept = new ArrayList<>();
        counts.forEach((v, n) -> {
            if (n >= least) {
                kept.add(v);
            }
        });
        if (kept.isEmpty()) {
            kept.addAll(counts.keySet()); // none is frequent enough to stand alone: keep them all rather than only 'other'
        }
        Collections.sort(kept);
        if (!embed && kept.size() == counts.size()) {
            return new OneHotEncoder(name, kept);
        }
        return new OneHotEncoder(name, kept, true, embed);
    }

    /** The width of the embedding of a column of {@code vocabulary} categories: min(16, round(1.6·n^0.56)). */
    public static int embeddingDimension(int vocabulary) {
        return Math.max(2, Math.min(16, (int) Math.round(1.6 * Math.pow(vocabulary, 0.56))));
    }

    /** An embedded text column: its input's position, its number of categories ('other' included) and the embedding's width. */
    public record EmbeddedInput(String column, int input, int vocabulary, int dimension) {
    }

    /** The embedded text columns, in input order. */
    public List<EmbeddedInput> embeddedInputs() {
        List<EmbeddedInput> out = new ArrayList<>();
        for (int j = 0, offset = 0, k = 0; j < features.size(); j++) {
            OneHotEncoder e = encoders.get(j);
            if (e == null) {
                offset += indicator[k++] ? 2 : 1;
            } else {
                if (e.embedded()) {
                    out.add(new EmbeddedInput(features.get(j), offset, e.size(), embeddingDimension(e.size())));
                }
                offset += e.width();
            }
        }
        return out;
    }

    /**
     * The positions in the encoded input of the standardised numbers: the numeric and date
     * columns, in input order; not booleans, was-missing flags, one-hot columns or category indices.
     */
    public int[] numericInputs() {
        List<Integer> out = new ArrayList<>();
        for (int j = 0, offset = 0, k = 0; j < features.size(); j++) {
            OneHotEncoder e = encoders.get(j);
            if (e == null) {
                if (kinds[k] != NumericKind.BOOLEAN) {
                    out.add(offset);
                }
                offset += indicator[k++] ? 2 : 1;
            } else {
                offset += e.width();
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The median of the present values (0 when there are none). */
    private static float median(float[] v, boolean[] absent, int present) {
        if (present == 0) {
            return 0f;
        }
        int[] keys = new int[present]; // floats as ints that order as Arrays.sort orders the floats (−0 before 0)
        for (int r = 0, i = 0; r < v.length; r++) {
            if (!absent[r]) {
                int bits = Float.floatToIntBits(v[r]);
                keys[i++] = bits ^ ((bits >> 31) & 0x7fffffff);
            }
        }
        int half = present / 2;
        float upper = unkey(select(keys, half));
        if (present % 2 == 1) {
            return upper;
        }
        int lower = keys[0];
        for (int i = 1; i < half; i++) {
            lower = Math.max(lower, keys[i]); // select left the smaller half in front
        }
        return (float) (((double) unkey(lower) + upper) / 2);
    }

    private static float unkey(int key) {
        return Float.intBitsToFloat(key ^ ((key >> 31) & 0x7fffffff));
    }

    /**
     * The {@code k}-th smallest of {@code a} (from 0), by quickselect in expected linear time;
     * leaves the {@code k} smaller ones in {@code a[0 … k−1]}.
     */
    static int select(int[] a, int k) {
        int lo = 0;
        int hi = a.length - 1;
        long seed = 0x9E3779B97F4A7C15L;
        while (lo < hi) {
            seed = seed * 6364136223846793005L + 1442695040888963407L;
            int pivot = a[lo + (int) ((seed >>> 33) % (hi - lo + 1))];
            int lt = lo;
            int gt = hi;
            int i = lo;
            while (i <= gt) { // three-way partition: < pivot, == pivot, > pivot
                if (a[i] < pivot) {
                    int t = a[lt];
                    a[lt++] = a[i];
                    a[i++] = t;
                } else if (a[i] > pivot) {
                    int t = a[gt];
                    a[gt--] = a[i];
                    a[i] = t;
                } else {
                    i++;
                }
            }
            if (k < lt) {
                hi = lt - 1;
            } else if (k > gt) {
                lo = gt + 1;
            } else {
                return pivot;
            }
        }
        return a[k];
    }

    /** Parses the cells into {@code out}, marking missing cells in {@code absent}; returns their count. Problems name the row. */
    private static int parseColumn(TableRows table, Cells cells, NumericKind kind, String name, float[] out, boolean[] absent,
                                   Problems problems) {
        float[] values = new float[cells.codes()];
        String[] wrong = new String[cells.codes()];
        cells.readCodes(kind, name, values, wrong);
        Column column = cells.column;
        int count = 0;
        for (int r = 0; r < out.length; r++) {
            int code = column.code(r);
            if (code < 0) {
                out[r] = column.number(r);
            } else if (cells.missingCode(code)) {
                absent[r] = true;
                count++;
            } else if (wrong[code] != null) {
                problems.add(table.where(r) + ": " + wrong[code]);
            } else {
                out[r] = values[code];
            }
        }
        return count;
    }

    /** The finite number in {@code text}, or an error naming {@code where}, the column and the text. */
    public static float parseNumber(String text, String where, String column) {
        String v = text.strip();
        if (v.isEmpty()) {
            throw new InvalidInputException(where + ": empty value in numeric column '" + column + "'");
        }
        double d = Numbers.parse(v, '.');
        if (Double.isNaN(d)) {
            throw new InvalidInputException(where + ": '" + v + "' in numeric column '" + column + "'"
                    + (Numbers.isInfinity(v) || v.equalsIgnoreCase("nan") ? " is not a finite number" : ""));
        }
        if (!Float.isFinite((float) d)) {
            throw new InvalidInputException(where + ": '" + v + "' in numeric column '" + column + "' is too large for float32");
        }
        return (float) d;
    }

    /** The encoded features of every row of {@code table}, unseen categories scored as unknown; the target may be absent. */
    public Matrix encodeFeatures(TableRows table) {
        return encodeFeatures(table, UnseenCategories.UNKNOWN, new ArrayList<>());
    }

    /**
     * The encoded features of every row of {@code table} (the target column may be absent);
     * {@code warningsOut} receives one line per column with values not seen in training.
     */
    public Matrix encodeFeatures(TableRows table, UnseenCategories unseen, List<String> warningsOut) {
        return encodeFeatures(table, null, unseen, warningsOut);
    }

    /** The encoded features of the rows {@code rows} of {@code table} (all rows when null), a column at a time. */
    private Matrix encodeFeatures(TableRows table, int[] rows, UnseenCategories unseen, List<String> warningsOut) {
        int[] columns = new int[features.size()];
        List<String> absentColumns = new ArrayList<>();
        for (int j = 0; j < features.size(); j++) {
            columns[j] = table.header().indexOf(features.get(j));
            if (columns[j] < 0) {
                absentColumns.add(features.get(j));
            }
        }
        if (!absentColumns.isEmpty()) {
            throw new InvalidInputException(table.source() + ": missing column" + (absentColumns.size() == 1 ? " '" : "s '")
                    + String.join("', '", absentColumns) + "' that the model was trained on");
        }
        int n = rows == null ? table.rowCount() : rows.length;
        int width = inputWidth();
        Matrix x = new Matrix(n, width);
        float[] d = x.data();
        float[] mean = numericScaler.mean();
        float[] scale = numericScaler.scale();
        Problems problems = new Problems();
        List<String> unseenWarnings = new ArrayList<>();
        int nFeatures = features.size();
        for (int j = 0, k = 0, offset = 0; j < nFeatures; j++) {
            Cells cells = Cells.of(table, columns[j], missing);
            Column column = cells.column;
            OneHotEncoder encoder = encoders.get(j);
            if (encoder == null) {
                float[] values = new float[cells.codes()];
                String[] wrong = new String[cells.codes()];
                cells.readCodes(kinds[k], features.get(j), values, wrong);
                float mu = mean[k];
                float sigma = scale[k];
                float filled = fill[k];
                boolean marked = indicator[k];
                for (int i = 0, o = offset; i < n; i++, o += width) {
                    int r = rows == null ? i : rows[i];
                    int code = column.code(r);
                    float v;
                    boolean absent = false;
                    if (code < 0) {
                        v = column.number(r);
                    } else if (cells.missingCode(code)) {
                        v = filled;
                        absent = true;
                    } else if (wrong[code] != null) {
                        problems.add((long) i * nFeatures + j, table.where(r) + ": " + wrong[code]);
                        v = 0f;
                    } else {
                        v = values[code];
                    }
                    d[o] = (v - mu) / sigma;
                    if (marked) {
                        d[o + 1] = absent ? 1f : 0f;
                    }
                }
                offset += marked ? 2 : 1;
                k++;
            } else {
                int[] index = new int[cells.codes()];
                for (int code = 0; code < index.length; code++) {
                    index[code] = encoder.indexOrUnknown(cells.missingCode(code) ? OneHotEncoder.MISSING : cells.stripped(code));
                }
                boolean embedded = encoder.embedded();
                int unseenRows = 0;
                Map<String, Integer> unseenCounts = new LinkedHashMap<>();
                for (int i = 0, o = offset; i < n; i++, o += width) {
                    int r = rows == null ? i : rows[i];
                    int code = column.code(r);
                    int at = code >= 0 ? index[code] : encoder.indexOrUnknown(cells.category(r));
                    if (at >= 0) {
                        if (embedded) {
                            d[o] = at;
                        } else {
                            d[o + at] = 1f;
                        }
                    } else if (unseen == UnseenCategories.ERROR) {
                        String value = cells.category(r);
                        problems.add((long) i * nFeatures + j, table.where(r) + ": '" + value + "' in column '" + features.get(j)
                                + "' was not seen in training (known: " + encoder.preview() + ")");
                    } else {
                        unseenRows++;
                        String value = cells.category(r);
                        if (unseenCounts.size() < 5 || unseenCounts.containsKey(value)) {
                            unseenCounts.merge(value, 1, Integer::sum);
                        }
                    }
                }
                if (unseenRows > 0) {
                    List<String> shown = new ArrayList<>();
                    unseenCounts.forEach((v, c) -> shown.add("'" + v + "'" + (c > 1 ? " ×" + c : "")));
                    unseenWarnings.add(String.format(Locale.ROOT, "column '%s': %,d row%s with a value not seen in training, scored as unknown: %s%s",
                            features.get(j), unseenRows, unseenRows == 1 ? "" : "s", String.join(", ", shown),
                            unseenRows > unseenCounts.values().stream().mapToInt(Integer::intValue).sum() ? ", …" : ""));
                }
                offset += encoder.width();
            }
        }
        problems.throwIfAny();
        warningsOut.addAll(unseenWarnings);
        return x;
    }

    /** Standardises raw numeric features (all columns numeric, as for images). */
    public Matrix encodeNumericFeatures(Matrix raw) {
        if (encoders.stream().anyMatch(Objects::nonNull)) {
            throw new IllegalStateException("this model has text columns; encode a table instead");
        }
        for (boolean b : indicator) {
            if (b) {
                throw new IllegalStateException("this model marks missing values in extra inputs; encode a table instead");
            }
        }
        if (raw.columns() != features.size()) {
            throw new InvalidInputException("the model expects " + features.size() + " input values per example, got " + raw.columns());
        }
        Matrix x = raw.copy();
        numericScaler.transformInPlace(x);
        return x;
    }

    /** The encoded targets of every row: class indices, or standardised values; a missing target is an error. */
    public Matrix encodeTargets(TableRows table) {
        Cells cells = Cells.of(table, columnIndex(table, target), missing);
        Problems problems = new Problems();
        Matrix y = encodeTargets(table, cells, null, problems);
        problems.throwIfAny();
        return y;
    }

    private Matrix encodeTargets(TableRows table, Cells cells, int[] rows, Problems problems) {
        int n = rows == null ? table.rowCount() : rows.length;
        Matrix y = new Matrix(n, 1);
        Column column = cells.column;
        int[] classes = new int[cells.codes()];
        float[] values = new float[cells.codes()];
        String[] wrong = new String[cells.codes()];
        if (task == Task.CLASSIFICATION) {
            for (int code = 0; code < classes.length; code++) {
                classes[code] = cells.missingCode(code) ? -1 : classIndex(cells.stripped(code));
            }
        } else {
            cells.readCodes(NumericKind.NUMBER, target, values, wrong);
        }
        for (int i = 0; i < n; i++) {
            int r = rows == null ? i : rows[i];
            int code = column.code(r);
            if (code >= 0 && cells.missingCode(code)) {
                problems.add(table.where(r) + ": the target '" + target + "' is missing");
                continue;
            }
            if (task == Task.CLASSIFICATION) {
                int k = code >= 0 ? classes[code] : classIndex(cells.strippedAt(r));
                if (k < 0) {
                    problems.add(table.where(r) + ": class '" + cells.strippedAt(r) + "' in column '" + target
                            + "' was not seen in training (known: " + String.join(", ", classLabels) + ")");
                    continue;
                }
                y.set(i, 0, k);
            } else if (code < 0) {
                y.set(i, 0, column.number(r));
            } else if (wrong[code] != null) {
                problems.add(table.where(r) + ": " + wrong[code]);
            } else {
                y.set(i, 0, values[code]);
            }
        }
        if (task == Task.REGRESSION) {
            targetScaler.transformInPlace(y);
        }
        return y;
    }

    /** The class of the trimmed label {@code v}, or −1; a number matches a numeric label of the same value ("1.0" is "1"). */
    private int classIndex(String v) {
        int k = classLabels.indexOf(v);
        if (k < 0 && !Double.isNaN(Numbers.parse(v, '.'))) {
            k = indexOfNumericLabel(v);
        }
        return k;
    }

    private int indexOfNumericLabel(String v) {
        double value = Numbers.parse(v, '.');
        for (int k = 0; k < classLabels.size(); k++) {
            double label = Numbers.parse(classLabels.get(k), '.');
            if (label == value) {
                return k;
            }
        }
        return -1;
    }

    /** Features and targets of every row of {@code table} with a target; unseen categories scored as unknown. */
    public Dataset encode(TableRows table) {
        return encode(table, UnseenCategories.UNKNOWN, new ArrayList<>());
    }

    /**
     * Features and targets of the rows of {@code table} whose target is present; the rows left
     * out, and values not seen in training, are counted in lines added to {@code warningsOut}.
     */
    public Dataset encode(TableRows table, UnseenCategories unseen, List<String> warningsOut) {
        Cells targets = Cells.of(table, columnIndex(table, target), missing);
        int[] kept = new int[table.rowCount()];
        int n = 0;
        List<String> leftOut = new ArrayList<>();
        int leftOutCount = 0;
        for (int r = 0; r < table.rowCount(); r++) {
            if (targets.missing(r)) {
                if (leftOut.size() < 5) {
                    leftOut.add(table.where(r));
                }
                leftOutCount++;
            } else {
                kept[n++] = r;
            }
        }
        if (n == 0) {
            throw new InvalidInputException(table.source() + ": every value of the target '" + target + "' is missing");
        }
        if (leftOutCount > 0) {
            warningsOut.add(String.format(Locale.ROOT, "%,d row%s with a missing target '%s' left out (%s%s)", leftOutCount,
                    leftOutCount == 1 ? "" : "s", target, String.join(", ", leftOut), leftOutCount > leftOut.size() ? ", …" : ""));
        }
        int[] rows = n == table.rowCount() ? null : Arrays.copyOf(kept, n);
        kept = null;
        Problems problems = new Problems();
        Matrix y = encodeTargets(table, targets, rows, problems);
        problems.throwIfAny();
        return new Dataset(encodeFeatures(table, rows, unseen, warningsOut), y);
    }

    /** Maps standardised regression outputs back to the target's units, in place. */
    public void decodeValuesInPlace(Matrix outputs) {
        if (task != Task.REGRESSION) {
            throw new IllegalStateException("not a regression model");
        }
        targetScaler.inverseTransformInPlace(outputs);
    }

    /** Width of the encoded input: one per numeric column (two with a missing indicator), one per category of each text column. */
    public int inputWidth() {
        int w = 0;
        for (OneHotEncoder e : encoders) {
            w += e == null ? 1 : e.width();
        }
        for (boolean b : indicator) {
            w += b ? 1 : 0;
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

    /** The values missing cells of the numeric columns take, in their order. */
    public float[] fillValues() {
        return fill.clone();
    }

    /** For each numeric column in order: whether a 0/1 "was missing" input follows its value. */
    public boolean[] missingIndicators() {
        return indicator.clone();
    }

    /** For each numeric column in order: how its cells are read. */
    public NumericKind[] numericKinds() {
        return kinds.clone();
    }

    /** What each column of the training table became and why, in the table's order. */
    public List<ColumnRole> roles() {
        return roles;
    }

    /** Which cells count as missing. */
    public MissingValues missingValues() {
        return missing;
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

    /** Things worth telling the user about the data (constant columns, many categories, missing values). */
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
