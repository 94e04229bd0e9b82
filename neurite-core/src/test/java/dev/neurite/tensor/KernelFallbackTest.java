package dev.neurite.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Without jdk.incubator.vector the library still runs, on the plain-Java micro-kernel. */
class KernelFallbackTest {

    /** Prints the kernels in use and checks one product; run in a JVM without the module. */
    public static void main(String[] args) {
        Matrix a = Matrix.of(new float[] {1, 2}, new float[] {3, 4});
        Matrix b = Matrix.of(new float[] {5, 6}, new float[] {7, 8});
        Matrix c = new Matrix(2, 2);
        Kernels.get().gemm(a, false, b, false, c);
        System.out.println(Kernels.get().description() + " " + c.get(1, 1));
    }

    @Test
    void aJvmWithoutTheVectorModuleUsesThePlainJavaKernels() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"), KernelFallbackTest.class.getName()))
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out + err);
        assertTrue(out.startsWith("scalar 4x16"), out);
        // The slower kernels are announced once, through System.Logger, with the flag that avoids them.
        String warning = "Neurite runs its plain-Java kernels, several times slower than the Vector-API ones:"
                + " start java with --add-modules jdk.incubator.vector";
        assertEquals(1, err.split(Pattern.quote(warning), -1).length - 1, err);
        assertTrue(out.endsWith(" 50.0"), "3·6 + 4·8 = 50: " + out);
        assertTrue(!out.contains("incubator"), "no incubator module was loaded: " + out);
        assertTrue(new File(java).exists() || java.equals("java"));
    }
}
