package dev.neurite.io.onnx;

import dev.neurite.InvalidInputException;
import dev.neurite.io.onnx.OnnxGraph.Attribute;
import dev.neurite.io.onnx.OnnxGraph.Node;
import dev.neurite.nn.Activation;
import dev.neurite.nn.Activations;
import dev.neurite.tensor.Kernels;
import dev.neurite.tensor.Matrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operators the interpreter knows, each made from its node once at load time (attributes
 * read and checked then), and run on tensors afterwards. Float arithmetic is float32 as in
 * ONNX Runtime; activations and matrix products use Neurite's own kernels.
 */
final class Ops {
    /** An operator bound to its node's attributes: inputs (null for an omitted optional one) to outputs. */
    interface Op {
        Object[] run(Object[] inputs);
    }

    /** Every default-domain operator {@link #make} builds. */
    static final List<String> DEFAULT_OPS = List.of("Gemm", "MatMul", "Add", "Sub", "Mul", "Div", "Relu", "LeakyRelu",
            "Elu", "Sigmoid", "Tanh", "Softplus", "Softmax", "Gelu", "Erf", "Sqrt", "Flatten", "Reshape", "Identity",
            "Dropout", "Constant", "Cast", "Concat", "ArgMax", "Gather", "BatchNormalization", "IsNaN", "Round", "Slice", "GreaterOrEqual",
            "Sin", "Cos", "Transpose", "Unsqueeze");
    /** Every ai.onnx.ml operator {@link #make} builds. */
    static final List<String> ML_OPS = List.of("Scaler", "OneHotEncoder", "LabelEncoder", "ArrayFeatureExtractor",
            "ZipMap", "Imputer");

    private Ops() {
    }

    static boolean known(Node node) {
        return node.domain().isEmpty() ? DEFAULT_OPS.contains(node.opType())
                : node.domain().equals(OnnxGraph.ML_DOMAIN) && ML_OPS.contains(node.opType());
    }

    /** The operator of {@code node} at {@code opset}; an {@link InvalidInputException} when its attributes are not supported. */
    static Op make(Node node, long opset, String where) {
        Map<String, Attribute> a = node.attributes();
        if (node.domain().equals(OnnxGraph.ML_DOMAIN)) {
            return switch (node.opType()) {
                case "Scaler" -> scaler(floats(a, "offset", new float[] {0f}), floats(a, "scale", new float[] {1f}), where);
                case "OneHotEncoder" -> oneHot(a, where);
                case "LabelEncoder" -> labelEncoder(a, where);
                case "ArrayFeatureExtractor" -> in -> new Object[] {arrayFeatureExtractor(t(in, 0, where), t(in, 1, where), where)};
                case "ZipMap" -> zipMap(a, where);
                case "Imputer" -> imputer(a, where);
                default -> throw new InvalidInputException(where + ": unsupported operator");
            };
        }
        switch (node.opType()) {
            case "Gemm": {
                float alpha = f(a, "alpha", 1f);
                float beta = f(a, "beta", 1f);
                boolean ta = i(a, "transA", 0) != 0;
                boolean tb = i(a, "transB", 0) != 0;
                return in -> new Object[] {gemm(t(in, 0, where), ta, t(in, 1, where), tb, alpha, beta,
                        in.length > 2 ? (Tensor) in[2] : null, where)};
            }
            case "MatMul":
                return in -> new Object[] {matMul(t(in, 0, where), t(in, 1, where), where)};
            case "Add":
                return in -> new Object[] {binary(t(in, 0, where), t(in, 1, where), '+', where)};
            case "Sub":
                return in -> new Object[] {binary(t(in, 0, where), t(in, 1, where), '-', where)};
            case "Mul":
                return in -> new Object[] {binary(t(in, 0, where), t(in, 1, where), '*', where)};
            case "Div":
                return in -> new Object[] {binary(t(in, 0, where), t(in, 1, where), '/', where)};
            case "Relu":
                return activation(Activations.relu(), where);
            case "LeakyRelu":
                return activation(leakyRelu(f(a, "alpha", 0.01f), where), where);
            case "Elu":
                return activation(elu(f(a, "alpha", 1f), where), where);
            case "Sigmoid":
                return activation(Activations.sigmoid(), where);
            case "Tanh":
                return activation(Activations.tanh(), where);
            case "Softplus":
                return activation(Activations.softplus(), where);
            case "Gelu": {
                String approximate = s(a, "approximate", "none");
                if (!approximate.equals("none")) {
                    throw new InvalidInputException(where + ": Gelu approximate='" + approximate + "' is not supported (only 'none')");
                }
                return activation(Activations.gelu(), where);
            }
            case "Erf":
                return in -> new Object[] {map(t(in, 0, where), x -> (float) Activations.erf(x), where)};
            case "Sin":
                return in -> new Object[] {map(t(in, 0, where), x -> (float) Math.sin(x), where)};
            case "Cos":
                return in -> new Object[] {map(t(in, 0, where), x -> (float) Math.cos(x), where)};
            case "Transpose": {
                long[] perm = ints(a, "perm");
                return in -> new Object[] {transpose(t(in, 0, where), perm, where)};
            }
            case "Unsqueeze":
                if (opset < 13) {
                    throw new InvalidInputException(where + ": Unsqueeze with axes as an attribute (opset " + opset + " < 13) is not supported");
                }
                return in -> new Object[] {unsqueeze(t(in, 0, where), t(in, 1, where), where)};
            case "Sqrt":
                return in -> new Object[] {map(t(in, 0, where), x -> (float) Math.sqrt(x), where)};
            case "Round": // half to even, as ONNX rounds
                return in -> new Object[] {map(t(in, 0, where), x -> (float) Math.rint(x), where)};
            case "IsNaN":
                return in -> {
                    Tensor x = requireFloat(t(in, 0, where), where);
                    long[] out = new long[x.size()];
                    for (int k = 0; k < out.length; k++) {
                        out[k] = Float.isNaN(x.floatData()[k]) ? 1 : 0;
                    }
                    return new Object[] {Tensor.longs(x.shape(), out)}; // booleans are int64 0/1 here
                };
            case "GreaterOrEqual":
                return in -> {
                    Tensor x = requireFloat(t(in, 0, where), where);
                    Tensor y = requireFloat(t(in, 1, where), where);
                    Tensor difference = binary(x, y, '-', where); // for its broadcast shape only
                    long[] out = new long[difference.size()];
                    int[] shape = difference.shape();
                    int[] index = new int[shape.length];
                    for (int k = 0; k < out.length; k++) {
                        out[k] = x.floatData()[offset(x.shape(), shape, index)] >= y.floatData()[offset(y.shape(), shape, index)] ? 1 : 0;
                        for (int d = shape.length - 1; d >= 0 && ++index[d] == shape[d]; d--) {
                            index[d] = 0;
                        }
                    }
                    return new Object[] {Tensor.longs(shape, out)}; // booleans are int64 0/1 here
                };
            case "Slice":
                return in -> new Object[] {slice(t(in, 0, where), t(in, 1, where), t(in, 2, where),
                        in.length > 3 && in[3] != null ? t(in, 3, where) : null, in.length > 4 && in[4] != null ? t(in, 4, where) : null, where)};
            case "Softmax": {
                long axis = i(a, "axis", opset < 13 ? 1 : -1);
                boolean coerce = opset < 13;
                return in -> new Object[] {softmax(t(in, 0, where), axis, coerce, where)};
            }
            case "Flatten": {
                long axis = i(a, "axis", 1);
                return in -> {
                    Tensor x = t(in, 0, where);
                    int k = axis(axis, x.rank() + 1, where);
                    return new Object[] {x.reshaped(new int[] {prod(x.shape(), 0, k), prod(x.shape(), k, x.rank())})};
                };
            }
            case "Reshape": {
                boolean allowZero = i(a, "allowzero", 0) != 0;
                return in -> new Object[] {reshape(t(in, 0, where), t(in, 1, where), allowZero, where)};
            }
            case "Identity":
                return in -> new Object[] {in[0]};
            case "Dropout":
                return in -> {
                    Tensor x = t(in, 0, where);
                    long[] ones = new long[x.size()];
                    Arrays.fill(ones, 1);
                    return new Object[] {x, Tensor.longs(x.shape(), ones)};
                };
            case "Constant": {
                Tensor value = constant(a, where);
                return in -> new Object[] {value};
            }
            case "Cast": {
                long to = i(a, "to", -1);
                return in -> new Object[] {cast(t(in, 0, where), to, where)};
            }
            case "Concat": {
                if (!a.containsKey("axis")) {
                    throw new InvalidInputException(where + ": Concat needs an 'axis' attribute");
                }
                long axis = i(a, "axis", 0);
                return in -> new Object[] {concat(in, axis, where)};
            }
            case "ArgMax": {
                long axis = i(a, "axis", 0);
                boolean keep = i(a, "keepdims", 1) != 0;
                boolean last = i(a, "select_last_index", 0) != 0;
                return in -> new Object[] {argMax(t(in, 0, where), axis, keep, last, where)};
            }
            case "Gather": {
                long axis = i(a, "axis", 0);
                return in -> new Object[] {gather(t(in, 0, where), t(in, 1, where), axis, where)};
            }
            case "BatchNormalization": {
                float epsilon = f(a, "epsilon", 1e-5f);
                if (i(a, "training_mode", 0) != 0) {
                    throw new InvalidInputException(where + ": BatchNormalization in training mode is not supported");
                }
                return in -> new Object[] {batchNorm(t(in, 0, where), t(in, 1, where), t(in, 2, where), t(in, 3, where),
                        t(in, 4, where), epsilon, where)};
            }
            default:
                throw new InvalidInputException(where + ": unsupported operator");
        }
    }

