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
    public static InitRule Read(AttributeSpec attribute, string layerName, ActivationRule activation, DiagnosticBag diagnostics)
    {
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
            kind = activation.IsReLUFamily ? InitKind.HeNormal : InitKind.XavierNormal;
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
        rule.Check(layerName, activation, value?.Location ?? location, diagnostics);
        return rule;
    }

    private void Check(string layerName, ActivationRule activation, LocationInfo? valueLocation, DiagnosticBag diagnostics)
    {
        string suggestion = activation.IsReLUFamily ? "He normal" : "Xavier normal";
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
                break;
            case InitKind.Normal when !(Value > 0):
                diagnostics.Add(Descriptors.InvalidInitValue, valueLocation, layerName, "Normal", "the standard deviation σ", Value);
                break;
            case InitKind.XavierUniform or InitKind.XavierNormal when activation.IsReLUFamily:
                diagnostics.Add(Descriptors.InitializationMismatch, Location, layerName, Display, activation.Kind.ToString(), Kind == InitKind.XavierUniform ? "He uniform" : "He normal");
                break;
            case InitKind.HeNormal or InitKind.HeUniform when activation.Kind is ActivationKind.Sigmoid or ActivationKind.Tanh:
                diagnostics.Add(Descriptors.InitializationMismatch, Location, layerName, Display, activation.Kind.ToString(), Kind == InitKind.HeUniform ? "Xavier uniform" : "Xavier normal");
                break;
        }
    }

    public bool IsRandom => Kind is not (InitKind.Zeros or InitKind.Constant);

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

    private string Formula => Kind switch
    {
        InitKind.XavierUniform => "Xavier uniform U(±√(6 / (fan_in + fan_out)))",
        InitKind.XavierNormal => "Xavier normal N(0, 2 / (fan_in + fan_out))",
        InitKind.LeCunNormal => "LeCun normal N(0, 1 / fan_in)",
        InitKind.HeNormal => "He normal N(0, 2 / fan_in)",
        InitKind.HeUniform => "He uniform U(±√(6 / fan_in))",
        _ => Display,
    };

    /// <summary>
    /// Emits the layer's initialization. Each layer draws from its own stream of the seed, so adding or
    /// removing a layer leaves the others' starting weights unchanged.
    /// </summary>
    public void Emit(CodeWriter writer, EmitContext context, Layer layer, string fanIn, string fanOut)
    {
        string t = context.T;
        string name = layer.Name;
        string random = "random" + EmitContext.Int(layer.Index);
        writer.Comment($"{name}: weights {Formula}{(IsDefault ? " (the default for " + layer.Activation + ")" : "")}, bias {DiagnosticBag.Format(Bias)}");
        if (IsRandom)
        {
            writer.Line($"var {random} = new global::StaticNet.Init.SeededRandom(seed, stream: {EmitContext.Int(layer.Index)});");
        }

        string call = Kind switch
        {
            InitKind.Zeros => $"global::StaticNet.Init.Initializers.Constant<{t}>({name}Weights, 0);",
            InitKind.Constant => $"global::StaticNet.Init.Initializers.Constant<{t}>({name}Weights, {Number(Value)});",
            InitKind.Uniform => $"global::StaticNet.Init.Initializers.Uniform<{t}>({name}Weights, {Number(Value)}, ref {random});",
            InitKind.Normal => $"global::StaticNet.Init.Initializers.Normal<{t}>({name}Weights, {Number(Value)}, ref {random});",
            InitKind.XavierUniform => $"global::StaticNet.Init.Initializers.XavierUniform<{t}>({name}Weights, {fanIn}, {fanOut}, ref {random});",
            InitKind.XavierNormal => $"global::StaticNet.Init.Initializers.XavierNormal<{t}>({name}Weights, {fanIn}, {fanOut}, ref {random});",
            InitKind.LeCunNormal => $"global::StaticNet.Init.Initializers.LeCunNormal<{t}>({name}Weights, {fanIn}, ref {random});",
            InitKind.HeUniform => $"global::StaticNet.Init.Initializers.HeUniform<{t}>({name}Weights, {fanIn}, ref {random});",
            _ => $"global::StaticNet.Init.Initializers.HeNormal<{t}>({name}Weights, {fanIn}, ref {random});",
        };
        writer.Line(call);
        if (layer.BiasCount > 0)
        {
            writer.Line($"global::StaticNet.Init.Initializers.Constant<{t}>({name}Bias, {Number(Bias)});");
        }
    }

    private static string Number(double value)
    {
        string text = value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        return text.Contains(".") || text.Contains("E") ? text : text + ".0";
    }
}
