package dev.neurite.serve;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.neurite.io.ModelFile;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Fuzz test of the request bodies the server parses (JSON rows, CSV, MLflow's forms, V2 tensors),
 * through {@link Api#handle} as the HTTP server calls it. The contract: any bytes get a 200 or a
 * 4xx whose JSON body names the problem; a 500 (an exception escaping the checks) is a bug. In a
 * normal build this runs over the committed inputs in
 * {@code src/test/resources/dev/neurite/serve/ApiFuzzTestInputs/}; {@code JAZZER_FUZZ=1} fuzzes.
 */
class ApiFuzzTest {
    private static final List<String[]> ENDPOINTS = List.of(
            new String[] {"/predict", "application/json"}, new String[] {"/predict", "text/csv"},
            new String[] {"/invocations", "application/json"}, new String[] {"/invocations", "text/csv"},
            new String[] {"/v2/models/churn/infer", "application/json"});
    private static final Api API = api();

    private static Api api() {
        try {
            Path model = Path.of(ApiFuzzTest.class.getResource("churn.model").toURI());
            ServedModel served = new ServedModel("churn", model, ModelFile::load, line -> { });
            ServeConfig config = new ServeConfig("127.0.0.1", 0, 1 << 20, 1_000, ServeConfig.DEFAULTS.readTimeout(),
                    ServeConfig.DEFAULTS.drainTimeout(), ServeConfig.DEFAULTS.watchInterval(), null, null);
            return new Api(List.of(served), config, Map.of());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first byte picks the endpoint and content type; the rest is the body. */
    @FuzzTest(maxDuration = "3m")
    void requestBodies(byte[] input) {
        if (input.length == 0) {
            return;
        }
        String[] endpoint = ENDPOINTS.get(Math.floorMod(input[0], ENDPOINTS.size()));
        byte[] body = Arrays.copyOfRange(input, 1, input.length);
        Map<String, String> headers = Map.of("content-type", endpoint[1]);
        ApiResponse r = API.handle(new ApiRequest("POST", endpoint[0], null, name -> headers.get(name.toLowerCase(java.util.Locale.ROOT)), body));
        String text = new String(r.body(), StandardCharsets.UTF_8);
        if (r.status() != 200 && !(r.status() >= 400 && r.status() < 500 && text.startsWith("{\"error\":"))) {
            throw new AssertionError(endpoint[0] + " answered " + r.status() + ": " + text);
        }
    }
}
