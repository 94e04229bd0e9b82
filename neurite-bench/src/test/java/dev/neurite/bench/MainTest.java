package dev.neurite.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neurite.io.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The command line of {@code neurite-bench}: each bad argument ends with exit status 2 and a
 * message naming it before any benchmark starts (they take seconds to minutes), and each
 * benchmark, made small, prints one JSON line with the keys the comparison scripts read.
 */
class MainTest {
    record Outcome(int status, String out, String err) {
    }

    static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Outcome(status, out.toString(), err.toString());
    }

    @ParameterizedTest(name = "{0} → a message naming {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "mlp --threads 0 | --threads must be at least 1, got 0",
        "mlp --thread 2 | --thread",
        "mlp --threads x | 'x' is not an int",
        "mlp --epochs 0 | --epochs must be at least 1, got 0",
        "mlp --batch -5 | --batch must be at least 1, got -5",
        "mlp --lr -1 | --lr must be a finite number above 0, got -1.0",
        "mlp --lr NaN | --lr must be a finite number above 0, got NaN",
        "mlp --hidden 256,,128 | --hidden",
        "mlp --hidden 256,0 | --hidden must be at least 1, got 0",
        "mlp --kernels fast | unknown --kernels 'fast'; known: vector, blocked, reference",
        "mlp surplus | surplus",
        "gemm 0 | SIZE must be at least 1, got 0",
        "gemm 64 big | 'big'",
        "scaling --threads 1 | --threads must be at least 2, got 1",
        "scaling --segments 0 | --segments must be at least 1, got 0",
        "scaling --steps 0 | --steps must be at least 1, got 0",
        "scaling --kernels blocked | --kernels is not taken here",
        "small --threads 1 | --threads must be at least 2, got 1",
        "small --rounds 0 | --rounds must be at least 1, got 0",
        "small --epochs 0 | --epochs must be at least 1, got 0",
        "small --hidden 64,0 | --hidden must be at least 1, got 0",
        "small --data bundled:nope | no bundled data set 'nope'",
        "small --data bundled:diabetes | is not a class column",
        "csv --rounds 0 | --rounds must be at least 1, got 0",
        "csv --rows 1000,0 | --rows must be at least 1, got 0",
        "csv --pandas-script /nonexistent/csv_read.py | the pandas script /nonexistent/csv_read.py is not there",
        "train | train",
        "\"\" | a benchmark to run is missing",
    })
    void aBadArgumentIsNamedAndNothingRuns(String line, String named) {
        Outcome o = run(line.isEmpty() ? new String[0] : line.split(" "));
        assertEquals(Main.BAD_ARGUMENTS, o.status(), o.err());
        assertTrue(o.err().startsWith("neurite-bench: "), o.err());
        assertTrue(o.err().contains(named), o.err());
        assertTrue(o.out().isEmpty(), "printed: " + o.out());
    }

    @Test
    void helpListsTheBenchmarks() {
        Outcome o = run("--help");
        assertEquals(0, o.status());
        for (String name : List.of("mlp", "gemm", "scaling", "small", "jmh")) {
            assertTrue(o.out().contains(name), o.out());
        }
    }

    @Test
    void gemmPrintsGflopsForEachSizeAskedAndEachOfTheMlpShapes() {
        Outcome o = run("gemm", "--threads", "1", "48");
        assertEquals(0, o.status(), o.err());
        Map<String, Object> json = object(o.out());
        assertEquals(1, ((Number) json.get("threads")).intValue());
        assertEquals(List.of("48"), List.copyOf(object(json.get("gflops")).keySet()));
        Map<String, Object> mlp = object(json.get("mlp_gflops"));
        assertEquals(GemmSpeed.MLP_SHAPES.keySet(), mlp.keySet());
        for (Object gflops : mlp.values()) {
            assertTrue(((Number) gflops).doubleValue() > 0, mlp.toString());
        }
    }

    @Test
    void mlpPrintsThePeersKeys() {
        Outcome o = run("mlp", "--threads", "2", "--epochs", "2", "--hidden", "16", "--batch", "512");
        assertEquals(0, o.status(), o.err());
        Map<String, Object> json = object(o.out());
        assertEquals(List.of(784.0, 16.0, 10.0), json.get("layers"));
        assertEquals(2, ((List<?>) json.get("epoch_s")).size());
        for (String key : List.of("train_samples_per_s", "latency_1_sample_us", "infer_samples_per_s", "alloc_bytes_per_step", "final_loss")) {
            assertTrue(((Number) json.get(key)).doubleValue() >= 0, key + " in " + json);
        }
        assertTrue(json.containsKey("test_accuracy"), json.toString());
        assertTrue(Double.isFinite(((Number) json.get("final_loss")).doubleValue()));
    }

    @Test
    void scalingPrintsBothStepTimesAndTheSpeedup() {
        Outcome o = run("scaling", "--threads", "2", "--segments", "3", "--steps", "2", "--hidden", "16");
        assertEquals(0, o.status(), o.err());
        Map<String, Object> json = object(o.out());
        assertEquals(3, ((Number) json.get("segments")).intValue());
        for (String key : List.of("step_us_1_thread", "step_us_2_threads", "speedup_median", "speedup_overall")) {
            assertTrue(((Number) json.get(key)).doubleValue() > 0, key + " in " + json);
        }
        List<?> quartiles = (List<?>) json.get("speedup_quartiles");
        assertEquals(2, quartiles.size());
        double median = ((Number) json.get("speedup_median")).doubleValue();
        assertTrue(((Number) quartiles.get(0)).doubleValue() <= median && median <= ((Number) quartiles.get(1)).doubleValue(), json.toString());
    }

    @Test
    void smallPrintsBothSidesTheRatioAndThatTheyAgreeBitForBit() {
        Outcome o = run("small", "--data", "bundled:iris", "--epochs", "1", "--rounds", "2", "--hidden", "8");
        assertEquals(0, o.status(), o.err());
        Map<String, Object> json = object(o.out());
        assertEquals(List.of(4.0, 8.0, 3.0), json.get("layers"));
        assertEquals(135, ((Number) json.get("rows")).intValue());
        for (String key : List.of("examples_per_s_1_thread", "examples_per_s_2_threads", "ratio_median")) {
            assertTrue(((Number) json.get(key)).doubleValue() > 0, key + " in " + json);
        }
        assertEquals(Boolean.TRUE, json.get("same_bits"), json.toString());
    }

    /** The one JSON line printed, or a JSON object inside it. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object json) {
        if (json instanceof String line) {
            assertEquals(1, line.lines().count(), "not one line: " + line);
            return Json.parseObject(line.strip(), "the printed line");
        }
        assertTrue(json instanceof Map, "not an object: " + json);
        return (Map<String, Object>) json;
    }
}
