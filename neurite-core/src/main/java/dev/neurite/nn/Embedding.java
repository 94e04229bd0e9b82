package dev.neurite.nn;

import dev.neurite.tensor.Matrix;
import dev.neurite.tensor.Rng;
import java.util.List;
import java.util.Locale;

/**
 * A learned embedding of one input column that holds category indices (PyTorch's
 * {@code nn.Embedding}): the index {@code i = x[:, column]} (rounded) is replaced by row
 * {@code i} of the table {@code E} ({@code vocabulary × dimension}); the other columns pass
 * through unchanged, so {@code y = [x[:, :column], E[i], x[:, column+1:]]}.
 *
 * <p>Backward: {@code ∂L/∂E[i] = Σ over the rows r with index i of ∂L/∂y[r, column … column+d)},
 * the other columns' gradients pass back unchanged, and the index column's is 0 (an index
 * has no derivative). The table is drawn from N(0, 1), as PyTorch's default.
 */
public final class Embedding implements Layer {
    private final int inputSize;
    private final int column;
    private final int vocabulary;
    private final int dimension;
    private final Parameter weight;
    private Matrix x;
    private Matrix y;
    private Matrix gradInput;

    /** Embeds column {@code column} of {@code inputSize} input columns, indices 0 … vocabulary−1, into {@code dimension} values. */
    public Embedding(int inputSize, int column, int vocabulary, int dimension) {
        this(inputSize, column, vocabulary, dimension,
                new Parameter("weight", new Matrix(check(inputSize, column, vocabulary, dimension), dimension), new Matrix(vocabulary, dimension)));
    }

    private Embedding(int inputSize, int column, int vocabulary, int dimension, Parameter weight) {
        this.inputSize = inputSize;
        this.column = column;
        this.vocabulary = vocabulary;
        this.dimension = dimension;
        this.weight = weight;
    }

    private static int check(int inputSize, int column, int vocabulary, int dimension) {
        if (inputSize < 1 || column < 0 || column >= inputSize || vocabulary < 1 || dimension < 1) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "Embedding: column %d of %d inputs, vocabulary %d, dimension %d (need 0 ≤ column < inputs, vocabulary ≥ 1, dimension ≥ 1)",
                    column, inputSize, vocabulary, dimension));
        }
        return vocabulary;
    }

    public int column() {
        return column;
    }

    public int vocabulary() {
        return vocabulary;
    }

    public int dimension() {
        return dimension;
    }

    /** The table E, vocabulary × dimension. */
    public Parameter weight() {
        return weight;
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    @Override
    public int outputSize(int in) {
        return in - 1 + dimension;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight);
    }

    @Override
    public void initialize(Rng rng) {
        float[] w = weight.value().data();
        for (int i = 0; i < vocabulary * dimension; i++) {
            w[i] = (float) rng.nextGaussian();
        }
    }

    private int index(float value, int row) {
        int i = Math.round(value);
        if (!(i >= 0 && i < vocabulary)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "Embedding: row %d holds index %s in column %d, outside 0 … %d", row, value, column, vocabulary - 1));
        }
        return i;
    }

    @Override
    public Matrix forward(Matrix input, boolean training) {
        if (input.columns() != inputSize) {
            throw new IllegalArgumentException("Embedding(" + describeSizes() + "): input has " + input.columns() + " columns, expected " + inputSize);
        }
        x = input;
        int rows = input.rows();
        int out = inputSize - 1 + dimension;
        y = Matrix.reuseOrAllocate(y, rows, out);
        float[] in = input.data();
        float[] o = y.data();
        float[] w = weight.value().data();
        for (int r = 0; r < rows; r++) {
            int src = r * inputSize;
            int dst = r * out;
            System.arraycopy(in, src, o, dst, column);
            System.arraycopy(w, index(in[src + column], r) * dimension, o, dst + column, dimension);
            System.arraycopy(in, src + column + 1, o, dst + column + dimension, inputSize - column - 1);
        }
        return y;
    }

    @Override
    public Matrix backward(Matrix gradOutput, boolean needInputGradient) {
        int rows = x.rows();
        int out = inputSize - 1 + dimension;
        float[] in = x.data();
        float[] g = gradOutput.data();
        float[] gw = weight.gradient().data();
        java.util.Arrays.fill(gw, 0, vocabulary * dimension, 0f);
        for (int r = 0; r < rows; r++) {
            int base = index(in[r * inputSize + column], r) * dimension;
            int src = r * out + column;
            for (int k = 0; k < dimension; k++) {
                gw[base + k] += g[src + k];
            }
        }
        if (!needInputGradient) {
            return null;
        }
        gradInput = Matrix.reuseOrAllocate(gradInput, rows, inputSize);
        float[] gi = gradInput.data();
        for (int r = 0; r < rows; r++) {
            int dst = r * inputSize;
            int src = r * out;
            System.arraycopy(g, src, gi, dst, column);
            gi[dst + column] = 0f;
            System.arraycopy(g, src + column + dimension, gi, dst + column + 1, inputSize - column - 1);
        }
        return gradInput;
    }

    @Override
    public Layer withSharedParameters() {
        return new Embedding(inputSize, column, vocabulary, dimension, weight);
    }

    private String describeSizes() {
        return String.format(Locale.ROOT, "column %d of %d, %d → %d", column, inputSize, vocabulary, dimension);
    }

    @Override
    public String describe() {
        return "Embedding(" + describeSizes() + ")";
    }
}
