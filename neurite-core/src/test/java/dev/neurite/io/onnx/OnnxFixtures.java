package dev.neurite.io.onnx;

import dev.neurite.io.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The fixtures written by src/test/python/onnx_fixtures.py: an .onnx file and its inputs and outputs. */
final class OnnxFixtures {
    static final List<String> NAMES = List.of("mlp_relu_opset9", "mlp_tanh_opset10", "mlp_sigmoid_bn_opset11",
            "mlp_softmax_opset12", "mlp_leaky_elu_opset13", "mlp_bn_relu_dropout_opset14", "mlp_nobias_opset15",
            "mlp_bn_tanh_opset16", "mlp_gelu_opset17", "mlp_wide_opset17",
            "sklearn_mlp_array_feature_extractor", "sklearn_mlp_label_encoder");

    private OnnxFixtures() {
    }

    static byte[] bytes(String name) throws IOException {
        try (InputStream in = OnnxFixtures.class.getResourceAsStream("fixtures/" + name)) {
            if (in == null) {
                throw new IOException("no test resource fixtures/" + name);
            }
            return in.readAllBytes();
        }
    }

    record Case(String name, byte[] model, Map<String, Tensor> inputs, Map<String, Tensor> outputs) {
    }

    static Case load(String name) throws IOException {
        Map<String, Object> json = Json.parseObject(new String(bytes(name + ".json"), StandardCharsets.UTF_8), name);
        return new Case(name, bytes(name + ".onnx"), tensors(json.get("inputs")), tensors(json.get("outputs")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Tensor> tensors(Object o) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        ((Map<String, Object>) o).forEach((k, v) -> {
            Map<String, Object> t = (Map<String, Object>) v;
            int[] shape = ((List<Object>) t.get("shape")).stream().mapToInt(d -> ((Double) d).intValue()).toArray();
            if (t.containsKey("strings")) {
                out.put(k, Tensor.strings(shape, ((List<Object>) t.get("strings")).toArray(String[]::new)));
            } else if (t.containsKey("ints")) {
                out.put(k, Tensor.longs(shape, ((List<Object>) t.get("ints")).stream().mapToLong(d -> ((Double) d).longValue()).toArray()));
            } else {
                List<Object> data = (List<Object>) t.get("data");
                float[] values = new float[data.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = ((Double) data.get(i)).floatValue();
                }
                out.put(k, Tensor.floats(shape, values));
            }
        });
        return out;
    }
}
