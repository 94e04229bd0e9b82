package dev.neurite.design;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The arrows between the core's packages point one way: a package uses only the packages before
 * it in this order (README, "Layout"). A sub-package counts as its parent ({@code io.onnx} is
 * {@code io}); the root package ({@code dev.neurite}: the input-error type) is usable by all.
 */
class PackageOrderTest {
    static final List<String> ORDER = List.of(
            "tensor", "nn", "loss", "optim", "metrics", "data", "io", "train", "check", "demo");

    private static final Pattern PACKAGE = Pattern.compile("^package dev\\.neurite(?:\\.(\\w+))?[\\w.]*;", Pattern.MULTILINE);
    private static final Pattern USE = Pattern.compile("\\bdev\\.neurite\\.([a-z]\\w*)\\.[\\w.]*");

    @Test
    void everyPackageUsesOnlyThePackagesBeforeIt() throws IOException {
        Path sources = Path.of("src/main/java/dev/neurite");
        List<String> violations = new ArrayList<>();
        int files = 0;
        try (Stream<Path> walk = Files.walk(sources)) {
            for (Path file : walk.filter(p -> p.toString().endsWith(".java")).toList()) {
                files++;
                String text = Files.readString(file);
                Matcher p = PACKAGE.matcher(text);
                assertTrue(p.find(), file + " has no package line");
                if (p.group(1) == null) {
                    assertTrue(!USE.matcher(text).find(), file + ": the root package uses no other");
                    continue;
                }
                int own = rank(p.group(1), file);
                Matcher use = USE.matcher(text.substring(p.end()));
                while (use.find()) {
                    int used = rank(use.group(1), file);
                    if (used > own) {
                        violations.add(file.getFileName() + " (" + p.group(1) + ") uses " + use.group() + " (" + use.group(1) + ")");
                    }
                }
            }
        }
        assertTrue(files > 50, "found only " + files + " source files under " + sources.toAbsolutePath());
        assertEquals(List.of(), violations, "a package uses one below it in the order " + ORDER);
    }

    private static int rank(String pkg, Path file) {
        int r = ORDER.indexOf(pkg);
        assertTrue(r >= 0, file + ": package '" + pkg + "' is not in the order " + ORDER + "; place it there (README, Layout)");
        return r;
    }

    @Test
    void theCheckCatchesAnUpwardArrow() {
        Matcher use = USE.matcher("import dev.neurite.train.Trainer;");
        assertTrue(use.find());
        assertTrue(rank(use.group(1), Path.of("x")) > rank("nn", Path.of("x")), "train sits below nn");
    }
}