    // ------------------------------------------------------------ attributes

    static float f(Map<String, Attribute> a, String name, float otherwise) {
        Attribute x = a.get(name);
        return x == null ? otherwise : x.type() == Attribute.Type.INT ? x.i() : x.f();
    }

    static long i(Map<String, Attribute> a, String name, long otherwise) {
        Attribute x = a.get(name);
        return x == null ? otherwise : x.i();
    }

    static String s(Map<String, Attribute> a, String name, String otherwise) {
        Attribute x = a.get(name);
        return x == null || x.s() == null ? otherwise : x.s();
    }

    static float[] floats(Map<String, Attribute> a, String name, float[] otherwise) {
        Attribute x = a.get(name);
        return x == null || x.floats() == null ? otherwise : x.floats();
    }

    static long[] ints(Map<String, Attribute> a, String name) {
        Attribute x = a.get(name);
        return x == null ? null : x.ints();
    }

    static List<String> strings(Map<String, Attribute> a, String name) {
        Attribute x = a.get(name);
        return x == null ? null : x.strings();
    }

    private static Tensor t(Object[] in, int k, String where) {
        if (k >= in.length || in[k] == null) {
            throw new InvalidInputException(where + ": input " + k + " is missing");
        }
        if (!(in[k] instanceof Tensor t)) {
            throw new InvalidInputException(where + ": input " + k + " is not a tensor");
        }
        return t;
    }

    private static Tensor requireFloat(Tensor x, String where) {
        if (x.kind() != Tensor.Kind.FLOAT) {
            throw new InvalidInputException(where + ": expected a float tensor, got " + x);
        }
        return x;
    }

    static int axis(long axis, int rank, String where) {
        long k = axis < 0 ? axis + rank : axis;
        if (k < 0 || k >= rank) {
            throw new InvalidInputException(where + ": axis " + axis + " is out of range for rank " + rank);
        }
        return (int) k;
    }

    private static int prod(int[] shape, int from, int to) {
        long n = 1;
        for (int k = from; k < to; k++) {
            n *= shape[k];
        }
        return (int) n;
    }

    // ------------------------------------------------------------ float operators

    private static Activation leakyRelu(float alpha, String where) {
        try {
            return Activations.leakyRelu(alpha);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(where + ": " + e.getMessage());
        }
    }

