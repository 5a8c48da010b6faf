using StaticNet.Generator.Analysis;
using StaticNet.Generator.Diagnostics;
using StaticNet.Generator.Emit;
using StaticNet.Generator.Model;
using StaticNet.Generator.Parsing;

namespace StaticNet.Generator.Layers;

/// <summary>
/// How a layer's weights and bias start, shared by every kind with parameters: the scheme (the default
/// resolved from the activation), the checks the course notes motivate, and the emitted statements.
/// </summary>
internal sealed record InitRule(InitKind Kind, bool IsDefault, double Value, double Bias, LocationInfo? Location)
{
    public static InitRule Read(AttributeSpec attribute, LayerSite site, ActivationKind activation, DiagnosticBag diagnostics)
    {
        string layerName = site.Name;
        ArgumentSpec? scheme = attribute.Named("WeightInit");
        ArgumentSpec? value = attribute.Named("InitValue");
        double bias = attribute.Named("BiasInit")?.Number ?? 0;
        LocationInfo? location = scheme?.Location ?? attribute.Location;

        InitKind kind = InitKind.Default;
        if (scheme is not null)
        {
            if (scheme.Number is >= 0 and <= (int)InitKind.HeUniform && scheme.Number == scheme.Int)
            {
                kind = (InitKind)scheme.Int;
            }
            else
            {
                diagnostics.Add(Descriptors.Unsupported, scheme.Location, $"{layerName}: weight initialization value {DiagnosticBag.Format(scheme.Number)}", "it is not one of StaticNet.WeightInit's members");
            }
        }

        bool isDefault = kind == InitKind.Default;
        if (isDefault)
        {
            kind = IsReLUFamily(activation) ? InitKind.HeNormal : InitKind.XavierNormal;
        }

        // The values become literals in the generated code: NaN and infinities have none, and train nothing.
        foreach (ArgumentSpec? argument in new[] { value, attribute.Named("BiasInit") })
        {
            if (argument is not null && (double.IsNaN(argument.Number) || double.IsInfinity(argument.Number)))
            {
                diagnostics.Add(Descriptors.Unsupported, argument.Location, $"{layerName}: {argument.Name} {DiagnosticBag.Format(argument.Number)}", "initial values must be finite numbers");
            }
        }

        var rule = new InitRule(kind, isDefault, value?.Number ?? 0, bias, location);
        if (rule.Check(layerName, activation, value?.Location ?? location, diagnostics))
        {
            RealRange? valueRange = kind switch
            {
                InitKind.Uniform or InitKind.Normal => RealRange.Positive,
                InitKind.Constant => RealRange.Finite,
                _ => null,
            };
            if (valueRange is not null)
            {
                SinglePrecision.Check(site.Precision, layerName, "InitValue", value, rule.Value, valueRange, diagnostics);
            }
            else if (value is not null)
            {
                diagnostics.Add(Descriptors.OptionWithoutEffect, value.Location, layerName, "InitValue", $"because {rule.Display} initialization does not take a value (Constant, Uniform and Normal do)");
            }

            SinglePrecision.Check(site.Precision, layerName, "BiasInit", attribute.Named("BiasInit"), bias, RealRange.Finite, diagnostics);
        }

        return rule;
    }

    /// <returns>Whether the values are usable (warnings aside): finite, and positive where the scheme needs it.</returns>
    private bool Check(string layerName, ActivationKind activation, LocationInfo? valueLocation, DiagnosticBag diagnostics)
    {
        if (double.IsNaN(Value) || double.IsInfinity(Value) || double.IsNaN(Bias) || double.IsInfinity(Bias))
        {
            return false;
        }

        string suggestion = IsReLUFamily(activation) ? "He normal" : "Xavier normal";
        switch (Kind)
        {
            case InitKind.Zeros:
                diagnostics.Add(Descriptors.SymmetricInitialization, Location, layerName, "0", suggestion);
                break;
            case InitKind.Constant:
                diagnostics.Add(Descriptors.SymmetricInitialization, Location, layerName, DiagnosticBag.Format(Value), suggestion);
                break;
            case InitKind.Uniform when !(Value > 0):
                diagnostics.Add(Descriptors.InvalidInitValue, valueLocation, layerName, "Uniform", "the bound a of U(−a, a)", Value);
                return false;
            case InitKind.Normal when !(Value > 0):
                diagnostics.Add(Descriptors.InvalidInitValue, valueLocation, layerName, "Normal", "the standard deviation σ", Value);
                return false;
            case InitKind.XavierUniform or InitKind.XavierNormal when IsReLUFamily(activation):
                diagnostics.Add(Descriptors.InitializationMismatch, Location, layerName, Display, activation.ToString(), Kind == InitKind.XavierUniform ? "He uniform" : "He normal");
                break;
            case InitKind.HeNormal or InitKind.HeUniform when activation is ActivationKind.Sigmoid or ActivationKind.Tanh:
                diagnostics.Add(Descriptors.InitializationMismatch, Location, layerName, Display, activation.ToString(), Kind == InitKind.HeUniform ? "Xavier uniform" : "Xavier normal");
                break;
        }

        return true;
    }

    private static bool IsReLUFamily(ActivationKind activation) => activation is ActivationKind.ReLU or ActivationKind.LeakyReLU;

    public string Display => Kind switch
    {
        InitKind.Zeros => "zeros",
        InitKind.Constant => "constant " + DiagnosticBag.Format(Value),
        InitKind.Uniform => "U(±" + DiagnosticBag.Format(Value) + ")",
        InitKind.Normal => "N(0, " + DiagnosticBag.Format(Value) + "²)",
        InitKind.XavierUniform => "Xavier uniform",
        InitKind.XavierNormal => "Xavier normal",
        InitKind.LeCunNormal => "LeCun normal",
        InitKind.HeNormal => "He normal",
        InitKind.HeUniform => "He uniform",
        _ => Kind.ToString(),
    };

    public string Formula => Kind switch
    {
        InitKind.XavierUniform => "Xavier uniform U(±√(6 / (fan_in + fan_out)))",
        InitKind.XavierNormal => "Xavier normal N(0, 2 / (fan_in + fan_out))",
        InitKind.LeCunNormal => "LeCun normal N(0, 1 / fan_in)",
        InitKind.HeNormal => "He normal N(0, 2 / fan_in)",
        InitKind.HeUniform => "He uniform U(±√(6 / fan_in))",
        _ => Display,
    };

    /// <summary>The weights' initialization, with fan-in and fan-out as expressions over the layer's constants.</summary>
    public TensorInit Weights(string fanIn, string fanOut, ActivationKind activation) =>
        new(Kind, Value, fanIn, fanOut, Formula + (IsDefault ? " (the default for " + activation + ")" : ""));

    /// <summary>The bias's initialization: the constant <c>BiasInit</c>.</summary>
    public TensorInit BiasInit => TensorInit.Constant(Bias);
}
