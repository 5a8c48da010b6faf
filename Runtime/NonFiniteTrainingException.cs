using System;

namespace StaticNet;

/// <summary>
/// A training step whose loss or gradients were not finite (NaN or ±∞). The step changed nothing: parameters,
/// optimizer state, batch-norm statistics and the step count are exactly as before it. The message names the step
/// and where the first non-finite value appeared: in the input batch, in a layer's output (forward pass), in the
/// loss, or in a gradient (backward pass, from the output layer back).
/// </summary>
public sealed class NonFiniteTrainingException : ArithmeticException
{
    /// <summary>Creates the exception for step <paramref name="step"/>.</summary>
    /// <param name="step">The step that failed, counted from 1 (<c>Step</c> + 1).</param>
    /// <param name="layer">The layer where the first non-finite value appeared, or null for the input or the loss.</param>
    /// <param name="where">What held it: <c>input</c>, <c>output</c>, <c>loss</c>, <c>output gradient</c>, or a parameter's gradient such as <c>Weights gradient</c>.</param>
    /// <param name="index">Its index in that buffer (sample-major), or −1 for the loss.</param>
    /// <param name="loss">The step's loss.</param>
    public NonFiniteTrainingException(long step, string? layer, string where, int index, double loss)
        : base(Describe(step, layer, where, index, loss))
    {
        Step = step;
        Layer = layer;
        Where = where;
        Index = index;
        Loss = loss;
    }

    /// <summary>The failed step, counted from 1.</summary>
    public long Step { get; }

    /// <summary>The layer whose output or gradient first went non-finite; null when the input or only the loss did.</summary>
    public string? Layer { get; }

    /// <summary>
    /// What held the first non-finite value: <c>input</c>, <c>output</c>, <c>loss</c>, <c>output gradient</c>, or
    /// <c>&lt;tensor&gt; gradient</c>; <c>gradient</c> (with no layer) when <c>ApplyGradients</c> found it in <c>Gradients</c>.
    /// </summary>
    public string Where { get; }

    /// <summary>The index of the first non-finite value in that buffer, or −1 for the loss.</summary>
    public int Index { get; }

    /// <summary>The step's loss (possibly finite when only a gradient overflowed).</summary>
    public double Loss { get; }

    private static string Describe(long step, string? layer, string where, int index, double loss)
    {
        if (layer is null && where == "gradient")
        {
            // ApplyGradients: the gradients were written by the caller or summed from shards; no loss to report.
            return $"The gradients given to step {step} are not finite: Gradients[{index}] is NaN or infinite. Nothing was updated: "
                + "parameters, optimizer state, batch-norm statistics and the step count are as before. Lower the learning rate, "
                + "clip gradients (ClipNorm) or check the data for NaN.";
        }

        string place = (layer, where) switch
        {
            (null, "input") => $"the input batch already holds one (value {index})",
            (null, _) => "the loss itself went non-finite while every layer's output was finite",
            (_, "output") => $"the forward pass first produced one in the output of {layer} (value {index})",
            _ => $"the backward pass first produced one in {layer}'s {where} (value {index})",
        };
        return $"Training step {step} is not finite (loss {loss}): {place}. Nothing was updated: parameters, optimizer state, "
            + "batch-norm statistics and the step count are as before the step. Lower the learning rate, clip gradients "
            + "(ClipNorm), check the data for NaN, or look at the layer named.";
    }
}