    private static Activation elu(float alpha, String where) {
        try {
            return Activations.elu(alpha);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(where + ": " + e.getMessage());
        }
    }

    private static Op activation(Activation f, String where) {
        return in -> {
            Tensor x = requireFloat(t(in, 0, where), where);
            float[] y = new float[x.size()];
            f.forward(Matrix.wrap(x.floatData(), 1, x.size()), Matrix.wrap(y, 1, y.length));
            return new Object[] {Tensor.floats(x.shape(), y)};
        };
    }

    private interface FloatFunction {
        float apply(float x);
    }

    private static Tensor map(Tensor x, FloatFunction f, String where) {
        float[] in = requireFloat(x, where).floatData();
        float[] y = new float[in.length];
        for (int k = 0; k < in.length; k++) {
            y[k] = f.apply(in[k]);
        }
        return Tensor.floats(x.shape(), y);
    }

    static Tensor gemm(Tensor a, boolean ta, Tensor b, boolean tb, float alpha, float beta, Tensor c, String where) {
        requireFloat(a, where);
        requireFloat(b, where);
        if (a.rank() != 2 || b.rank() != 2) {
            throw new InvalidInputException(where + ": Gemm needs two matrices, got " + a + " and " + b);
        }
        int m = ta ? a.dim(1) : a.dim(0);
        int k = ta ? a.dim(0) : a.dim(1);
        int kb = tb ? b.dim(1) : b.dim(0);
        int n = tb ? b.dim(0) : b.dim(1);
        if (k != kb) {
            throw new InvalidInputException(where + ": Gemm of " + a + (ta ? "ᵀ" : "") + " and " + b + (tb ? "ᵀ" : "") + ": inner sizes " + k + " ≠ " + kb);
        }
        Matrix out = new Matrix(m, n);
        if (m > 0 && n > 0 && k > 0) {
            Kernels.get().gemm(Matrix.wrap(a.floatData(), a.dim(0), a.dim(1)), ta, Matrix.wrap(b.floatData(), b.dim(0), b.dim(1)), tb, out);
        }
        float[] y = out.data();
        if (alpha != 1f) {
            for (int q = 0; q < y.length; q++) {
                y[q] *= alpha;
            }
        }
        Tensor result = Tensor.floats(new int[] {m, n}, y);
        if (c != null && beta != 0f) {
            Tensor bc = beta == 1f ? c : binary(c, Tensor.floats(new int[0], new float[] {beta}), '*', where);
            result = binary(result, bc, '+', where);
            if (!Arrays.equals(result.shape(), new int[] {m, n})) {
                throw new InvalidInputException(where + ": Gemm's C " + c + " does not broadcast to [" + m + ", " + n + "]");
            }
        }
        return result;
    }

    /** Transposes {@code x} by {@code perm} (reversing the axes when null). */
    static Tensor transpose(Tensor x, long[] perm, String where) {
        int rank = x.rank();
        int[] p = new int[rank];
        boolean[] seen = new boolean[rank];
        for (int k = 0; k < rank; k++) {
            long axis = perm == null ? rank - 1 - k : k < perm.length ? perm[k] : -1;
            if (perm != null && perm.length != rank || axis < 0 || axis >= rank || seen[(int) axis]) {
                throw new InvalidInputException(where + ": Transpose perm " + Arrays.toString(perm) + " is not a permutation of the " + rank + " axes of " + x);
            }
            p[k] = (int) axis;
            seen[p[k]] = true;
        }
        int[] in = x.shape();
        int[] shape = new int[rank];
        int[] stride = new int[rank];
        for (int k = rank - 1, s = 1; k >= 0; k--) {
            stride[k] = s;
            s *= in[k];
        }
        for (int k = 0; k < rank; k++) {
            shape[k] = in[p[k]];
        }
        int size = x.size();
        int[] index = new int[rank];
        int[] from = new int[size]; // output element o is input element from[o], whatever the element type
        for (int o = 0; o < size; o++) {
            for (int k = 0; k < rank; k++) {
                from[o] += index[k] * stride[p[k]];
            }
            for (int d = rank - 1; d >= 0 && ++index[d] == shape[d]; d--) {
                index[d] = 0;
            }
        }
        if (x.kind() == Tensor.Kind.FLOAT) {
            float[] src = x.floatData();
            float[] out = new float[size];
            for (int o = 0; o < size; o++) {
                out[o] = src[from[o]];
            }
            return Tensor.floats(shape, out);
        }
        if (x.kind() == Tensor.Kind.INT64) {
            long[] src = x.longData();
            long[] out = new long[size];
            for (int o = 0; o < size; o++) {
                out[o] = src[from[o]];
            }
            return Tensor.longs(shape, out);
        }
        throw new InvalidInputException(where + ": Transpose of " + x + " is not supported");
    }

    /** Inserts axes of size 1 at the positions {@code axes} of the output (opset 13: axes is an input). */
    static Tensor unsqueeze(Tensor x, Tensor axes, String where) {
        if (axes.kind() != Tensor.Kind.INT64 || axes.rank() > 1) {
            throw new InvalidInputException(where + ": Unsqueeze's axes must be a list of integers, got " + axes);
        }
        int rank = x.rank() + axes.size();
        boolean[] inserted = new boolean[rank];
        for (long axis : axes.longData()) {
            int k = axis(axis, rank, where);
            if (inserted[k]) {
                throw new InvalidInputException(where + ": Unsqueeze names axis " + axis + " twice");
            }
            inserted[k] = true;
        }
        int[] shape = new int[rank];
        for (int k = 0, from = 0; k < rank; k++) {
            shape[k] = inserted[k] ? 1 : x.dim(from++);
        }
        return x.reshaped(shape);
    }

