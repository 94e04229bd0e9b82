package dev.neurite.cli;

import dev.neurite.demo.Demos;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code neurite demo [NAME…]}: the tutorial demos. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs the demos of the classic neural-network tutorials and prints what they learned.",
                "Names: line, parabola, xor, two-class, softmax (all of them when none is given)."})
final class DemoCommand implements Callable<Integer> {
    @Parameters(paramLabel = "NAME", arity = "0..*", description = "Demos to run: ${COMPLETION-CANDIDATES}",
            completionCandidates = DemoNames.class)
    List<String> names;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of every random choice (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--plots", paramLabel = "DIR", description = "Write each demo's picture here: the fitted curve, or the decision regions.")
    Path plots;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    static final class DemoNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Demos.names().iterator();
        }
    }

    @Override
    public Integer call() throws IOException {
        List<String> chosen = names == null || names.isEmpty() ? Demos.names() : names;
        for (String name : chosen) {
            if (!Demos.names().contains(name)) {
                throw new IllegalArgumentException("unknown demo '" + name + "'; known: " + String.join(", ", Demos.names()));
            }
        }
        PrintWriter writer = spec.commandLine().getOut();
        PrintStream out = new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                writer.write(new String(b, off, len, StandardCharsets.UTF_8));
            }

            @Override
            public void flush() {
                writer.flush();
            }
        }, true, StandardCharsets.UTF_8);
        for (int i = 0; i < chosen.size(); i++) {
            if (chosen.size() > 1) {
                out.println((i == 0 ? "" : "\n") + "== " + chosen.get(i) + " ==");
            }
            var result = Demos.run(chosen.get(i), seed, out);
            if (plots != null) {
                for (var file : DemoPlots.draw(result, plots)) {
                    out.println("  plot: " + file);
                }
            }
        }
        out.flush();
        return 0;
    }
}
