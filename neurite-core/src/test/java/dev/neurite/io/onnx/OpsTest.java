package dev.neurite.io.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The interpreter's operators on small cases worked by hand, against ONNX's definitions. */
class OpsTest {
    private static Tensor f(int[] shape, float... v) {
        return Tensor.floats(shape, v);
    }

    @Test
    void broadcastingFollowsNumpy() {
        Tensor a = f(new int[] {2, 3}, 1, 2, 3, 4, 5, 6);
        Tensor row = f(new int[] {3}, 10, 20, 30);
        Tensor column = f(new int[] {2, 1}, 100, 200);
        assertArrayEquals(new float[] {11, 22, 33, 14, 25, 36}, Ops.binary(a, row, '+', "t").floatData());
        assertArrayEquals(new float[] {101, 102, 103, 204, 205, 206}, Ops.binary(a, column, '+', "t").floatData());
        assertArrayEquals(new int[] {2, 3}, Ops.binary(column, row, '*', "t").shape());
        assertArrayEquals(new float[] {1000, 2000, 3000, 2000, 4000, 6000}, Ops.binary(column, row, '*', "t").floatData());
    }

    @Test
    void softmaxAxisRulesBeforeAndFromOpset13() {
        Tensor x = f(new int[] {1, 2, 2}, 0, 0, 0, 0);
        // opset < 13, axis 1: the input is seen as [1, 4], one softmax over all four
        assertArrayEquals(new float[] {0.25f, 0.25f, 0.25f, 0.25f}, Ops.softmax(x, 1, true, "t").floatData());
        // opset 13, axis 1: along axis 1 only, pairs (0,2) and (1,3)
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f, 0.5f}, Ops.softmax(x, 1, false, "t").floatData());
    }

    @Test
    void gemmWithTransposeAlphaBetaAndBroadcastBias() {
        Tensor a = f(new int[] {1, 2}, 1, 2);
        Tensor b = f(new int[] {3, 2}, 1, 0, 0, 1, 1, 1); // transposed: [2, 3]
        Tensor c = f(new int[] {3}, 1, 1, 1);
        assertArrayEquals(new float[] {2 * 1 + 3, 2 * 2 + 3, 2 * 3 + 3},
                Ops.gemm(a, false, b, true, 2f, 3f, c, "t").floatData());
    }

    @Test
    void concatGatherArgMaxReshapeCast() {
        Tensor a = f(new int[] {2, 1}, 1, 2);
        Tensor b = f(new int[] {2, 2}, 3, 4, 5, 6);
        assertArrayEquals(new float[] {1, 3, 4, 2, 5, 6}, Ops.concat(new Object[] {a, b}, 1, "t").floatData());
        Tensor idx = Tensor.longs(new int[] {2}, new long[] {1, -2});
        assertArrayEquals(new float[] {5, 6, 3, 4}, Ops.gather(b, idx, 0, "t").floatData());
        assertArrayEquals(new long[] {1, 1}, Ops.argMax(b, 1, false, false, "t").longData());
        assertArrayEquals(new long[] {0}, Ops.argMax(f(new int[] {1, 2}, 7, 7), 1, false, false, "t").longData());
        assertArrayEquals(new long[] {1}, Ops.argMax(f(new int[] {1, 2}, 7, 7), 1, false, true, "t").longData());
        assertArrayEquals(new int[] {4, 1}, Ops.reshape(b, Tensor.longs(new int[] {2}, new long[] {-1, 1}), false, "t").shape());
        assertArrayEquals(new int[] {2, 2}, Ops.reshape(b, Tensor.longs(new int[] {2}, new long[] {0, -1}), false, "t").shape());
        assertArrayEquals(new long[] {3, 4, 5, 6}, Ops.cast(b, OnnxFormat.INT64, "t").longData());
        assertArrayEquals(new String[] {"1", "2"}, Ops.cast(Tensor.longs(new int[] {2}, new long[] {1, 2}), OnnxFormat.STRING, "t").stringData());
    }

    @Test
    void mlOperators() {
        var node = new OnnxGraph.Node("Imputer", "ai.onnx.ml", "i", java.util.List.of("x"), java.util.List.of("y"),
                Map.of("imputed_value_floats", OnnxGraph.Attribute.of("imputed_value_floats", new float[] {7, 8})));
        Tensor x = f(new int[] {2, 2}, Float.NaN, 1, 2, Float.NaN);
        Tensor y = (Tensor) Ops.make(node, 17, "t").run(new Object[] {x})[0];
        assertArrayEquals(new float[] {7, 1, 2, 8}, y.floatData());
        Tensor classes = Tensor.strings(new int[] {3}, new String[] {"a", "b", "c"});
        Tensor picked = Ops.arrayFeatureExtractor(classes, Tensor.longs(new int[] {2}, new long[] {2, 0}), "t");
        assertArrayEquals(new String[] {"c", "a"}, picked.stringData());
        assertEquals(2, picked.shape()[1]);
    }

    @Test
    void sliceTakesColumnsClampedAndFromTheEnd() {
        Tensor x = f(new int[] {2, 4}, 1, 2, 3, 4, 5, 6, 7, 8);
        Tensor one = Tensor.longs(new int[] {1}, new long[] {1});
        Tensor starts = Tensor.longs(new int[] {1}, new long[] {1});
        Tensor ends = Tensor.longs(new int[] {1}, new long[] {3});
        Tensor sliced = Ops.slice(x, starts, ends, one, null, "t");
        assertArrayEquals(new int[] {2, 2}, sliced.shape());
        assertArrayEquals(new float[] {2, 3, 6, 7}, sliced.floatData());
        Tensor tail = Ops.slice(x, Tensor.longs(new int[] {1}, new long[] {-1}), Tensor.longs(new int[] {1}, new long[] {Long.MAX_VALUE}), one, null, "t");
        assertArrayEquals(new float[] {4, 8}, tail.floatData());
        Tensor none = Ops.slice(x, Tensor.longs(new int[] {1}, new long[] {3}), Tensor.longs(new int[] {1}, new long[] {2}), one, null, "t");
        assertArrayEquals(new int[] {2, 0}, none.shape());
    }
}