    static Tensor matMul(Tensor a, Tensor b, String where) {
        requireFloat(a, where);
        requireFloat(b, where);
        if (a.rank() == 3 && b.rank() == 3) {
            // a batch of products, one per leading index
            int batch = a.dim(0);
            int m = a.dim(1);
            int k = a.dim(2);
            int n = b.dim(2);
            if (b.dim(0) != batch || b.dim(1) != k) {
                throw new InvalidInputException(where + ": MatMul of " + a + " and " + b + ": the batches or inner sizes differ");
            }
            float[] out = new float[batch * m * n];
            for (int i = 0; i < batch && m > 0 && n > 0 && k > 0; i++) {
                Matrix product = new Matrix(m, n);
                Kernels.get().gemm(Matrix.wrap(Arrays.copyOfRange(a.floatData(), i * m * k, (i + 1) * m * k), m, k), false,
                        Matrix.wrap(Arrays.copyOfRange(b.floatData(), i * k * n, (i + 1) * k * n), k, n), false, product);
                System.arraycopy(product.data(), 0, out, i * m * n, m * n);
            }
            return Tensor.floats(new int[] {batch, m, n}, out);
        }
        if (a.rank() < 1 || b.rank() != 2) {
            throw new InvalidInputException(where + ": MatMul of " + a + " and " + b + " (Neurite multiplies by a matrix, or a batch of matrices by a batch of matrices)");
        }
        int k = a.dim(a.rank() - 1);
        if (k != b.dim(0)) {
            throw new InvalidInputException(where + ": MatMul of " + a + " and " + b + ": inner sizes " + k + " ≠ " + b.dim(0));
        }
        int rows = k == 0 ? prod(a.shape(), 0, a.rank() - 1) : a.size() / k;
        int n = b.dim(1);
        Matrix out = new Matrix(rows, n);
        if (rows > 0 && n > 0 && k > 0) {
            Kernels.get().gemm(Matrix.wrap(a.floatData(), rows, k), false, Matrix.wrap(b.floatData(), k, n), false, out);
        }
        int[] shape = a.shape();
        if (a.rank() == 1) {
            return Tensor.floats(new int[] {n}, out.data());
        }
        shape[shape.length - 1] = n;
        return Tensor.floats(shape, out.data());
    }

    /** ONNX multidirectional (numpy) broadcasting of two shapes. */
    static int[] broadcast(int[] x, int[] y, String where) {
        int rank = Math.max(x.length, y.length);
        int[] out = new int[rank];
        for (int k = 0; k < rank; k++) {
            int dx = k - (rank - x.length) >= 0 ? x[k - (rank - x.length)] : 1;
            int dy = k - (rank - y.length) >= 0 ? y[k - (rank - y.length)] : 1;
            if (dx != dy && dx != 1 && dy != 1) {
                throw new InvalidInputException(where + ": shapes " + Arrays.toString(x) + " and " + Arrays.toString(y) + " do not broadcast");
            }
            out[k] = dx == 1 ? dy : dx;
        }
        return out;
    }

    /** For each element of {@code out}, the index into a tensor of {@code shape} broadcast to it. */
    private static int[] broadcastIndex(int[] shape, int[] out) {
        int n = prod(out, 0, out.length);
        int[] index = new int[n];
        int rank = out.length;
        int[] strides = new int[rank];
        int stride = 1;
        for (int k = rank - 1; k >= 0; k--) {
            int j = k - (rank - shape.length);
            int d = j >= 0 ? shape[j] : 1;
            strides[k] = d == 1 ? 0 : stride;
            stride *= d;
        }
        int[] counter = new int[rank];
        int pos = 0;
        for (int e = 0; e < n; e++) {
            index[e] = pos;
            for (int k = rank - 1; k >= 0; k--) {
                counter[k]++;
                pos += strides[k];
                if (counter[k] < out[k]) {
                    break;
                }
                pos -= strides[k] * counter[k];
                counter[k] = 0;
            }
        }
        return index;
    }

    static Tensor binary(Tensor x, Tensor y, char op, String where) {
        if (x.kind() != y.kind() || x.kind() == Tensor.Kind.STRING) {
            throw new InvalidInputException(where + ": arithmetic on " + x + " and " + y);
        }
        int[] shape = broadcast(x.shape(), y.shape(), where);
        int n = prod(shape, 0, shape.length);
        boolean same = Arrays.equals(x.shape(), shape) && Arrays.equals(y.shape(), shape);
        int[] ix = same ? null : broadcastIndex(x.shape(), shape);
        int[] iy = same ? null : broadcastIndex(y.shape(), shape);
        if (x.kind() == Tensor.Kind.FLOAT) {
            float[] a = x.floatData();
            float[] b = y.floatData();
            float[] out = new float[n];
            for (int e = 0; e < n; e++) {
                float p = a[same ? e : ix[e]];
                float q = b[same ? e : iy[e]];
                out[e] = switch (op) {
                    case '+' -> p + q;
                    case '-' -> p - q;
                    case '*' -> p * q;
                    default -> p / q;
                };
            }
            return Tensor.floats(shape, out);
        }
        long[] a = x.longData();
        long[] b = y.longData();
        long[] out = new long[n];
        for (int e = 0; e < n; e++) {
            long p = a[same ? e : ix[e]];
            long q = b[same ? e : iy[e]];
            if (op == '/' && q == 0) {
                throw new InvalidInputException(where + ": integer division by zero");
            }
            out[e] = switch (op) {
                case '+' -> p + q;
                case '-' -> p - q;
                case '*' -> p * q;
                default -> p / q;
            };
        }
        return Tensor.longs(shape, out);
    }

    static Tensor softmax(Tensor x, long axisAttribute, boolean coerce, String where) {
        requireFloat(x, where);
        if (x.rank() == 0) {
            throw new InvalidInputException(where + ": Softmax of a scalar");
        }
        int axis = axis(axisAttribute, x.rank(), where);
        int[] s = x.shape();
        int outer = prod(s, 0, axis);
        int length = coerce ? prod(s, axis, s.length) : s[axis];
        int inner = coerce ? 1 : prod(s, axis + 1, s.length);
        float[] in = x.floatData();
        float[] out = new float[in.length];
        if (inner == 1) {
            Matrix.wrap(in, outer, length);
            Activations.softmax().forward(Matrix.wrap(in, outer, length), Matrix.wrap(out, outer, length));
            return Tensor.floats(s, out);
        }
        float[] row = new float[length];
        float[] res = new float[length];
        for (int o = 0; o < outer; o++) {
            for (int q = 0; q < inner; q++) {
                for (int j = 0; j < length; j++) {
                    row[j] = in[(o * length + j) * inner + q];
                }
                Activations.softmax().forward(Matrix.wrap(row, 1, length), Matrix.wrap(res, 1, length));
                for (int j = 0; j < length; j++) {
                    out[(o * length + j) * inner + q] = res[j];
                }
            }
        }
        return Tensor.floats(s, out);
    }

