package dev.neurite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neurite.io.Model;
import dev.neurite.io.ModelFile;
import dev.neurite.nn.PeriodicEmbedding;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --numeric-embedding} on train and cv: the layer it builds, the model file, ONNX, and every impossible value named. */
class NumericEmbeddingTest {
    @TempDir
    Path dir;
    private final StringWriter[] printed = new StringWriter[2];

    private int run(String... args) {
        printed[0] = new StringWriter();
        printed[1] = new StringWriter();
        return Main.run(args, new PrintWriter(printed[0]), new PrintWriter(printed[1]));
    }

    private String ok(String... args) {
        assertEquals(0, run(args), () -> String.join(" ", args) + "\n" + printed[0] + printed[1]);
        return printed[0].toString();
    }

    @Test
    void theNumbersOfEveryKindOfTableAreEmbeddedAfterTheCategoryEmbedding() throws IOException {
        Path data = Files.writeString(dir.resolve("every.csv"), OnnxCommandsTest.everyKind(300, 1));
        Path model = dir.resolve("every.model");
        String out = ok("train", "--data", data.toString(), "--target", "answer", "--epochs", "3", "--layers", "8",
                "--numeric-embedding", "plr:k=6,d=4,sigma=0.1", "--out", model.toString());
        assertTrue(out.contains("PeriodicEmbedding(2 of "), out); // income and joined; not the boolean, flags or categories
        Model m = ModelFile.load(model);
        PeriodicEmbedding p = (PeriodicEmbedding) m.network().layers().get(1);
        assertEquals(6, p.frequencies());
        assertEquals(4, p.dimension());
        assertEquals("plr:k=6,d=4,sigma=0.1", ((java.util.Map<?, ?>) m.training().get("settings")).get("numeric_embedding"));
        // ONNX, both forms, and back: the same predictions
        Path onnx = dir.resolve("every.onnx");
        ok("export", "--model", model.toString(), "--out", onnx.toString());
        Path a = dir.resolve("a.csv");
        Path b = dir.resolve("b.csv");
        ok("predict", "--model", model.toString(), "--data", data.toString(), "--out", a.toString());
        ok("predict", "--model", onnx.toString(), "--data", data.toString(), "--out", b.toString());
        assertEquals(Files.readAllLines(a), Files.readAllLines(b));
        ok("export", "--model", model.toString(), "--inputs", "tensor", "--out", dir.resolve("t.onnx").toString());
        // lite and the default settings; cv takes the option too
        String lite = ok("cv", "--data", "bundled:iris", "--folds", "2", "--epochs", "2", "--numeric-embedding", "plr-lite");
        assertNotEquals("", lite);
        String train = ok("train", "--data", "bundled:iris", "--epochs", "2", "--numeric-embedding", "PLR-lite", "--out", dir.resolve("i.model").toString());
        assertTrue(train.contains("PeriodicEmbedding(4 of 4 columns, 48 frequencies σ 0.01 → 24, lite)"), train);
    }

    @Test
    void impossibleValuesAreNamed() {
        String[][] cases = {
            {"plr:k=0", "k = 0 frequencies, outside 1 … 1024"},
            {"plr:d=5000", "d = 5000 values per column, outside 1 … 1024"},
            {"plr:sigma=-1", "sigma = -1.0, not a positive number"},
            {"plr:sigma=0", "sigma = 0.0, not a positive number"},
            {"plr:k=many", "k is 'many', not a number"},
            {"plr:width=3", "unknown setting 'width=3'"},
            {"fourier", "unknown embedding 'fourier'; expected none, plr or plr-lite"},
        };
        for (String[] c : cases) {
            for (String command : new String[] {"train", "cv"}) {
                int status = command.equals("train")
                        ? run("train", "--data", "bundled:iris", "--out", dir.resolve("x.model").toString(), "--numeric-embedding", c[0])
                        : run("cv", "--data", "bundled:iris", "--numeric-embedding", c[0]);
                assertEquals(Main.BAD_INPUT, status, c[0] + ": " + printed[1]);
                assertTrue(printed[1].toString().contains("--numeric-embedding '" + c[0] + "': " + c[1]), printed[1].toString());
            }
        }
        assertTrue(!Files.exists(dir.resolve("x.model")));
    }
}
