package dev.neurite.nn;

import dev.neurite.tensor.Matrix;

/**
 * Sees the matrices a {@link Network} passes through each layer, as it computes them: how a
 * training step is traced ({@code Trainer.traceOnBatch}) without a second implementation of it.
 * The matrices are the layers' own buffers, valid until their next call: copy what you keep.
 */
public interface LayerObserver {

    /** Layer {@code index} has mapped {@code input} to {@code output}. */
    void afterForward(int index, Layer layer, Matrix input, Matrix output);

    /**
     * Layer {@code index} has turned ∂L/∂output ({@code gradOutput}) into ∂L/∂input
     * ({@code gradInput}, null when it was not asked for) and written its parameters' gradients.
     */
    void afterBackward(int index, Layer layer, Matrix gradOutput, Matrix gradInput);
}
