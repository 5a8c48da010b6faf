using System;

namespace StaticNet;

/// <summary>Options shared by every layer with weights: its activation and how its parameters start.</summary>
public abstract class TrainableLayerAttribute : LayerAttribute
{
    /// <summary>The activation. Default <see cref="Activation.Identity"/>.</summary>
    public Activation Activation { get; set; }

    /// <summary>Slope for negative inputs of <see cref="Activation.LeakyReLU"/>, in [0, 1). Default 0.01.</summary>
    public double LeakySlope { get; set; } = 0.01;

    /// <summary>How weights are drawn. Default: He normal for the ReLU family, Xavier normal otherwise.</summary>
    public WeightInit WeightInit { get; set; }

    /// <summary>The constant for <see cref="StaticNet.WeightInit.Constant"/>, the bound a for <see cref="StaticNet.WeightInit.Uniform"/>, σ for <see cref="StaticNet.WeightInit.Normal"/>.</summary>
    public double InitValue { get; set; }

    /// <summary>Every bias starts at this value. Default 0; a small positive value helps ReLU units stay alive.</summary>
    public double BiasInit { get; set; }
}