    static Tensor batchNorm(Tensor x, Tensor scale, Tensor bias, Tensor mean, Tensor var, float epsilon, String where) {
        requireFloat(x, where);
        if (x.rank() < 2) {
            throw new InvalidInputException(where + ": BatchNormalization of " + x + " (needs [N, C, …])");
        }
        int c = x.dim(1);
        for (Tensor p : new Tensor[] {scale, bias, mean, var}) {
            if (requireFloat(p, where).size() != c) {
                throw new InvalidInputException(where + ": BatchNormalization parameter " + p + " for " + c + " channels");
            }
        }
        float[] in = x.floatData();
        float[] out = new float[in.length];
        int inner = prod(x.shape(), 2, x.rank());
        float[] g = scale.floatData();
        float[] b = bias.floatData();
        float[] mu = mean.floatData();
        float[] v = var.floatData();
        for (int e = 0; e < in.length; e++) {
            int ch = (e / Math.max(inner, 1)) % c;
            out[e] = (float) ((in[e] - mu[ch]) / Math.sqrt(v[ch] + epsilon)) * g[ch] + b[ch];
        }
        return Tensor.floats(x.shape(), out);
    }

    // ------------------------------------------------------------ shapes and indices

    static Tensor reshape(Tensor x, Tensor shapeTensor, boolean allowZero, String where) {
        if (shapeTensor.kind() != Tensor.Kind.INT64 || shapeTensor.rank() != 1) {
            throw new InvalidInputException(where + ": Reshape's shape must be a 1-D int64 tensor, got " + shapeTensor);
        }
        long[] want = shapeTensor.longData();
        int[] shape = new int[want.length];
        int infer = -1;
        long known = 1;
        for (int k = 0; k < want.length; k++) {
            long d = want[k];
            if (d == 0 && !allowZero) {
                if (k >= x.rank()) {
                    throw new InvalidInputException(where + ": Reshape copies dimension " + k + " of " + x);
                }
                d = x.dim(k);
            }
            if (d == -1) {
                if (infer >= 0) {
                    throw new InvalidInputException(where + ": Reshape to " + Arrays.toString(want) + " has two -1");
                }
                infer = k;
                continue;
            }
            if (d < 0 || d > Integer.MAX_VALUE) {
                throw new InvalidInputException(where + ": Reshape to " + Arrays.toString(want));
            }
            shape[k] = (int) d;
            known *= d;
            if (known > Integer.MAX_VALUE) {
                throw new InvalidInputException(where + ": Reshape to " + Arrays.toString(want));
            }
        }
        if (infer >= 0) {
            if (known == 0 || x.size() % known != 0) {
                throw new InvalidInputException(where + ": cannot reshape " + x + " to " + Arrays.toString(want));
            }
            shape[infer] = (int) (x.size() / known);
        } else if (known != x.size()) {
            throw new InvalidInputException(where + ": cannot reshape " + x + " to " + Arrays.toString(want));
        }
        return x.reshaped(shape);
    }

    private static Tensor constant(Map<String, Attribute> a, String where) {
        if (a.size() != 1) {
            throw new InvalidInputException(where + ": Constant needs exactly one value attribute, has " + a.keySet());
        }
        Attribute v = a.values().iterator().next();
        return switch (v.name()) {
            case "value" -> v.t();
            case "value_float" -> Tensor.floats(new int[0], new float[] {v.f()});
            case "value_floats" -> Tensor.floats(new int[] {v.floats().length}, v.floats());
            case "value_int" -> Tensor.longs(new int[0], new long[] {v.i()});
            case "value_ints" -> Tensor.longs(new int[] {v.ints().length}, v.ints());
            case "value_string" -> Tensor.strings(new int[0], new String[] {v.s()});
            case "value_strings" -> Tensor.strings(new int[] {v.strings().size()}, v.strings().toArray(String[]::new));
            default -> throw new InvalidInputException(where + ": Constant attribute '" + v.name() + "' is not supported");
        };
    }

    static Tensor cast(Tensor x, long to, String where) {
        switch ((int) to) {
            case OnnxFormat.FLOAT, OnnxFormat.DOUBLE -> {
                float[] out = new float[x.size()];
                for (int k = 0; k < out.length; k++) {
                    out[k] = switch (x.kind()) {
                        case FLOAT -> x.floatData()[k];
                        case INT64 -> x.longData()[k];
                        case STRING -> parse(x.stringData()[k], where);
                    };
                }
                return Tensor.floats(x.shape(), out);
            }
            case OnnxFormat.INT64, OnnxFormat.INT32, OnnxFormat.BOOL -> {
                long[] out = new long[x.size()];
                for (int k = 0; k < out.length; k++) {
                    long v = switch (x.kind()) {
                        case FLOAT -> to == OnnxFormat.BOOL ? (x.floatData()[k] != 0 ? 1 : 0) : (long) x.floatData()[k];
                        case INT64 -> x.longData()[k];
                        case STRING -> (long) parse(x.stringData()[k], where);
                    };
                    out[k] = to == OnnxFormat.BOOL ? (v != 0 ? 1 : 0) : to == OnnxFormat.INT32 ? (int) v : v;
                }
                return Tensor.longs(x.shape(), out);
            }
            case OnnxFormat.STRING -> {
                String[] out = new String[x.size()];
                for (int k = 0; k < out.length; k++) {
                    out[k] = switch (x.kind()) {
                        case FLOAT -> Float.toString(x.floatData()[k]);
                        case INT64 -> Long.toString(x.longData()[k]);
                        case STRING -> x.stringData()[k];
                    };
                }
                return Tensor.strings(x.shape(), out);
            }
            default -> throw new InvalidInputException(where + ": Cast to type " + to + " is not supported");
        }
    }

