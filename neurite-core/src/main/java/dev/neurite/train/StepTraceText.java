package dev.neurite.train;

import dev.neurite.tensor.Matrix;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The text of a {@link StepTrace}: matrices side by side under their formulas, rounded and aligned. */
final class StepTraceText {
    private static final String INDENT = "    ";
    private static final String GAP = "   ";

    private final StepTrace trace;
    private final int maxRows;
    private final int maxColumns;
    private final StringBuilder out = new StringBuilder();

    StepTraceText(StepTrace trace, int maxRows, int maxColumns) {
        this.trace = trace;
        this.maxRows = maxRows;
        this.maxColumns = maxColumns;
    }

    String render() {
        var layers = trace.layers();
        String where = trace.epoch() < 0 ? "" : " (epoch " + (trace.epoch() + 1) + ", batch " + (trace.batch() + 1) + ")";
        line("Training step " + trace.step() + where + " of " + trace.network());
        line("  batch of " + trace.input().rows() + " rows, loss " + trace.loss().name() + ", optimizer "
                + trace.optimizer() + ", learning rate " + number(trace.learningRate()));
        line("");
        line("Forward: z = x·W + b, y = f(z)");
        for (StepTrace.LayerStep l : layers) {
            List<Block> blocks = new ArrayList<>();
            String from = "";
            if (l.index() == 0) {
                blocks.add(block("x", l.input()));
            } else {
                from = "x = y of layer " + (l.index() - 1);
            }
            if (l.preActivation() != null && "identity".equals(l.activation())) {
                blocks.add(block("y = z = x·W + b", l.output()));
            } else {
                if (l.preActivation() != null) {
                    blocks.add(block("z = x·W + b", l.preActivation()));
                }
                blocks.add(block(l.activation() == null ? "y" : "y = " + l.activation() + "(z)", l.output()));
            }
            layerTitle(l, from);
            side(blocks);
        }
        line("");
        StepTrace.LayerStep last = layers.get(layers.size() - 1);
        line("Loss: " + trace.loss().name() + " = " + String.format(Locale.ROOT, "%.6f", trace.lossValue()));
        side(List.of(block("y", trace.output()), block("target t", trace.target()),
                block("dL/dy = " + lossGradientFormula(trace.loss().name()), trace.lossGradient())));
        line("");
        line("Backward: dL/dz = dL/dy ⊙ f′(z), dL/dW = xᵀ·dz, dL/db = Σ_rows dz, dL/dx = dz·Wᵀ");
        for (int k = layers.size() - 1; k >= 0; k--) {
            StepTrace.LayerStep l = layers.get(k);
            layerTitle(l, l == last ? "dL/dy from the loss" : "dL/dy = dL/dx of layer " + (k + 1));
            List<Block> blocks = new ArrayList<>();
            if (l.preActivationGradient() != null && !"identity".equals(l.activation())) {
                blocks.add(block("dL/dz = dL/dy ⊙ " + derivative(l.activation()), l.preActivationGradient()));
            } else if (l.preActivationGradient() != null) {
                blocks.add(block("dL/dz = dL/dy", l.preActivationGradient()));
            }
            if (l.weightGradient() != null) {
                blocks.add(stack(block("dL/dW = xᵀ·dz", l.weightGradient()), block("dL/db = Σ_rows dz", l.biasGradient())));
            }
            if (l.inputGradient() != null) {
                blocks.add(block(l.preActivationGradient() != null ? "dL/dx = dz·Wᵀ" : "dL/dx", l.inputGradient()));
            }
            side(blocks);
            if (l.inputGradient() == null && k == 0) {
                line(INDENT + "(no dL/dx: the input is data, so training skips dz·Wᵀ for the first layer)");
            }
        }
        line("");
        line("Update: " + trace.optimizer() + ", η = " + number(trace.learningRate()) + ": " + updateRule(trace.optimizer())
                + (trace.clipped() ? "   (gradients clipped to the configured norm first)" : ""));
        for (StepTrace.ParameterStep p : trace.parameters()) {
            line("  " + p.name());
            side(List.of(block("before", p.before()), block(trace.clipped() ? "gradient (clipped)" : "gradient", p.gradient()),
                    block("after", p.after())));
        }
        return out.toString();
    }

    private void layerTitle(StepTrace.LayerStep l, String note) {
        String title = "  layer " + l.index() + "  " + l.description();
        line(note.isEmpty() ? title : String.format(Locale.ROOT, "%-34s %s", title, note));
    }

    private void line(String s) {
        out.append(s).append('\n');
    }

