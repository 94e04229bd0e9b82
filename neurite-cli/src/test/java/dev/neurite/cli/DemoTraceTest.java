package dev.neurite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neurite.check.GradientCheck;
import dev.neurite.demo.DemoResult;
import dev.neurite.demo.Xor;
import dev.neurite.nn.Network;
import dev.neurite.nn.Parameter;
import dev.neurite.tensor.Matrix;
import dev.neurite.train.StepTrace;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code neurite demo xor --trace} through the entry point a user runs: the gradients it prints
 * are the ones finite differences give on the same batch, and the text is the trace's own.
 */
class DemoTraceTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out), new PrintWriter(err));
    }

    /** The XOR demo's first step, traced in this JVM with the CLI's seed, and its trained network. */
    private static StepTrace xorTrace(List<Network> network) {
        List<StepTrace> traces = new ArrayList<>();
        DemoResult result = Xor.run(1, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                trainer -> trainer.traceSteps(1, traces::add));
        network.add(result.networks().get("network"));
        assertEquals(1, traces.size());
        return traces.get(0);
    }

    @Test
    void printedGradientsAreTheFiniteDifferencesOfTheSameBatch() {
        assertEquals(0, run("demo", "xor", "--trace"));
        String printed = out.toString();
        assertEquals("", err.toString());

        List<Network> trained = new ArrayList<>();
        StepTrace trace = xorTrace(trained);
        Network network = trained.get(0);
        assertTrue(printed.contains(trace.toString()), "the CLI prints the trace's own rendering:\n" + printed);
        assertEquals(1, count(printed, "Training step "), printed);

        // The network as the step found it, and finite differences of the loss on the traced batch.
        List<Matrix> now = new ArrayList<>();
        for (Parameter p : network.parameters()) {
            now.add(p.value().copy());
            p.value().copyFrom(trace.parameter(p.name()).before());
        }
        Map<String, Matrix> numeric = GradientCheck.numericGradients(network, trace.loss(), trace.input(), trace.target());
        for (int i = 0; i < now.size(); i++) {
            network.parameters().get(i).value().copyFrom(now.get(i));
        }

        // The numbers as printed under "dL/dW = xᵀ·dz" and "dL/db" for each layer.
        for (int layer = 0; layer < 2; layer++) {
            String section = printed.substring(printed.indexOf("  layer " + layer + "  Dense", printed.indexOf("Backward:")));
            Matrix w = numeric.get(layer + ".weight");
            Matrix b = numeric.get(layer + ".bias");
            Matrix printedW = parseBlock(section, "dL/dW = xᵀ·dz [" + w.shape() + "]", w.rows(), w.columns());
            Matrix printedB = parseBlock(section, "dL/db = Σ_rows dz [" + b.shape() + "]", 1, b.columns());
            assertClose(w, printedW, layer + ".weight");
            assertClose(b, printedB, layer + ".bias");
        }

        // And the trace object itself, at full precision.
        GradientCheck.Result check = GradientCheck.trace(trace, network);
        assertTrue(check.passed(), check.toString());
    }

    /**
     * Printed to 4 significant digits of each matrix's largest value; the differences of a float32
     * loss near 0.25 with ε = 10⁻³ carry noise of about 2·10⁻⁵.
     */
    private static void assertClose(Matrix numeric, Matrix printed, String what) {
        double scale = 0;
        for (float v : numeric.data()) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < numeric.size(); i++) {
            double tolerance = 2e-3 * scale + 5e-5;
            assertEquals(numeric.data()[i], printed.data()[i], tolerance,
                    what + "[" + i + "]: printed " + printed.data()[i] + ", finite differences " + numeric.data()[i]);
        }
    }

    /** The matrix printed under {@code title} in the lines after it, between its column and the next block's. */
    private static Matrix parseBlock(String text, String title, int rows, int columns) {
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            int start = lines[i].indexOf(title);
            if (start < 0) {
                continue;
            }
            Matcher next = Pattern.compile("   \\S").matcher(lines[i]);
            int end = next.find(start + title.length()) ? next.end() - 1 : Integer.MAX_VALUE;
            Matrix m = new Matrix(rows, columns);
            for (int r = 0; r < rows; r++) {
                String line = lines[i + 1 + r];
                String cell = line.substring(Math.min(start, line.length()), Math.min(end, line.length())).trim();
                String[] numbers = cell.split("\\s+");
                assertEquals(columns, numbers.length, "row " + r + " under '" + title + "': '" + cell + "'");
                for (int c = 0; c < columns; c++) {
                    m.set(r, c, Float.parseFloat(numbers[c]));
                }
            }
            return m;
        }
        throw new AssertionError("no block '" + title + "' in\n" + text);
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void traceStepsPrintsThatManySteps() {
        assertEquals(0, run("demo", "xor", "--trace-steps", "3"));
        String printed = out.toString();
        assertEquals(3, count(printed, "Training step "), printed);
        assertTrue(printed.contains("Training step 3 (epoch 3, batch 1)"), printed);
        assertTrue(printed.contains("4 of 4 right"), "the demo still runs to the end:\n" + printed);
    }

    @Test
    void theLineFitsOnAScreen() {
        assertEquals(0, run("demo", "line", "--trace"));
        String printed = out.toString();
        String trace = printed.substring(printed.indexOf("Training step 1"), printed.indexOf("  first epoch MSE"));
        long lines = trace.lines().count();
        assertTrue(lines <= 70, lines + " lines:\n" + trace);
        assertTrue(trace.lines().allMatch(l -> l.length() <= 110), trace);
        assertTrue(trace.contains("y = z = x·W + b [10×3]"), trace);
    }

    @Test
    void withoutTraceNothingIsTraced() {
        assertEquals(0, run("demo", "xor"));
        assertFalse(out.toString().contains("Training step"));
    }

    @Test
    void badTraceStepsAreNamed() {
        assertEquals(Main.BAD_INPUT, run("demo", "xor", "--trace-steps", "0"));
        assertTrue(err.toString().contains("--trace-steps must be at least 1, got 0"), err.toString());
        assertFalse(err.toString().contains("at dev.neurite"));

        err.getBuffer().setLength(0);
        assertEquals(Main.BAD_INPUT, run("demo", "xor", "--trace-steps", "-2"));
        assertTrue(err.toString().contains("--trace-steps must be at least 1, got -2"), err.toString());

        err.getBuffer().setLength(0);
        assertEquals(Main.BAD_INPUT, run("demo", "xor", "--trace-steps", "many"));
        assertTrue(err.toString().contains("'many'"), err.toString());

        err.getBuffer().setLength(0);
        assertEquals(Main.BAD_INPUT, run("demo", "xor", "--trace-steps"));
        assertTrue(err.toString().contains("--trace-steps"), err.toString());
        assertEquals("", out.toString(), "nothing runs on a bad option");
    }
}
