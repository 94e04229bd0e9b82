package dev.neurite.data;

import dev.neurite.nn.ClassDecision;
import dev.neurite.tensor.Kernels;
import dev.neurite.tensor.Matrix;
import dev.neurite.tensor.Rng;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * Examples for training or evaluation: a features matrix (one row per example) and a targets
 * matrix with the same number of rows: values for regression, one column of class indices or
 * one-hot rows for classification; optionally a weight per example (a {@code rows × 1} matrix,
 * finite, ≥ 0, not all 0) that weighted losses multiply each example's term by.
 */
public final class Dataset {
    private final Matrix features;
    private final Matrix targets;
    private final Matrix weights;

    public Dataset(Matrix features, Matrix targets) {
        this(features, targets, null);
    }

    /** Examples with a weight each ({@code weights}: one column, one row per example; null for none). */
    public Dataset(Matrix features, Matrix targets, Matrix weights) {
        if (features.rows() != targets.rows()) {
            throw new IllegalArgumentException("features have " + features.rows()
                    + " rows but targets have " + targets.rows());
        }
        if (weights != null) {
            requireWeights(weights, features.rows());
        }
        this.features = features;
        this.targets = targets;
        this.weights = weights;
    }

    /** Throws unless {@code weights} is {@code rows × 1}, every value finite and ≥ 0, and not all 0, naming the first bad one. */
    static void requireWeights(Matrix weights, int rows) {
        if (weights.rows() != rows || weights.columns() != 1) {
            throw new IllegalArgumentException("weights are " + weights.shape() + " but the data has " + rows
                    + " examples; expected " + rows + "×1");
        }
        boolean anyPositive = false;
        for (int i = 0; i < rows; i++) {
            float w = weights.data()[i];
            if (!(w >= 0) || Float.isInfinite(w)) {
                throw new IllegalArgumentException("the weight of example " + i + " is " + w + "; weights must be finite and >= 0");
            }
            anyPositive |= w > 0;
        }
        if (rows > 0 && !anyPositive) {
            throw new IllegalArgumentException("every one of the " + rows + " weights is 0; at least one example must count");
        }
    }

    /** A dataset copied from arrays: {@code x[i]} are the features and {@code y[i]} the targets of example i. */
    public static Dataset of(float[][] x, float[][] y) {
        return new Dataset(Matrix.of(x), Matrix.of(y));
    }

    /** A classification dataset whose targets are the class indices {@code labels[i]}. */
    public static Dataset ofClasses(float[][] x, int[] labels) {
        float[] y = new float[labels.length];
        for (int i = 0; i < labels.length; i++) {
            y[i] = labels[i];
        }
        return new Dataset(Matrix.of(x), Matrix.column(y));
    }

    public Matrix features() {
        return features;
    }

    public Matrix targets() {
        return targets;
    }

    /** Number of examples. */
    public int size() {
        return features.rows();
    }

    /** The examples' weights ({@code rows × 1}), or null when every example counts once. */
    public Matrix weights() {
        return weights;
    }

    /** These examples with {@code weights} (one per example; null for none), sharing the features and targets. */
    public Dataset withWeights(Matrix weights) {
        return new Dataset(features, targets, weights);
    }

    public int featureCount() {
        return features.columns();
    }

    public int targetColumns() {
        return targets.columns();
    }

    /** The examples at {@code rows}, in that order, copied. */
    public Dataset subset(int[] rows) {
        Matrix x = new Matrix(rows.length, featureCount());
        Matrix y = new Matrix(rows.length, targetColumns());
        copyRowsOnce(features, rows, x);
        copyRowsOnce(targets, rows, y);
        Matrix w = null;
        if (weights != null) {
            w = new Matrix(rows.length, 1);
            gatherWeightsInto(rows, 0, rows.length, w);
        }
        return new Dataset(x, y, w);
    }

    /** Copies the weights of examples {@code order[start … start+count−1]} into the first {@code count} rows of {@code w}; 1 when there are none. */
    public void gatherWeightsInto(int[] order, int start, int count, Matrix w) {
        float[] dst = w.data();
        for (int i = 0; i < count; i++) {
            dst[i] = weights == null ? 1f : weights.data()[order[start + i]];
        }
    }

    /**
     * Copies the examples {@code order[start … start+count−1]} into the first {@code count} rows
     * of {@code x} and {@code y}, which the caller has shaped {@code count × columns}.
     */
    public void gatherInto(int[] order, int start, int count, Matrix x, Matrix y) {
        copyRows(features, order, start, count, x);
        copyRows(targets, order, start, count, y);
    }