    /** The blocks next to each other, top-aligned. */
    private void side(List<Block> blocks) {
        int height = 0;
        for (Block b : blocks) {
            height = Math.max(height, b.lines.size());
        }
        for (int i = 0; i < height; i++) {
            StringBuilder s = new StringBuilder(INDENT);
            for (int j = 0; j < blocks.size(); j++) {
                Block b = blocks.get(j);
                String text = i < b.lines.size() ? b.lines.get(i) : "";
                s.append(j == 0 ? "" : GAP);
                s.append(j == blocks.size() - 1 ? text : pad(text, b.width));
            }
            line(s.toString().stripTrailing());
        }
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    private record Block(List<String> lines, int width) {
    }

    /** {@code top} above {@code bottom}, in one column. */
    private static Block stack(Block top, Block bottom) {
        List<String> lines = new ArrayList<>(top.lines);
        lines.addAll(bottom.lines);
        return new Block(lines, Math.max(top.width, bottom.width));
    }

    /** A title with the shape, then the first rows and columns of {@code m}, right-aligned. */
    private Block block(String title, Matrix m) {
        int rows = Math.min(m.rows(), maxRows);
        int cols = Math.min(m.columns(), maxColumns);
        String format = format(m, rows, cols);
        String[][] cells = new String[rows][cols];
        int width = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                cells[r][c] = String.format(Locale.ROOT, format, m.get(r, c));
                width = Math.max(width, cells[r][c].length());
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add(title + " [" + m.shape() + "]");
        for (int r = 0; r < rows; r++) {
            StringBuilder s = new StringBuilder();
            for (int c = 0; c < cols; c++) {
                s.append(c == 0 ? "" : " ").append(" ".repeat(width - cells[r][c].length())).append(cells[r][c]);
            }
            if (cols < m.columns()) {
                s.append(" … +").append(m.columns() - cols);
            }
            lines.add(s.toString());
        }
        if (rows < m.rows()) {
            lines.add("… " + (m.rows() - rows) + " more rows");
        }
        int blockWidth = 0;
        for (String l : lines) {
            blockWidth = Math.max(blockWidth, l.length());
        }
        return new Block(lines, blockWidth);
    }

    /**
     * Fixed point with at least 4 significant digits for the largest shown value (4 to 7
     * decimals), or scientific notation where the shown values are all below 10⁻⁵ or any reaches 10⁴.
     */
    private static String format(Matrix m, int rows, int cols) {
        double max = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                max = Math.max(max, Math.abs(m.get(r, c)));
            }
        }
        if (max == 0) {
            return "%.4f";
        }
        if (max < 1e-5 || max >= 1e4) {
            return "%.3e";
        }
        int decimals = Math.max(4, 3 - (int) Math.floor(Math.log10(max)));
        return "%." + decimals + "f";
    }

    private static String number(float v) {
        return Float.toString(v).replaceAll("\\.0$", "");
    }

    /** The activation's derivative, in terms of its z or y. */
    static String derivative(String activation) {
        if (activation == null) {
            return "f′(z)";
        }
        return switch (activation) {
            case "sigmoid" -> "y(1 − y)";
            case "tanh" -> "(1 − y²)";
            case "relu" -> "[z > 0]";
            case "leaky_relu" -> "([z > 0] + α[z ≤ 0])";
            case "softmax" -> "softmax′ (row Jacobian)";
            default -> activation + "′(z)";
        };
    }

    /** The loss's gradient with respect to the network's output y, over a batch of N values (rows for softmax). */
    static String lossGradientFormula(String loss) {
        return switch (loss) {
            case "mse" -> "2(y − t)/N";
            case "mae" -> "sign(y − t)/N";
            case "huber" -> "clip(y − t, ±δ)/N";
            case "bce" -> "(y − t)/(y(1 − y)·N)";
            case "bce_with_logits" -> "(σ(y) − t)/N";
            case "softmax_cross_entropy" -> "(softmax(y) − t)/rows";
            default -> "∂" + loss + "/∂y";
        };
    }

    /** The optimizer's update rule, with g the gradient. */
    static String updateRule(String optimizer) {
        return switch (optimizer) {
            case "sgd" -> "w ← w − η·g";
            case "momentum" -> "v ← μ·v + g, w ← w − η·v";
            case "nesterov" -> "v ← μ·v + g, w ← w − η·(g + μ·v)";
            case "adam" -> "m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², w ← w − η·m̂/(√v̂ + ε)";
            case "adamw" -> "w ← w − η·λ·w, then Adam's step";
            case "rmsprop" -> "s ← αs + (1 − α)g², w ← w − η·g/(√s + ε)";
            case "adagrad" -> "s ← s + g², w ← w − η·g/(√s + ε)";
            default -> "w ← w − f(g)";
        };
    }
}