    private static float parse(String s, String where) {
        try {
            return Float.parseFloat(s.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(where + ": cannot cast '" + s + "' to a number");
        }
    }

    static Tensor concat(Object[] in, long axisAttribute, String where) {
        if (in.length == 0) {
            throw new InvalidInputException(where + ": Concat of nothing");
        }
        Tensor first = t(in, 0, where);
        int rank = first.rank();
        int axis = axis(axisAttribute, rank, where);
        int[] shape = first.shape();
        long total = 0;
        for (int q = 0; q < in.length; q++) {
            Tensor x = t(in, q, where);
            if (x.kind() != first.kind() || x.rank() != rank) {
                throw new InvalidInputException(where + ": Concat of " + first + " and " + x);
            }
            for (int k = 0; k < rank; k++) {
                if (k != axis && x.dim(k) != shape[k]) {
                    throw new InvalidInputException(where + ": Concat of " + first + " and " + x + " along axis " + axis);
                }
            }
            total += x.dim(axis);
        }
        if (total > Integer.MAX_VALUE) {
            throw new InvalidInputException(where + ": Concat too large");
        }
        shape[axis] = (int) total;
        int outer = prod(shape, 0, axis);
        int inner = prod(shape, axis + 1, rank);
        int n = prod(shape, 0, rank);
        Object out = switch (first.kind()) {
            case FLOAT -> new float[n];
            case INT64 -> new long[n];
            case STRING -> new String[n];
        };
        int offset = 0;
        for (Object o : in) {
            Tensor x = (Tensor) o;
            Object src = switch (x.kind()) {
                case FLOAT -> x.floatData();
                case INT64 -> x.longData();
                case STRING -> x.stringData();
            };
            int block = x.dim(axis) * inner;
            for (int r = 0; r < outer; r++) {
                System.arraycopy(src, r * block, out, r * (int) total * inner + offset, block);
            }
            offset += block;
        }
        return switch (first.kind()) {
            case FLOAT -> Tensor.floats(shape, (float[]) out);
            case INT64 -> Tensor.longs(shape, (long[]) out);
            case STRING -> Tensor.strings(shape, (String[]) out);
        };
    }

    static Tensor argMax(Tensor x, long axisAttribute, boolean keepDims, boolean last, String where) {
        int axis = axis(axisAttribute, x.rank(), where);
        int[] s = x.shape();
        int outer = prod(s, 0, axis);
        int length = s[axis];
        int inner = prod(s, axis + 1, s.length);
        if (length == 0) {
            throw new InvalidInputException(where + ": ArgMax over an empty axis");
        }
        long[] out = new long[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int q = 0; q < inner; q++) {
                int best = 0;
                double bestValue = value(x, o * length * inner + q);
                for (int j = 1; j < length; j++) {
                    double v = value(x, (o * length + j) * inner + q);
                    if (v > bestValue || (last && v == bestValue)) {
                        best = j;
                        bestValue = v;
                    }
                }
                out[o * inner + q] = best;
            }
        }
        int[] shape;
        if (keepDims) {
            shape = s.clone();
            shape[axis] = 1;
        } else {
            shape = new int[s.length - 1];
            for (int k = 0, j = 0; k < s.length; k++) {
                if (k != axis) {
                    shape[j++] = s[k];
                }
            }
        }
        return Tensor.longs(shape, out);
    }

    private static double value(Tensor x, int k) {
        return switch (x.kind()) {
            case FLOAT -> x.floatData()[k];
            case INT64 -> x.longData()[k];
            case STRING -> throw new InvalidInputException("ArgMax of strings");
        };
    }

    /** The flat offset in a tensor of {@code shape} of the element at {@code index} of the broadcast shape {@code out}. */
    private static int offset(int[] shape, int[] out, int[] index) {
        int o = 0;
        for (int d = 0, lead = out.length - shape.length; d < shape.length; d++) {
            o = o * shape[d] + (shape[d] == 1 ? 0 : index[lead + d]);
        }
        return o;
    }

    /** ONNX Slice with steps of 1: along each axis, elements start … end−1, both clamped to the axis, negatives from its end. */
    static Tensor slice(Tensor x, Tensor starts, Tensor ends, Tensor axes, Tensor steps, String where) {
        if (starts.kind() != Tensor.Kind.INT64 || ends.kind() != Tensor.Kind.INT64 || starts.size() != ends.size()
                || (axes != null && (axes.kind() != Tensor.Kind.INT64 || axes.size() != starts.size()))) {
            throw new InvalidInputException(where + ": Slice's starts, ends and axes must be int64 vectors of one length");
        }
        if (steps != null) {
            for (long step : steps.kind() == Tensor.Kind.INT64 ? steps.longData() : new long[] {0}) {
                if (step != 1) {
                    throw new InvalidInputException(where + ": Slice with a step other than 1 is not supported");
                }
            }
        }
        int[] shape = x.shape().clone();
        int[] from = new int[shape.length];
        for (int k = 0; k < starts.size(); k++) {
            int axis = axis(axes == null ? k : axes.longData()[k], shape.length, where);
            long n = x.shape()[axis];
            long b = starts.longData()[k] < 0 ? starts.longData()[k] + n : starts.longData()[k];
            long e = ends.longData()[k] < 0 ? ends.longData()[k] + n : ends.longData()[k];
            b = Math.max(0, Math.min(n, b));
            e = Math.max(b, Math.min(n, e));
            from[axis] = (int) b;
            shape[axis] = (int) (e - b);
        }
        int size = (int) Tensor.size(shape);
        int[] index = new int[shape.length];
        int[] stride = new int[shape.length];
        for (int d = shape.length - 1, st = 1; d >= 0; d--) {
            stride[d] = st;
            st *= x.shape()[d];
        }
        float[] fo = x.kind() == Tensor.Kind.FLOAT ? new float[size] : null;
        long[] lo = x.kind() == Tensor.Kind.INT64 ? new long[size] : null;
        String[] so = x.kind() == Tensor.Kind.STRING ? new String[size] : null;
        for (int o = 0; o < size; o++) {
            int src = 0;
            for (int d = 0; d < shape.length; d++) {
                src += (from[d] + index[d]) * stride[d];
            }
            switch (x.kind()) {
                case FLOAT -> fo[o] = x.floatData()[src];
                case INT64 -> lo[o] = x.longData()[src];
                case STRING -> so[o] = x.stringData()[src];
            }
            for (int d = shape.length - 1; d >= 0 && ++index[d] == shape[d]; d--) {
                index[d] = 0;
            }
        }
        return switch (x.kind()) {
            case FLOAT -> Tensor.floats(shape, fo);
            case INT64 -> Tensor.longs(shape, lo);
            case STRING -> Tensor.strings(shape, so);
        };
    }