    private static void copyRows(Matrix from, int[] order, int start, int count, Matrix to) {
        RowCopy copy = ROW_COPIES.get();
        copy.src = from.data();
        copy.dst = to.data();
        copy.order = order;
        copy.start = start;
        copy.cols = from.columns();
        try {
            // A batch of wide rows (128 images: 400 KB, gathered from across the dataset) is
            // copied by the kernels' threads in ranges of elements; a copy is the same whoever makes it.
            Kernels.get().forRanges(count * from.columns(), copy);
        } finally {
            copy.src = copy.dst = null;
            copy.order = null;
        }
    }

    /**
     * A copied element, counted as multiply-adds to weigh a one-off copy against the threads'
     * grain ({@link Kernels#forChunks(int, int, long, Kernels.RangeTask)}): gathering rows moves
     * about a float a nanosecond on one core, while the products do 30 to 60 multiply-adds in that time.
     */
    private static final long COPY_WORK = 32;
    /** Elements a thread takes at a time in a one-off copy: 256 KB. */
    private static final int COPY_CHUNK = 1 << 16;

    /**
     * All rows {@code order} of {@code from} into {@code to}, once (a subset, a split): the other
     * threads take part only in a copy large enough to pay for waking them (from 16 M elements on
     * AVX-512), unlike a training batch's gather, where they are awake.
     */
    private static void copyRowsOnce(Matrix from, int[] order, Matrix to) {
        RowCopy copy = new RowCopy();
        copy.src = from.data();
        copy.dst = to.data();
        copy.order = order;
        copy.start = 0;
        copy.cols = from.columns();
        Kernels.get().forChunks(order.length * from.columns(), COPY_CHUNK, COPY_WORK, copy);
    }

    /** Copies elements [from, to) of the gathered batch, row pieces at a time; reused per thread. */
    private static final class RowCopy implements Kernels.RangeTask {
        float[] src;
        float[] dst;
        int[] order;
        int start;
        int cols;

        @Override
        public void run(int from, int to) {
            int e = from;
            while (e < to) {
                int row = e / cols;
                int col = e - row * cols;
                int len = Math.min(cols - col, to - e);
                System.arraycopy(src, order[start + row] * cols + col, dst, e, len);
                e += len;
            }
        }
    }

    private static final ThreadLocal<RowCopy> ROW_COPIES = ThreadLocal.withInitial(RowCopy::new);

    /** Two parts of a dataset. */
    public record Split(Dataset train, Dataset test) {
    }

    /**
     * The hold-out that training validates on, the same in the library and on the command line:
     * {@code fraction} of the examples, drawn with a generator seeded from the training seed,
     * keeping each class's share when {@code byClass} (targets are class indices or one-hot
     * rows). Returns the rows to train on and the rows to validate on.
     */
    public Split validationSplit(float fraction, long seed, boolean byClass) {
        if (size() < 4) {
            throw new IllegalArgumentException(size() + " examples are too few to hold out a validation set");
        }
        Rng rng = new Rng(seed ^ VALIDATION_SALT);
        return byClass ? stratifiedSplit(fraction, rng) : split(fraction, rng);
    }

    /** Keeps the validation draws apart from the other draws made from the training seed. */
    private static final long VALIDATION_SALT = 0x5eedL;

