package dev.neurite.nn;

import dev.neurite.tensor.Matrix;
import dev.neurite.tensor.Rng;
import java.util.Arrays;
import java.util.Locale;

/**
 * Initial weight distributions, scaled by a layer's fan-in and fan-out so that the variance of
 * activations neither grows nor vanishes with depth. The uniform forms draw from [−l, l] with
 * l = √3·σ, the normal forms from N(0, σ²).
 */
public enum Init {
    /** σ² = 2 / (fanIn + fanOut), uniform (Glorot and Bengio 2010). */
    GLOROT_UNIFORM(true),
    /** σ² = 2 / (fanIn + fanOut), normal. */
    GLOROT_NORMAL(false),
    /** σ² = 2 / fanIn, uniform (He et al. 2015), for ReLU-like units. */
    HE_UNIFORM(true),
    /** σ² = 2 / fanIn, normal. */
    HE_NORMAL(false),
    /** σ² = 1 / fanIn, uniform (LeCun et al. 1998). */
    LECUN_UNIFORM(true),
    /** σ² = 1 / fanIn, normal. */
    LECUN_NORMAL(false);

    private final boolean uniform;

    Init(boolean uniform) {
        this.uniform = uniform;
    }

    /** The standard deviation of the weights for a layer with these fans. */
    public double standardDeviation(int fanIn, int fanOut) {
        return switch (this) {
            case GLOROT_UNIFORM, GLOROT_NORMAL -> Math.sqrt(2.0 / Math.max(1, fanIn + fanOut));
            case HE_UNIFORM, HE_NORMAL -> Math.sqrt(2.0 / Math.max(1, fanIn));
            case LECUN_UNIFORM, LECUN_NORMAL -> Math.sqrt(1.0 / Math.max(1, fanIn));
        };
    }

    /** Fills {@code weights} with draws from {@code rng}. */
    public void fill(Matrix weights, int fanIn, int fanOut, Rng rng) {
        double sigma = standardDeviation(fanIn, fanOut);
        double limit = Math.sqrt(3.0) * sigma;
        float[] w = weights.data();
        for (int i = 0, n = weights.size(); i < n; i++) {
            w[i] = (float) (uniform ? (2 * rng.nextDouble() - 1) * limit : rng.nextGaussian() * sigma);
        }
    }

    /** The usual choice for units with this activation: He for the ReLU family, Glorot otherwise. */
    public static Init defaultFor(Activation activation) {
        return switch (activation.name()) {
            case "relu", "leaky_relu", "elu", "gelu", "silu", "softplus" -> HE_NORMAL;
            default -> GLOROT_UNIFORM;
        };
    }

    /** The initializer called {@code name} (case-insensitive, e.g. {@code "he_normal"}). */
    public static Init named(String name) {
        for (Init init : values()) {
            if (init.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return init;
            }
        }
        throw new IllegalArgumentException("unknown initializer '" + name + "'; known: "
                + Arrays.toString(values()).toLowerCase(Locale.ROOT));
    }
}