    static Tensor gather(Tensor data, Tensor indices, long axisAttribute, String where) {
        if (indices.kind() != Tensor.Kind.INT64) {
            throw new InvalidInputException(where + ": Gather's indices must be integers, got " + indices);
        }
        int axis = axis(axisAttribute, data.rank(), where);
        int[] s = data.shape();
        int outer = prod(s, 0, axis);
        int length = s[axis];
        int inner = prod(s, axis + 1, s.length);
        long[] idx = indices.longData();
        int[] shape = new int[s.length - 1 + indices.rank()];
        System.arraycopy(s, 0, shape, 0, axis);
        System.arraycopy(indices.shape(), 0, shape, axis, indices.rank());
        System.arraycopy(s, axis + 1, shape, axis + indices.rank(), s.length - axis - 1);
        if (Tensor.size(shape) < 0) {
            throw new InvalidInputException(where + ": Gather result too large");
        }
        int[] from = new int[idx.length];
        for (int k = 0; k < idx.length; k++) {
            long i = idx[k] < 0 ? idx[k] + length : idx[k];
            if (i < 0 || i >= length) {
                throw new InvalidInputException(where + ": Gather index " + idx[k] + " is out of range for size " + length);
            }
            from[k] = (int) i;
        }
        int n = outer * idx.length * inner;
        Object src = switch (data.kind()) {
            case FLOAT -> data.floatData();
            case INT64 -> data.longData();
            case STRING -> data.stringData();
        };
        Object out = switch (data.kind()) {
            case FLOAT -> new float[n];
            case INT64 -> new long[n];
            case STRING -> new String[n];
        };
        for (int o = 0; o < outer; o++) {
            for (int k = 0; k < idx.length; k++) {
                System.arraycopy(src, (o * length + from[k]) * inner, out, (o * idx.length + k) * inner, inner);
            }
        }
        return switch (data.kind()) {
            case FLOAT -> Tensor.floats(shape, (float[]) out);
            case INT64 -> Tensor.longs(shape, (long[]) out);
            case STRING -> Tensor.strings(shape, (String[]) out);
        };
    }

    // ------------------------------------------------------------ ai.onnx.ml

    private static Op scaler(float[] offset, float[] scale, String where) {
        return in -> {
            Tensor x = requireFloat(t(in, 0, where), where);
            int c = x.rank() == 0 ? 1 : x.dim(x.rank() - 1);
            if ((offset.length != 1 && offset.length != c) || (scale.length != 1 && scale.length != c)) {
                throw new InvalidInputException(where + ": Scaler has " + offset.length + " offsets and " + scale.length
                        + " scales for " + c + " columns");
            }
            float[] v = x.floatData();
            float[] out = new float[v.length];
            for (int k = 0; k < v.length; k++) {
                int j = c == 0 ? 0 : k % c;
                out[k] = (v[k] - offset[offset.length == 1 ? 0 : j]) * scale[scale.length == 1 ? 0 : j];
            }
            return new Object[] {Tensor.floats(x.shape(), out)};
        };
    }

    private static Op imputer(Map<String, Attribute> a, String where) {
        float[] values = floats(a, "imputed_value_floats", null);
        if (values == null || values.length == 0) {
            throw new InvalidInputException(where + ": Imputer needs imputed_value_floats (integer imputation is not supported)");
        }
        float replaced = f(a, "replaced_value_float", Float.NaN);
        return in -> {
            Tensor x = requireFloat(t(in, 0, where), where);
            int c = x.rank() == 0 ? 1 : x.dim(x.rank() - 1);
            if (values.length != 1 && values.length != c) {
                throw new InvalidInputException(where + ": Imputer has " + values.length + " values for " + c + " columns");
            }
            float[] v = x.floatData();
            float[] out = new float[v.length];
            for (int k = 0; k < v.length; k++) {
                boolean missing = Float.isNaN(replaced) ? Float.isNaN(v[k]) : v[k] == replaced;
                out[k] = missing ? values[values.length == 1 ? 0 : k % c] : v[k];
            }
            return new Object[] {Tensor.floats(x.shape(), out)};
        };
    }

    private static Op oneHot(Map<String, Attribute> a, String where) {
        List<String> strings = strings(a, "cats_strings");
        long[] ints = ints(a, "cats_int64s");
        if ((strings == null) == (ints == null)) {
            throw new InvalidInputException(where + ": OneHotEncoder needs exactly one of cats_strings and cats_int64s");
        }
        boolean zeros = i(a, "zeros", 1) != 0;
        Map<Object, Integer> index = new HashMap<>();
        int k = strings != null ? strings.size() : ints.length;
        for (int j = 0; j < k; j++) {
            index.putIfAbsent(strings != null ? strings.get(j) : (Object) ints[j], j);
        }
        return in -> {
            Tensor x = t(in, 0, where);
            int[] shape = Arrays.copyOf(x.shape(), x.rank() + 1);
            shape[x.rank()] = k;
            if (Tensor.size(shape) < 0) {
                throw new InvalidInputException(where + ": OneHotEncoder result too large");
            }
            float[] out = new float[(int) Tensor.size(shape)];
            for (int e = 0; e < x.size(); e++) {
                Object key = switch (x.kind()) {
                    case STRING -> strings != null ? x.stringData()[e] : null;
                    case INT64 -> ints != null ? (Object) x.longData()[e] : null;
                    case FLOAT -> ints != null ? (Object) (long) x.floatData()[e] : null;
                };
                Integer j = key == null ? null : index.get(key);
                if (j != null) {
                    out[e * k + j] = 1f;
                } else if (!zeros) {
                    throw new InvalidInputException(where + ": '" + element(x, e) + "' is not one of the "
                            + k + " categories of the OneHotEncoder");
                }
            }
            return new Object[] {Tensor.floats(shape, out)};
        };
    }

