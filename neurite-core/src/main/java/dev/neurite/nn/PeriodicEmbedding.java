package dev.neurite.nn;

import dev.neurite.tensor.Kernels;
import dev.neurite.tensor.Matrix;
import dev.neurite.tensor.Rng;
import dev.neurite.tensor.SinCos;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Periodic embeddings of numeric input columns, the "PLR" embeddings of Gorishniy, Rubachev and
 * Babenko, "On Embeddings for Numerical Features in Tabular Deep Learning" (NeurIPS 2022;
 * {@code rtdl_num_embeddings.PeriodicEmbeddings}). Each chosen column {@code j} with value
 * {@code x_j} becomes {@code d} values
 *
 * <pre>
 *   a_j = 2π · c_j · x_j                       (c_j: k trainable frequencies of column j)
 *   v_j = [cos(a_j), sin(a_j)]                 (2k values)
 *   e_j = ReLU(v_j · W_j + b_j)                (W_j: 2k × d, b_j: d)
 * </pre>
 *
 * and the output is {@code [e_0, e_1, …, e_{n−1}, the other columns in their order]}: the chosen
 * columns' embeddings first, then every other input (one-hot columns, category indices, was-missing
 * flags) unchanged. With {@code lite} one {@code W}, {@code b} is shared by all columns (the
 * package's {@code lite=True}); otherwise each column has its own (its {@code lite=False}).
 *
 * <p>Parameters: {@code frequencies} ({@code n × k}), {@code weight} ({@code 2k × d} lite, else
 * {@code n·2k × d}: rows {@code j·2k … j·2k+2k−1} are {@code W_j}, the cosines' rows first) and
 * {@code bias} ({@code 1 × d} lite, else {@code n × d}). Initialised as the package does: the
 * frequencies from N(0, σ²) truncated to ±3σ, W and b uniform in ±1/√(2k).
 *
 * <p>Backward, with {@code g = ∂L/∂e_j ⊙ [e_j > 0]}: {@code ∂L/∂W_j = v_jᵀ g}, {@code ∂L/∂b_j = g},
 * {@code ∂L/∂v_j = g W_jᵀ}, {@code ∂L/∂a = −sin(a) ∂L/∂cos + cos(a) ∂L/∂sin},
 * {@code ∂L/∂c = ∂L/∂a · 2π x}, {@code ∂L/∂x_j = Σ ∂L/∂a · 2π c}; the other columns' gradients pass
 * back unchanged.
 *
 * <p>The forward map runs row by row ({@link Kernels#rowTimesMatrix}), so a row gets the same bits
 * alone as in any batch. The backward's products run as a dense layer's on {@link Kernels#get()}: with lite
 * one product over all {@code n·rows} (column, row) pairs, else one per column; like a dense
 * layer's, the gradients have the same bits for any thread count (each output element is summed
 * by one thread in one order) but may differ in the last bits between the kernel kinds (vector,
 * blocked, reference). The cosines and sines come from {@link SinCos} (float accuracy, the same bits with
 * or without the Vector API). The sums over rows of the frequencies' gradient run in order on one thread.
 */
public final class PeriodicEmbedding implements Layer {
    /** 2π in float, the factor Neurite and its ONNX export both multiply the frequencies by. */
    public static final float TWO_PI = (float) (2 * Math.PI);

    private final int inputSize;
    private final int[] columns;
    private final int[] rest;
    private final int frequencies;
    private final int dimension;
    private final float sigma;
    private final boolean lite;
    private final Parameter frequency;
    private final Parameter weight;
    private final Parameter bias;

    private Matrix x;
    private Matrix y;
    private Matrix gradInput;
    /**
     * Per group (one when lite, else one per column): cos and sin of the arguments, one row per
     * (column, row) pair, {@code [cos(a), sin(a)]}, kept for the backward pass (lite stacks the
     * columns: column j's rows start at {@code j·rows}).
     */
    private Matrix[] periodic;
    /** One column's arguments a (float values) for all rows, and their cosines and sines. */
    private double[] arguments = new double[0];
    private double[] cosines = new double[0];
    private double[] sines = new double[0];
    /** One row's ∂L/∂a, and 2π·c of one column: the backward's scratch. */
    private float[] gradArgument = new float[0];
    private float[] scaledFrequency = new float[0];
    /** Per group: the embeddings e, after the ReLU. */
    private Matrix[] embedded;
    private Matrix[] gradEmbedded;
    private Matrix[] gradPeriodic;
    /** Without lite: copies of each column's W_j, b_j and their gradients, the kernels' operands. */
    private Matrix[] weightSlices;
    private Matrix[] weightGradSlices;
    private Matrix[] biasSlices;
    private Matrix[] biasGradSlices;

    /**
     * Embeds input columns {@code columns} (increasing, distinct, each in 0 … inputSize−1) with
     * {@code frequencies} frequencies each (drawn with standard deviation {@code sigma}) into
     * {@code dimension} values.
     */
    public PeriodicEmbedding(int inputSize, int[] columns, int frequencies, int dimension, float sigma, boolean lite) {
        check(inputSize, columns, frequencies, dimension, sigma);
        this.inputSize = inputSize;
        this.columns = columns.clone();
        this.frequencies = frequencies;
        this.dimension = dimension;
        this.sigma = sigma;
        this.lite = lite;
        int n = columns.length;
        this.rest = new int[inputSize - n];
        for (int c = 0, j = 0, o = 0; c < inputSize; c++) {
            if (j < n && columns[j] == c) {
                j++;
            } else {
                rest[o++] = c;
            }
        }
        int groups = lite ? 1 : n;
        this.frequency = new Parameter("frequencies", new Matrix(n, frequencies), new Matrix(n, frequencies));
        this.weight = new Parameter("weight", new Matrix(groups * 2 * frequencies, dimension), new Matrix(groups * 2 * frequencies, dimension));
        this.bias = new Parameter("bias", new Matrix(groups, dimension), new Matrix(groups, dimension));
    }

    private PeriodicEmbedding(PeriodicEmbedding shared) {
        this.inputSize = shared.inputSize;
        this.columns = shared.columns;
        this.rest = shared.rest;
        this.frequencies = shared.frequencies;
        this.dimension = shared.dimension;
        this.sigma = shared.sigma;
        this.lite = shared.lite;
        this.frequency = shared.frequency;
        this.weight = shared.weight;
        this.bias = shared.bias;
    }

    private static void check(int inputSize, int[] columns, int frequencies, int dimension, float sigma) {
        String problem = null;
        if (inputSize < 1) {
            problem = "inputs must be ≥ 1";
        } else if (columns == null || columns.length == 0) {
            problem = "no columns to embed";
        } else if (frequencies < 1 || frequencies > 4096) {
            problem = "frequencies must be in 1 … 4096";
        } else if (dimension < 1 || dimension > 4096) {
            problem = "dimension must be in 1 … 4096";
        } else if (!(sigma > 0) || !Float.isFinite(sigma)) {
            problem = "sigma must be a positive number";
        } else {
            for (int j = 0; j < columns.length && problem == null; j++) {
                if (columns[j] < 0 || columns[j] >= inputSize) {
                    problem = "column " + columns[j] + " is outside 0 … " + (inputSize - 1);
                } else if (j > 0 && columns[j] <= columns[j - 1]) {
                    problem = "columns must increase, " + columns[j - 1] + " is followed by " + columns[j];
                }
            }
        }
        if (problem != null) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "PeriodicEmbedding: columns %s of %d inputs, %d frequencies, dimension %d, sigma %s: %s",
                    columns == null ? "none" : Arrays.toString(columns), inputSize, frequencies, dimension, sigma, problem));
        }
    }

    /** The embedded input columns, increasing. */
    public int[] columns() {
        return columns.clone();
    }

    /** k, the frequencies of each column. */
    public int frequencies() {
        return frequencies;
    }

    /** d, the values each column becomes. */
    public int dimension() {
        return dimension;
    }

    /** The standard deviation the frequencies were drawn with. */
    public float sigma() {
        return sigma;
    }

    /** True when one linear map is shared by every column. */
    public boolean lite() {
        return lite;
    }

    /** The frequencies c, {@code n × k}. */
    public Parameter frequency() {
        return frequency;
    }

    /** The linear maps W, {@code 2k × d} (lite) or {@code n·2k × d}. */
    public Parameter weight() {
        return weight;
    }

    /** The biases b, {@code 1 × d} (lite) or {@code n × d}. */
    public Parameter bias() {
        return bias;
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    @Override
    public int outputSize(int in) {
        return outputWidth();
    }

    private int outputWidth() {
        return columns.length * dimension + rest.length;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(frequency, weight, bias);
    }

    @Override
    public void initialize(Rng rng) {
        float[] c = frequency.value().data();
        for (int i = 0; i < c.length; i++) {
            double z;
            do {
                z = rng.nextGaussian();
            } while (Math.abs(z) > 3);
            c[i] = (float) (sigma * z);
        }
        float bound = (float) (1 / Math.sqrt(2.0 * frequencies));
        for (float[] values : new float[][] {weight.value().data(), bias.value().data()}) {
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) ((2 * rng.nextDouble() - 1) * bound);
            }
        }
    }

    @Override
    public Matrix forward(Matrix input, boolean training) {
        if (input.columns() != inputSize) {
            throw new IllegalArgumentException(describe() + ": input has " + input.columns() + " columns, expected " + inputSize);
        }
        x = input;
        int rows = input.rows();
        int n = columns.length;
        int k = frequencies;
        int k2 = 2 * k;
        int d = dimension;
        int out = outputWidth();
        y = Matrix.reuseOrAllocate(y, rows, out);
        sizeBuffers(rows);
        float[] in = input.data();
        float[] o = y.data();
        float[] c = frequency.value().data();
        int count = rows * k;
        if (arguments.length < count) {
            arguments = new double[count];
            cosines = new double[count];
            sines = new double[count];
        }
        double[] a = arguments;
        for (int j = 0; j < n; j++) {
            float[] p = periodic[group(j)].data();
            int col = columns[j];
            int cb = j * k;
            for (int r = 0, ab = 0; r < rows; r++, ab += k) {
                float xv = in[r * inputSize + col];
                for (int t = 0; t < k; t++) {
                    a[ab + t] = (TWO_PI * c[cb + t]) * xv; // in float, as the ONNX export computes it
                }
            }
            SinCos.compute(a, cosines, sines, count);
            for (int r = 0, ab = 0, pb = groupRow(j, rows) * k2; r < rows; r++, ab += k, pb += k2) {
                for (int t = 0; t < k; t++) {
                    p[pb + t] = (float) cosines[ab + t];
                    p[pb + k + t] = (float) sines[ab + t];
                }
            }
        }
        // The forward map runs row by row (Kernels.rowTimesMatrix), not as a product over the
        // batch: gemm's sums depend on the product's shape (fewer rows than a tile take another
        // path), and a row must get the same bits alone (served) as in a batch.
        Kernels kernels = Kernels.get();
        for (int j = 0; j < n; j++) {
            int g = group(j);
            float[] p = periodic[g].data();
            float[] z = embedded[g].data();
            Matrix w = lite ? weight.value() : weightSlices[g];
            Matrix b = lite ? bias.value() : biasSlices[g];
            for (int r = 0, pb = groupRow(j, rows) * k2, zb = groupRow(j, rows) * d; r < rows; r++, pb += k2, zb += d) {
                kernels.rowTimesMatrix(p, pb, w, b, z, zb);
                for (int e = 0; e < d; e++) {
                    float v = z[zb + e];
                    z[zb + e] = v > 0f ? v : 0f;
                }
                System.arraycopy(z, zb, o, r * out + j * d, d);
            }
        }
        int ob = n * d;
        for (int r = 0; r < rows; r++) {
            int src = r * inputSize;
            int dst = r * out + ob;
            for (int i = 0; i < rest.length; i++) {
                o[dst + i] = in[src + rest[i]];
            }
        }
        return y;
    }

    /** The group (shared map) column {@code j} belongs to: 0 when lite, else {@code j}. */
    private int group(int j) {
        return lite ? 0 : j;
    }

    /** The first row of column {@code j}'s {@code rows} rows in its group's buffers. */
    private int groupRow(int j, int rows) {
        return lite ? j * rows : 0;
    }

    /**
     * Sizes the per-group buffers for a batch of {@code rows}: one group of {@code n·rows} rows
     * when lite (every column's rows stacked, so each product is one large one), else one group of
     * {@code rows} rows per column.
     */
    private void sizeBuffers(int rows) {
        int groups = lite ? 1 : columns.length;
        int groupRows = lite ? columns.length * rows : rows;
        int k2 = 2 * frequencies;
        if (periodic == null) {
            periodic = new Matrix[groups];
            embedded = new Matrix[groups];
            gradEmbedded = new Matrix[groups];
            gradPeriodic = new Matrix[groups];
            if (!lite) {
                weightSlices = new Matrix[groups];
                weightGradSlices = new Matrix[groups];
                biasSlices = new Matrix[groups];
                biasGradSlices = new Matrix[groups];
                for (int g = 0; g < groups; g++) {
                    weightSlices[g] = new Matrix(k2, dimension);
                    weightGradSlices[g] = new Matrix(k2, dimension);
                    biasSlices[g] = new Matrix(1, dimension);
                    biasGradSlices[g] = new Matrix(1, dimension);
                }
            }
        }
        for (int g = 0; g < groups; g++) {
            periodic[g] = Matrix.reuseOrAllocate(periodic[g], groupRows, k2);
            embedded[g] = Matrix.reuseOrAllocate(embedded[g], groupRows, dimension);
        }
        if (!lite) {
            // the kernels take whole matrices: each column's map is copied into one
            float[] w = weight.value().data();
            float[] b = bias.value().data();
            int size = k2 * dimension;
            for (int g = 0; g < groups; g++) {
                System.arraycopy(w, g * size, weightSlices[g].data(), 0, size);
                System.arraycopy(b, g * dimension, biasSlices[g].data(), 0, dimension);
            }
        }
    }

    @Override
    public Matrix backward(Matrix gradOutput, boolean needInputGradient) {
        if (x == null) {
            throw new IllegalStateException(describe() + ": backward called before forward");
        }
        if (!y.sameShape(gradOutput)) {
            y.requireSameShape(gradOutput, describe() + " backward");
        }
        int rows = x.rows();
        int n = columns.length;
        int k = frequencies;
        int k2 = 2 * k;
        int d = dimension;
        int out = outputWidth();
        int groups = periodic.length;
        int groupRows = periodic[0].rows();
        float[] in = x.data();
        float[] g = gradOutput.data();
        float[] c = frequency.value().data();
        float[] gc = frequency.gradient().data();
        Arrays.fill(gc, 0f);
        for (int q = 0; q < groups; q++) {
            gradEmbedded[q] = Matrix.reuseOrAllocate(gradEmbedded[q], groupRows, d);
            gradPeriodic[q] = Matrix.reuseOrAllocate(gradPeriodic[q], groupRows, k2);
        }
        for (int j = 0; j < n; j++) {
            float[] z = embedded[group(j)].data();
            float[] gz = gradEmbedded[group(j)].data();
            for (int r = 0, zb = groupRow(j, rows) * d; r < rows; r++, zb += d) {
                int ob = r * out + j * d;
                for (int e = 0; e < d; e++) {
                    gz[zb + e] = z[zb + e] > 0f ? g[ob + e] : 0f;
                }
            }
        }
        Kernels kernels = Kernels.get();
        for (int q = 0; q < groups; q++) {
            if (lite) {
                kernels.denseBackward(periodic[q], gradEmbedded[q], weight.value(), weight.gradient(), bias.gradient(), gradPeriodic[q]);
            } else {
                kernels.denseBackward(periodic[q], gradEmbedded[q], weightSlices[q], weightGradSlices[q], biasGradSlices[q], gradPeriodic[q]);
            }
        }
        if (!lite) {
            float[] gw = weight.gradient().data();
            float[] gb = bias.gradient().data();
            int size = k2 * d;
            for (int q = 0; q < groups; q++) {
                System.arraycopy(weightGradSlices[q].data(), 0, gw, q * size, size);
                System.arraycopy(biasGradSlices[q].data(), 0, gb, q * d, d);
            }
        }
        float[] gi = null;
        if (needInputGradient) {
            gradInput = Matrix.reuseOrAllocate(gradInput, rows, inputSize);
            gi = gradInput.data();
        }
        if (gradArgument.length < k) {
            gradArgument = new float[k];
            scaledFrequency = new float[k];
        }
        float[] ga = gradArgument;
        float[] tc = scaledFrequency;
        // one loop per step so that the compiler vectorises the first two; the input gradient's
        // sum runs in four interleaved partial sums, in a fixed order
        for (int j = 0; j < n; j++) {
            float[] p = periodic[group(j)].data();
            float[] gv = gradPeriodic[group(j)].data();
            int col = columns[j];
            int cb = j * k;
            for (int t = 0; t < k; t++) {
                tc[t] = TWO_PI * c[cb + t];
            }
            for (int r = 0, pb = groupRow(j, rows) * k2; r < rows; r++, pb += k2) {
                for (int t = 0; t < k; t++) {
                    // ∂L/∂a: cos′ = −sin, sin′ = cos
                    ga[t] = p[pb + k + t] * -gv[pb + t] + p[pb + t] * gv[pb + k + t];
                }
                float tx = TWO_PI * in[r * inputSize + col];
                for (int t = 0; t < k; t++) {
                    gc[cb + t] += ga[t] * tx;
                }
                if (gi != null) {
                    float g0 = 0f;
                    float g1 = 0f;
                    float g2 = 0f;
                    float g3 = 0f;
                    int t = 0;
                    for (; t + 4 <= k; t += 4) {
                        g0 += ga[t] * tc[t];
                        g1 += ga[t + 1] * tc[t + 1];
                        g2 += ga[t + 2] * tc[t + 2];
                        g3 += ga[t + 3] * tc[t + 3];
                    }
                    for (; t < k; t++) {
                        g0 += ga[t] * tc[t];
                    }
                    gi[r * inputSize + col] = (g0 + g1) + (g2 + g3);
                }
            }
        }
        if (gi != null) {
            int ob = n * d;
            for (int r = 0; r < rows; r++) {
                int src = r * inputSize;
                int dst = r * out + ob;
                for (int i = 0; i < rest.length; i++) {
                    gi[src + rest[i]] = g[dst + i];
                }
            }
        }
        return gi == null ? null : gradInput;
    }

    @Override
    public Layer withSharedParameters() {
        return new PeriodicEmbedding(this);
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "PeriodicEmbedding(%d of %d columns, %d frequencies σ %s → %d%s)",
                columns.length, inputSize, frequencies, sigma, dimension, lite ? ", lite" : "");
    }
}
