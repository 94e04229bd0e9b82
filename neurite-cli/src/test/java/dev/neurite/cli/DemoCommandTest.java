package dev.neurite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The command end to end, through the entry point a user runs. */
class DemoCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out), new PrintWriter(err));
    }

    @Test
    void parabolaDemoPrintsBothFits() {
        assertEquals(0, run("demo", "parabola"));
        String s = out.toString();
        assertTrue(s.contains("linear hidden units: test MSE 0.1"), s);
        assertTrue(s.contains("relu   hidden units: test MSE 0.04"), s);
        assertEquals("", err.toString());
    }

    @Test
    void unknownDemoIsACleanError() {
        assertEquals(Main.BAD_INPUT, run("demo", "mnist"));
        assertEquals("neurite: unknown demo 'mnist'; known: line, parabola, xor, two-class, softmax",
                err.toString().strip());
        assertTrue(!err.toString().contains("at dev.neurite"), "no stack trace without --debug");
    }

    @Test
    void helpOnEverySubcommand() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString().contains("demo"));
        assertEquals(0, run("demo", "--help"));
        assertTrue(out.toString().contains("--seed"));
    }

    @Test
    void badOptionValueIsNamed() {
        assertEquals(Main.BAD_INPUT, run("demo", "--seed", "abc"));
        assertTrue(err.toString().contains("'abc'"), err.toString());
    }
}