    private static String element(Tensor x, int e) {
        return switch (x.kind()) {
            case FLOAT -> Float.toString(x.floatData()[e]);
            case INT64 -> Long.toString(x.longData()[e]);
            case STRING -> x.stringData()[e];
        };
    }

    private static Op labelEncoder(Map<String, Attribute> a, String where) {
        List<String> keyStrings = strings(a, "keys_strings");
        long[] keyInts = ints(a, "keys_int64s");
        float[] keyFloats = floats(a, "keys_floats", null);
        List<String> valueStrings = strings(a, "values_strings");
        long[] valueInts = ints(a, "values_int64s");
        float[] valueFloats = floats(a, "values_floats", null);
        int keyKinds = (keyStrings != null ? 1 : 0) + (keyInts != null ? 1 : 0) + (keyFloats != null ? 1 : 0);
        int valueKinds = (valueStrings != null ? 1 : 0) + (valueInts != null ? 1 : 0) + (valueFloats != null ? 1 : 0);
        if (keyKinds != 1 || valueKinds != 1) {
            throw new InvalidInputException(where + ": LabelEncoder needs one list of keys and one of values "
                    + "(keys_strings/int64s/floats, values_strings/int64s/floats; tensor forms are not supported)");
        }
        int n = keyStrings != null ? keyStrings.size() : keyInts != null ? keyInts.length : keyFloats.length;
        int m = valueStrings != null ? valueStrings.size() : valueInts != null ? valueInts.length : valueFloats.length;
        if (n != m) {
            throw new InvalidInputException(where + ": LabelEncoder has " + n + " keys but " + m + " values");
        }
        Map<Object, Integer> index = new HashMap<>();
        for (int j = 0; j < n; j++) {
            index.putIfAbsent(keyStrings != null ? keyStrings.get(j) : keyInts != null ? (Object) keyInts[j] : (Object) keyFloats[j], j);
        }
        String defaultString = s(a, "default_string", "_Unused");
        long defaultInt = i(a, "default_int64", -1);
        float defaultFloat = f(a, "default_float", -0f);
        return in -> {
            Tensor x = t(in, 0, where);
            int size = x.size();
            Object[] keys = new Object[size];
            for (int e = 0; e < size; e++) {
                keys[e] = switch (x.kind()) {
                    case STRING -> keyStrings != null ? x.stringData()[e] : null;
                    case INT64 -> keyInts != null ? (Object) x.longData()[e] : null;
                    case FLOAT -> keyFloats != null ? (Object) x.floatData()[e] : null;
                };
                if (keys[e] == null) {
                    throw new InvalidInputException(where + ": LabelEncoder input " + x + " does not match the type of its keys");
                }
            }
            if (valueStrings != null) {
                String[] out = new String[size];
                for (int e = 0; e < size; e++) {
                    Integer j = index.get(keys[e]);
                    out[e] = j == null ? defaultString : valueStrings.get(j);
                }
                return new Object[] {Tensor.strings(x.shape(), out)};
            }
            if (valueInts != null) {
                long[] out = new long[size];
                for (int e = 0; e < size; e++) {
                    Integer j = index.get(keys[e]);
                    out[e] = j == null ? defaultInt : valueInts[j];
                }
                return new Object[] {Tensor.longs(x.shape(), out)};
            }
            float[] out = new float[size];
            for (int e = 0; e < size; e++) {
                Integer j = index.get(keys[e]);
                out[e] = j == null ? defaultFloat : valueFloats[j];
            }
            return new Object[] {Tensor.floats(x.shape(), out)};
        };
    }

    static Tensor arrayFeatureExtractor(Tensor x, Tensor indices, String where) {
        if (x.rank() == 0) {
            throw new InvalidInputException(where + ": ArrayFeatureExtractor of a scalar");
        }
        Tensor data = x.rank() == 1 ? x.reshaped(new int[] {1, x.dim(0)}) : x;
        Tensor flat = indices.reshaped(new int[] {indices.size()});
        return gather(data, flat, data.rank() - 1, where);
    }

    private static Op zipMap(Map<String, Attribute> a, String where) {
        List<String> strings = strings(a, "classlabels_strings");
        long[] ints = ints(a, "classlabels_int64s");
        if ((strings == null) == (ints == null)) {
            throw new InvalidInputException(where + ": ZipMap needs exactly one of classlabels_strings and classlabels_int64s");
        }
        List<Object> labels = new ArrayList<>();
        if (strings != null) {
            labels.addAll(strings);
        } else {
            for (long v : ints) {
                labels.add(v);
            }
        }
        return in -> {
            Tensor x = requireFloat(t(in, 0, where), where);
            if (x.rank() != 2 || x.dim(1) != labels.size()) {
                throw new InvalidInputException(where + ": ZipMap of " + x + " with " + labels.size() + " labels");
            }
            List<Map<Object, Float>> rows = new ArrayList<>();
            for (int r = 0; r < x.dim(0); r++) {
                Map<Object, Float> m = new LinkedHashMap<>();
                for (int j = 0; j < labels.size(); j++) {
                    m.put(labels.get(j), x.floatData()[r * labels.size() + j]);
                }
                rows.add(m);
            }
            return new Object[] {rows};
        };
    }
}
