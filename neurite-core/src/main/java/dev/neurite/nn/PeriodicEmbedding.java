package dev.neurite.nn;

import dev.neurite.tensor.Matrix;
import dev.neurite.tensor.Rng;
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
 * back unchanged. Rows are summed in order on one thread, so the result has the same bits for any
 * thread count.
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
    /** cos and sin of each row's arguments, [rows][n][2k], kept for the backward pass. */
    private float[] periodic = new float[0];
    private float[] gradZ;
    private float[] gradV;

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
        if (periodic.length < rows * n * k2) {
            periodic = new float[rows * n * k2];
        }
        float[] in = input.data();
        float[] o = y.data();
        float[] p = periodic;
        float[] c = frequency.value().data();
        float[] w = weight.value().data();
        float[] b = bias.value().data();
        for (int r = 0; r < rows; r++) {
            int src = r * inputSize;
            int dst = r * out;
            for (int j = 0; j < n; j++) {
                float xv = in[src + columns[j]];
                int pb = (r * n + j) * k2;
                int cb = j * k;
                for (int t = 0; t < k; t++) {
                    double a = (TWO_PI * c[cb + t]) * xv;
                    p[pb + t] = (float) Math.cos(a);
                    p[pb + k + t] = (float) Math.sin(a);
                }
                int wb = lite ? 0 : j * k2 * d;
                int bb = lite ? 0 : j * d;
                int ob = dst + j * d;
                System.arraycopy(b, bb, o, ob, d);
                for (int t = 0; t < k2; t++) {
                    float pt = p[pb + t];
                    int wr = wb + t * d;
                    for (int e = 0; e < d; e++) {
                        o[ob + e] += pt * w[wr + e];
                    }
                }
                for (int e = 0; e < d; e++) {
                    float v = o[ob + e];
                    o[ob + e] = v > 0f ? v : 0f;
                }
            }
            int ob = dst + n * d;
            for (int i = 0; i < rest.length; i++) {
                o[ob + i] = in[src + rest[i]];
            }
        }
        return y;
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
        float[] in = x.data();
        float[] g = gradOutput.data();
        float[] o = y.data();
        float[] p = periodic;
        float[] c = frequency.value().data();
        float[] w = weight.value().data();
        float[] gc = frequency.gradient().data();
        float[] gw = weight.gradient().data();
        float[] gb = bias.gradient().data();
        Arrays.fill(gc, 0f);
        Arrays.fill(gw, 0f);
        Arrays.fill(gb, 0f);
        if (gradZ == null || gradZ.length < d) {
            gradZ = new float[d];
            gradV = new float[k2];
        }
        float[] gz = gradZ;
        float[] gv = gradV;
        float[] gi = null;
        if (needInputGradient) {
            gradInput = Matrix.reuseOrAllocate(gradInput, rows, inputSize);
            gi = gradInput.data();
        }
        for (int r = 0; r < rows; r++) {
            int src = r * inputSize;
            int dst = r * out;
            for (int j = 0; j < n; j++) {
                int ob = dst + j * d;
                for (int e = 0; e < d; e++) {
                    gz[e] = o[ob + e] > 0f ? g[ob + e] : 0f;
                }
                int wb = lite ? 0 : j * k2 * d;
                int bb = lite ? 0 : j * d;
                for (int e = 0; e < d; e++) {
                    gb[bb + e] += gz[e];
                }
                int pb = (r * n + j) * k2;
                for (int t = 0; t < k2; t++) {
                    float pt = p[pb + t];
                    int wr = wb + t * d;
                    for (int e = 0; e < d; e++) {
                        gw[wr + e] += pt * gz[e];
                    }
                    float s = 0f;
                    for (int e = 0; e < d; e++) {
                        s += gz[e] * w[wr + e];
                    }
                    gv[t] = s;
                }
                float xv = in[src + columns[j]];
                int cb = j * k;
                float gx = 0f;
                for (int t = 0; t < k; t++) {
                    // ∂L/∂a: cos′ = −sin, sin′ = cos
                    float ga = p[pb + k + t] * -gv[t] + p[pb + t] * gv[k + t];
                    gc[cb + t] += ga * (TWO_PI * xv);
                    gx += ga * (TWO_PI * c[cb + t]);
                }
                if (gi != null) {
                    gi[src + columns[j]] = gx;
                }
            }
            if (gi != null) {
                int ob = dst + n * d;
                for (int i = 0; i < rest.length; i++) {
                    gi[src + rest[i]] = g[ob + i];
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
