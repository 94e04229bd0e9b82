package dev.neurite.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code neurite-bench mlp [--threads N] [--epochs N] [--hidden 256,128] [--batch N] [--kernels vector|scalar|simple]},
 * {@code neurite-bench gemm [--threads N] [SIZE…]},
 * {@code neurite-bench scaling [--threads N] [--segments N] [--steps N] [--batch N] [--hidden 256,128]},
 * or {@code neurite-bench jmh [JMH options]}.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: neurite-bench mlp|gemm|scaling|jmh [options]; see the README's Performance section");
            System.exit(2);
        }
        Map<String, String> options = new HashMap<>();
        List<Integer> sizes = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].startsWith("--") && i + 1 < args.length) {
                options.put(args[i].substring(2), args[++i]);
            } else if (args[0].equals("gemm") && args[i].matches("\\d+")) {
                sizes.add(Integer.parseInt(args[i]));
            } else if (!args[0].equals("jmh")) {
                System.err.println("neurite-bench: unexpected argument '" + args[i] + "'");
                System.exit(2);
            }
        }
        try {
            switch (args[0]) {
                case "mlp" -> MlpBenchmark.run(options);
                case "gemm" -> GemmSpeed.run(options, sizes);
                case "scaling" -> ScalingBenchmark.run(options);
                case "jmh" -> org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, 1, args.length));
                default -> {
                    System.err.println("neurite-bench: unknown benchmark '" + args[0] + "'; known: mlp, gemm, scaling, jmh");
                    System.exit(2);
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("neurite-bench: " + e.getMessage());
            System.exit(2);
        }
    }
}
