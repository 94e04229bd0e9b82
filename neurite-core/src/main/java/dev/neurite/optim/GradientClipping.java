package dev.neurite.optim;

import dev.neurite.nn.Parameter;
import dev.neurite.tensor.Kernels;
import java.util.List;

/** Clipping by global norm (Pascanu et al. 2013), as PyTorch's {@code clip_grad_norm_}. */
public final class GradientClipping {
    private GradientClipping() {
    }

    /**
     * With ‖g‖ = √(Σ over all gradients of g²): when ‖g‖ &gt; maxNorm, scales every gradient by
     * maxNorm / ‖g‖. Returns ‖g‖ before clipping.
     */
    public static double clipByGlobalNorm(List<Parameter> parameters, float maxNorm) {
        Kernels kernels = Kernels.get();
        double sum = 0;
        for (int i = 0, n = parameters.size(); i < n; i++) {
            sum += kernels.sumOfSquares(parameters.get(i).gradient());
        }
        double norm = Math.sqrt(sum);
        if (norm > maxNorm) {
            float scale = (float) (maxNorm / (norm + 1e-6));
            for (int i = 0, n = parameters.size(); i < n; i++) {
                kernels.scaleInPlace(parameters.get(i).gradient(), scale);
            }
        }
        return norm;
    }
}
