package dev.neurite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/learn.md stays true: its {@code java} blocks compile and run (in order, as one JShell
 * session would, with bin/neurite.jsh's imports) and print the {@code text} block under each;
 * its {@code $ bin/neurite …} commands print the lines shown; its links lead to files that have
 * the methods named; and its JShell recipe runs through bin/neurite-jshell.
 *
 * <p>Shown output is matched line by line, whitespace aside, with {@code …} standing for lines
 * cut out; a number matches when it is within one unit of its last printed digit (or 0.5%), since
 * the kernels' summation order may differ from machine to machine.
 */
class LearnDocTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path DOC = ROOT.resolve("docs/learn.md");

    /** A fenced block of the page: its language tag, its lines, and the line it starts on. */
    private record Block(String language, List<String> lines, int line) {
    }

    private static List<Block> blocks() throws IOException {
        List<Block> blocks = new ArrayList<>();
        List<String> lines = Files.readAllLines(DOC);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("```")) {
                String language = lines.get(i).substring(3).trim();
                int start = i + 1;
                int end = start;
                while (!lines.get(end).startsWith("```")) {
                    end++;
                }
                blocks.add(new Block(language, lines.subList(start, end), start + 1));
                i = end;
            }
        }
        return blocks;
    }

    @Test
    void javaSnippetsCompileRunAndPrintWhatThePageShows(@TempDir Path classes) throws Exception {
        List<Block> blocks = blocks();
        StringBuilder source = new StringBuilder();
        for (String line : Files.readAllLines(ROOT.resolve("bin/neurite.jsh"))) {
            if (line.startsWith("import ")) {
                source.append(line).append('\n');
            }
        }
        // JShell's default imports.
        for (String p : List.of("java.io", "java.math", "java.net", "java.nio.file", "java.util", "java.util.concurrent",
                "java.util.function", "java.util.prefs", "java.util.regex", "java.util.stream")) {
            source.append("import ").append(p).append(".*;\n");
        }
        source.append("public class LearnSnippets {\n  public static void run() throws Exception {\n");
        List<Integer> javaBlocks = new ArrayList<>();
        for (int b = 0; b < blocks.size(); b++) {
            if (blocks.get(b).language().equals("java")) {
                source.append("System.out.println(\"\\u0001").append(b).append("\");\n");
                source.append(String.join("\n", blocks.get(b).lines())).append('\n');
                javaBlocks.add(b);
            }
        }
        source.append("System.out.println(\"\\u0001end\");\n  }\n}\n");
        assertTrue(javaBlocks.size() >= 7, "one snippet per idea, found " + javaBlocks.size());

        Path file = classes.resolve("LearnSnippets.java");
        Files.writeString(file, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            boolean ok = javac.getTask(null, files, diagnostics,
                    List.of("-classpath", System.getProperty("java.class.path"), "-d", classes.toString(), "-proc:none"),
                    null, files.getJavaFileObjects(file)).call();
            assertTrue(ok, "docs/learn.md's java blocks do not compile: " + diagnostics.getDiagnostics() + "\n" + source);
        }

        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            loader.loadClass("LearnSnippets").getMethod("run").invoke(null);
        } finally {
            System.setOut(saved);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        Files.writeString(Path.of("target/learn-snippets.out"), output); // what the page's text blocks should show
        int checked = 0;
        for (int b : javaBlocks) {
            String mine = output.substring(output.indexOf("\u0001" + b + "\n") + ("\u0001" + b + "\n").length());
            mine = mine.substring(0, mine.indexOf('\u0001'));
            if (b + 1 < blocks.size() && blocks.get(b + 1).language().equals("text")) {
                assertShows(blocks.get(b + 1), mine);
                checked++;
            }
        }
        assertEquals(javaBlocks.size(), checked, "every java block is followed by the output it prints");
    }

    @Test
    void commandsPrintWhatThePageShows() throws IOException {
        int commands = 0;
        for (Block block : blocks()) {
            if (!block.language().equals("console")) {
                continue;
            }
            String command = block.lines().get(0);
            assertTrue(command.startsWith("$ bin/neurite "), "line " + block.line() + ": " + command);
            String[] args = command.substring("$ bin/neurite ".length()).trim().split("\\s+");
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            assertEquals(0, Main.run(args, new PrintWriter(out), new PrintWriter(err)), command + ": " + err);
            assertShows(new Block("console", block.lines().subList(1, block.lines().size()), block.line() + 1), out.toString());
            commands++;
        }
        assertTrue(commands >= 6, commands + " commands");
    }

    @Test
    void linksLeadToFilesWithTheMethodsNamed() throws IOException {
        String page = Files.readString(DOC);
        Matcher link = Pattern.compile("\\[([^\\]]+)\\]\\(([^)#\\s]+)(#[^)]*)?\\)").matcher(page);
        int links = 0;
        while (link.find()) {
            if (link.group(2).startsWith("http")) {
                continue;
            }
            Path target = DOC.getParent().resolve(link.group(2)).normalize();
            assertTrue(Files.exists(target), link.group() + ": no file " + target);
            Matcher method = Pattern.compile("`(\\w+)\\.(\\w+)`").matcher(link.group(1));
            if (method.matches()) {
                assertTrue(target.getFileName().toString().equals(method.group(1) + ".java"), link.group());
                assertTrue(Pattern.compile("\\b" + method.group(2) + "\\(").matcher(Files.readString(target)).find(),
                        link.group() + ": " + target.getFileName() + " has no method " + method.group(2));
            }
            links++;
        }
        assertTrue(links >= 10, links + " links");
    }

    /** The JShell recipe, run as the page says: bin/neurite-jshell docs/xor.jsh, the lines of its java block. */
    @Test
    void theJShellRecipeRuns() throws Exception {
        List<Block> blocks = blocks();
        int recipe = -1;
        List<String> script = Files.readAllLines(ROOT.resolve("docs/xor.jsh")).stream()
                .filter(l -> !l.startsWith("//") && !l.startsWith("/exit") && !l.isBlank()).toList();
        for (int b = 0; b < blocks.size(); b++) {
            if (blocks.get(b).lines().equals(script)) {
                recipe = b;
            }
        }
        assertTrue(recipe >= 0, "docs/learn.md shows docs/xor.jsh's lines as a java block:\n" + String.join("\n", script));

        ProcessBuilder jshell = new ProcessBuilder("bash", ROOT.resolve("bin/neurite-jshell").toString(),
                ROOT.resolve("docs/xor.jsh").toString()).redirectErrorStream(true);
        jshell.environment().put("NEURITE_CLASSPATH", ROOT.resolve("neurite-core/target/classes").toString());
        jshell.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = jshell.start();
        process.getOutputStream().close();
        byte[] bytes = process.getInputStream().readAllBytes();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("jshell did not end");
        }
        String output = new String(bytes, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("Training step 1 of Network[Dense(2→2, sigmoid), Dense(2→1, sigmoid)]"), output);
        String fromTrace = output.substring(output.indexOf("Training step 1"));
        assertShows(blocks.get(recipe + 1), fromTrace);
        assertTrue(output.lines().noneMatch(l -> l.contains("Error") || l.contains("Exception")), output);
    }

    /** Checks that {@code actual} shows the lines of {@code shown}, "…" standing for any number of lines. */
    private static void assertShows(Block shown, String actual) {
        List<String> lines = actual.lines().map(String::strip).toList();
        List<List<String>> segments = new ArrayList<>();
        segments.add(new ArrayList<>());
        for (String l : shown.lines()) {
            if (l.strip().equals("…")) {
                segments.add(new ArrayList<>());
            } else {
                segments.get(segments.size() - 1).add(l.strip());
            }
        }
        int at = 0;
        for (int s = 0; s < segments.size(); s++) {
            List<String> segment = segments.get(s);
            boolean anchoredStart = s == 0;
            boolean anchoredEnd = s == segments.size() - 1;
            int found = -1;
            for (int i = at; i + segment.size() <= lines.size(); i++) {
                if (matchesAt(segment, lines, i) && (!anchoredEnd || i + segment.size() == lines.size()
                        || segment.isEmpty())) {
                    found = i;
                    break;
                }
                if (anchoredStart) {
                    break;
                }
            }
            if (segment.isEmpty()) {
                continue;
            }
            if (found < 0) {
                fail("docs/learn.md line " + shown.line() + ": the output does not show\n  " + String.join("\n  ", segment)
                        + "\n(its output:)\n" + actual);
            }
            at = found + segment.size();
        }
    }

    private static boolean matchesAt(List<String> segment, List<String> lines, int i) {
        for (int k = 0; k < segment.size(); k++) {
            if (!lineMatches(segment.get(k), lines.get(i + k))) {
                return false;
            }
        }
        return true;
    }

    private static final Pattern NUMBER = Pattern.compile("^([^0-9]*?)(-?\\d+\\.(\\d+))([^0-9]*)$");

    private static boolean lineMatches(String shown, String actual) {
        String[] a = shown.split("\\s+");
        String[] b = actual.split("\\s+");
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (a[i].equals(b[i])) {
                continue;
            }
            Matcher x = NUMBER.matcher(a[i]);
            Matcher y = NUMBER.matcher(b[i]);
            if (!x.matches() || !y.matches() || !x.group(1).equals(y.group(1)) || !x.group(4).equals(y.group(4))
                    || x.group(3).length() != y.group(3).length()) {
                return false;
            }
            double shownValue = Double.parseDouble(x.group(2));
            double unit = Math.pow(10, -x.group(3).length());
            if (Math.abs(shownValue - Double.parseDouble(y.group(2))) > Math.max(1.01 * unit, 0.005 * Math.abs(shownValue))) {
                return false;
            }
        }
        return true;
    }

    @Test
    void theMatcherIsStrictWhereItShouldBe() {
        assertTrue(lineMatches("L = 0.1450, dL/dy = 0.5000", "L = 0.1451, dL/dy  =  0.5000"));
        assertTrue(!lineMatches("L = 0.1450, dL/dy = 0.5000", "L = 0.1470, dL/dy = 0.5000"));
        assertTrue(!lineMatches("L = 0.1450", "L = 0.14500"));
        assertTrue(!lineMatches("gradient check: true", "gradient check: false"));
        Block shown = new Block("text", Arrays.asList("a 1.00", "…", "c"), 1);
        assertShows(shown, "a 1.00\nb\nc\n");
        try {
            assertShows(shown, "x\na 1.00\nb\nc\n");
        } catch (AssertionError expected) {
            return;
        }
        fail("a block that does not start with … must match from the first line");
    }
}
