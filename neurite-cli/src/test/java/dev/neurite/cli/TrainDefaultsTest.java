package dev.neurite.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.neurite.io.Model;
import dev.neurite.io.ModelFile;
import dev.neurite.nn.Parameter;
import dev.neurite.tensor.Kernels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code neurite train} with no option but the data, the target and the output, as the tables
 * benchmark runs it: the defaults (whatever they are) give the same bits on 1 and 2 threads, and
 * a different seed gives different weights (so the comparison can fail); the weight decay's default
 * follows the optimizer.
 */
class TrainDefaultsTest {
    @TempDir
    Path dir;

    @AfterEach
    void restoreKernels() {
        Kernels.use(Kernels.create(Runtime.getRuntime().availableProcessors()));
    }

    /** 300 rows: two numeric columns (one with missing cells), a text column, a 3-class target. */
    private Path table() throws Exception {
        StringBuilder csv = new StringBuilder("a,b,colour,y\n");
        long state = 12345;
        String[] colours = {"red", "green", "blue", "grey"};
        for (int i = 0; i < 300; i++) {
            state = state * 6364136223846793005L + 1442695040888963407L;
            double a = ((state >>> 11) % 10_000) / 1000.0;
            double b = ((state >>> 29) % 10_000) / 500.0 - 10;
            String colour = colours[(int) ((state >>> 45) % 4)];
            int y = (a + (colour.equals("red") ? 3 : 0) > 6 ? 2 : 0) + (b > 0 ? 1 : 0);
            csv.append(String.format(Locale.ROOT, "%.3f,%s,%s,c%d%n", a, i % 17 == 0 ? "" : String.format(Locale.ROOT, "%.3f", b),
                    colour, Math.min(y, 2)));
        }
        Path p = dir.resolve("t.csv");
        Files.writeString(p, csv);
        return p;
    }

    private Model train(Path data, String name, String... extra) throws Exception {
        Path model = dir.resolve(name);
        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--target", "y", "--out", model.toString(),
                "--progress", "none"));
        args.addAll(List.of(extra));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        assertEquals(0, status, out + "\n" + err);
        return ModelFile.load(model);
    }

    private static List<float[]> weights(Model m) {
        List<float[]> w = new ArrayList<>();
        for (Parameter p : m.network().parameters()) {
            w.add(Arrays.copyOf(p.value().data(), p.value().size()));
        }
        return w;
    }

    @Test
    void theDefaultsGiveTheSameBitsOnOneAndTwoThreads() throws Exception {
        Path data = table();
        Model one = train(data, "one.model", "--threads", "1");
        Model two = train(data, "two.model", "--threads", "2");
        List<float[]> a = weights(one);
        List<float[]> b = weights(two);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i), one.network().parameters().get(i).name() + " differs between 1 and 2 threads");
        }
        assertEquals(one.training().get("epochs"), two.training().get("epochs"));
        assertEquals(one.training().get("train"), two.training().get("train"));

        Model other = train(data, "seed2.model", "--threads", "2", "--seed", "2");
        assertNotEquals(Arrays.toString(a.get(0)), Arrays.toString(weights(other).get(0)), "another seed, other weights");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theWeightDecayDefaultsTo001ForAdamwOnlyAndAGivenValueWins() throws Exception {
        Path data = table();
        Map<String, Object> plain = (Map<String, Object>) train(data, "plain.model", "--epochs", "1").training().get("settings");
        assertEquals("adamw", plain.get("optimizer"));
        assertEquals(0.01, ((Number) plain.get("weight_decay")).doubleValue(), 1e-9);
        assertEquals(List.of(128, 64), ((List<?>) plain.get("layers")).stream().map(n -> ((Number) n).intValue()).toList());
        Map<String, Object> adam = (Map<String, Object>) train(data, "adam.model", "--epochs", "1", "--optimizer", "adam").training().get("settings");
        assertEquals(0.0, ((Number) adam.get("weight_decay")).doubleValue());
        Map<String, Object> none = (Map<String, Object>) train(data, "none.model", "--epochs", "1", "--weight-decay", "0").training().get("settings");
        assertEquals("adamw", none.get("optimizer"));
        assertEquals(0.0, ((Number) none.get("weight_decay")).doubleValue());
    }
}