    /**
     * A random split: {@code testFraction} of the examples (rounded, at least one of each part
     * when the dataset has two or more) go to {@code test}, the rest to {@code train}.
     */
    public Split split(float testFraction, Rng rng) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("split fraction must be in (0, 1), got " + testFraction);
        }
        int n = size();
        if (n < 2) {
            throw new IllegalArgumentException("cannot split a dataset of " + n + " example(s)");
        }
        int testSize = Math.min(n - 1, Math.max(1, Math.round(n * testFraction)));
        int[] order = rng.permutation(n);
        return new Split(subset(Arrays.copyOfRange(order, testSize, n)),
                subset(Arrays.copyOf(order, testSize)));
    }

    /**
     * A split that keeps each class's share: {@code testFraction} of every class (rounded, at
     * least one when the class has two or more examples) goes to {@code test}. Targets must be
     * one column of class indices or one-hot rows.
     */
    public Split stratifiedSplit(float testFraction, Rng rng) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("split fraction must be in (0, 1), got " + testFraction);
        }
        Map<Integer, List<Integer>> byClass = new TreeMap<>();
        for (int r = 0; r < size(); r++) {
            byClass.computeIfAbsent(ClassDecision.targetClassOf(targets, r), k -> new ArrayList<>()).add(r);
        }
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (List<Integer> rows : byClass.values()) {
            int[] order = rng.permutation(rows.size());
            int testSize = rows.size() < 2 ? 0 : Math.min(rows.size() - 1, Math.max(1, Math.round(rows.size() * testFraction)));
            for (int i = 0; i < order.length; i++) {
                (i < testSize ? test : train).add(rows.get(order[i]));
            }
        }
        if (train.isEmpty() || test.isEmpty()) {
            throw new IllegalArgumentException("cannot split " + size() + " example(s) into two non-empty parts");
        }
        int[] trainRows = train.stream().mapToInt(Integer::intValue).toArray();
        int[] testRows = test.stream().mapToInt(Integer::intValue).toArray();
        rng.shuffleInPlace(trainRows);
        rng.shuffleInPlace(testRows);
        return new Split(subset(trainRows), subset(testRows));
    }

    /**
     * {@code k} folds for cross-validation: every example is in exactly one fold's {@code test}
     * part and in the other folds' {@code train} parts. With {@code byClass} each class's
     * examples are dealt round the folds in a seeded random order, continuing where the
     * previous class stopped, so each fold keeps each class's share and fold sizes differ by
     * at most one; otherwise all examples are dealt so. The same seed gives the same folds.
     */
    public List<Split> folds(int k, long seed, boolean byClass) {
        int[] fold = foldOf(k, seed, byClass);
        List<Split> out = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            out.add(new Split(subset(rowsOf(fold, f, false)), subset(rowsOf(fold, f, true))));
        }
        return out;
    }

    /** The rows whose fold is {@code f} ({@code in}) or is not, in order. */
    public static int[] rowsOf(int[] fold, int f, boolean in) {
        int count = 0;
        for (int v : fold) {
            count += (v == f) == in ? 1 : 0;
        }
        int[] rows = new int[count];
        int n = 0;
        for (int r = 0; r < fold.length; r++) {
            if ((fold[r] == f) == in) {
                rows[n++] = r;
            }
        }
        return rows;
    }

    /** The fold (0 … k−1) of each example, as {@link #folds} deals them. */
    public int[] foldOf(int k, long seed, boolean byClass) {
        if (k < 2 || k > size()) {
            throw new IllegalArgumentException("cannot make " + k + " folds of " + size() + " examples: need 2 <= folds <= examples");
        }
        Rng rng = new Rng(seed ^ FOLD_SALT);
        List<List<Integer>> groups = new ArrayList<>();
        if (byClass) {
            Map<Integer, List<Integer>> byLabel = new TreeMap<>();
            for (int r = 0; r < size(); r++) {
                byLabel.computeIfAbsent(ClassDecision.targetClassOf(targets, r), c -> new ArrayList<>()).add(r);
            }
            groups.addAll(byLabel.values());
        } else {
            List<Integer> all = new ArrayList<>();
            for (int r = 0; r < size(); r++) {
                all.add(r);
            }
            groups.add(all);
        }
        int[] fold = new int[size()];
        int next = 0;
        for (List<Integer> rows : groups) {
            int[] order = rng.permutation(rows.size());
            for (int i : order) {
                fold[rows.get(i)] = next;
                next = (next + 1) % k;
            }
        }
        return fold;
    }

    /** Keeps the fold draws apart from the other draws made from the training seed. */
    private static final long FOLD_SALT = 0xf01dL;

    /**
     * A CRC-32C of the shapes and every value's bits, features then targets (then weights, when
     * there are any), in hex: what a
     * checkpoint records so that resuming with other data is noticed.
     */
    public String fingerprint() {
        CRC32C crc = new CRC32C();
        ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        chunk.putInt(size()).putInt(featureCount()).putInt(targetColumns());
        for (Matrix m : weights == null ? List.of(features, targets) : List.of(features, targets, weights)) {
            float[] d = m.data();
            for (int i = 0, n = m.size(); i < n; i++) {
                if (!chunk.hasRemaining()) {
                    crc.update(chunk.array(), 0, chunk.position());
                    chunk.clear();
                }
                chunk.putInt(Float.floatToRawIntBits(d[i]));
            }
        }
        crc.update(chunk.array(), 0, chunk.position());
        return String.format("%08x", crc.getValue());
    }

    @Override
    public String toString() {
        return "Dataset(" + size() + " examples, " + featureCount() + " features, "
                + targetColumns() + " target column(s)" + (weights == null ? "" : ", weighted") + ")";
    }
}
