using System.Collections.Generic;
using System.Linq;
using System.Threading;
using StaticNet.Generator.Diagnostics;
using StaticNet.Generator.Emit;
using StaticNet.Generator.Layers;
using StaticNet.Generator.Model;
using StaticNet.Generator.Optimizers;
using StaticNet.Generator.Parsing;

namespace StaticNet.Generator.Analysis;

/// <summary>
/// Turns a declaration into a shaped network: reads the options, infers every layer's shape in
/// declaration order, and checks what the course notes warn about. Never throws for bad input:
/// every problem becomes a diagnostic.
/// </summary>
internal static class NetworkAnalyzer
{
    private const int MaxInputRank = 3;

    public static AnalysisResult Analyze(NetworkSpec spec, CancellationToken cancellationToken)
    {
        var diagnostics = new DiagnosticBag();
        ShapedNetwork? network = null;
        try
        {
            if (spec.Failure is not null)
            {
                diagnostics.Add(Descriptors.InternalError, spec.ClassLocation, spec.DisplayName, spec.Failure);
            }
            else
            {
                network = Shape(spec, diagnostics, cancellationToken);
            }
        }
        catch (System.Exception exception) when (exception is not System.OperationCanceledException)
        {
            diagnostics.Add(Descriptors.InternalError, spec.ClassLocation, spec.DisplayName, exception.GetType().Name + ": " + exception.Message);
        }

        return new AnalysisResult(diagnostics.HasErrors ? null : network, diagnostics.ToEquatableArray(), HintNames.For(spec))
        {
            UserMembers = spec.UserMembers,
            ClassLocation = spec.ClassLocation,
            DisplayName = spec.DisplayName,
        };
    }

    private static ShapedNetwork? Shape(NetworkSpec spec, DiagnosticBag diagnostics, CancellationToken cancellationToken)
    {
        if (!CheckType(spec, diagnostics))
        {
            return null;
        }

        MemberClashes.CheckUnqualifiable(spec, diagnostics);

        // The compiler already reports a malformed attribute; anything we said on top would be noise.
        if (spec.Network.HasErrors || spec.Attributes.Any(a => a.HasErrors))
        {
            return null;
        }

        NetworkOptions options = ReadOptions(spec.Network, diagnostics);

        AttributeSpec? input = Single(spec, "Input", diagnostics);
        AttributeSpec? loss = Single(spec, "Loss", diagnostics);
        AttributeSpec? optimizerAttribute = OptimizerAttribute(spec, diagnostics);

        Shape? inputShape = input is null ? null : ReadInput(input, diagnostics);
        if (inputShape is not null && !NetworkSize.InputFits(inputShape, Batch(options), input!.Positional(0)?.Location ?? input.Location, diagnostics))
        {
            inputShape = null;
        }

        if (input is null)
        {
            diagnostics.Add(Descriptors.NoInput, spec.ClassLocation, spec.DisplayName);
        }

        var layers = new List<Layer>();
        bool shapesKnown = inputShape is not null;
        Shape current = inputShape ?? Analysis.Shape.Of(1);
        int parameterOffset = 0, stateOffset = 0;
        int declaredLayers = 0;
        var perKind = new Dictionary<string, int>();
        var names = new Dictionary<string, string>(System.StringComparer.Ordinal);
        for (int a = 0; a < spec.Attributes.Count; a++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            AttributeSpec attribute = spec.Attributes[a];
            if (!LayerCatalog.TryGet(attribute.Name, out LayerKind kind))
            {
                continue;
            }

            declaredLayers++;
            perKind.TryGetValue(attribute.Name, out int ofKind);
            perKind[attribute.Name] = ++ofKind;
            (string name, string key) = LayerNames.Read(attribute, ofKind, names, diagnostics);
            if (!shapesKnown)
            {
                continue;
            }

            var site = new LayerSite(declaredLayers, name, key, current, FollowingActivation(spec.Attributes, a), options.Precision);
            Layer? layer = kind.Create(attribute, site, diagnostics);
            if (layer is not null && !NetworkSize.LayerFits(layer, Batch(options), parameterOffset, attribute.Location, diagnostics))
            {
                layer = null;
            }

            if (layer is null)
            {
                // Later shapes depend on this one: stop inferring, but keep the other checks.
                shapesKnown = false;
                continue;
            }

            layer = layer with
            {
                Parameters = Place(layer.Parameters, ref parameterOffset),
                State = Place(layer.State, ref stateOffset),
            };
            layers.Add(layer);
            current = layer.Output;
        }

        if (declaredLayers == 0)
        {
            diagnostics.Add(Descriptors.NoLayers, spec.ClassLocation, spec.DisplayName);
        }
        else if (shapesKnown && layers.All(l => l.IsReshape))
        {
            diagnostics.Add(Descriptors.Unsupported, spec.ClassLocation, $"Network '{spec.DisplayName}' of only [Flatten]", "Flatten computes nothing; add a layer that does, for example [Dense(10)]");
        }

        Optimizer? optimizer = null;
        if (optimizerAttribute is not null && OptimizerCatalog.TryGet(optimizerAttribute.Name, out OptimizerFactory factory))
        {
            optimizer = factory(optimizerAttribute, options.Precision, diagnostics);
        }
        else
        {
            diagnostics.Add(Descriptors.MissingAttribute, spec.ClassLocation, spec.DisplayName, "optimizer", "[Momentum(LearningRate = 0.01, Momentum = 0.9)] or [Adam]");
        }

        LossKind? lossKind = loss is null ? null : ReadLoss(loss, diagnostics);
        if (loss is null)
        {
            diagnostics.Add(Descriptors.MissingAttribute, spec.ClassLocation, spec.DisplayName, "[Loss]", "[Loss(LossKind.SoftmaxCrossEntropy)]");
        }

        if (layers.Any(l => !l.IsReshape))
        {
            TrainingChecks.Run(layers, shapesKnown && declaredLayers == layers.Count, lossKind, loss, options, diagnostics);
        }

        if (diagnostics.HasErrors || inputShape is null || lossKind is null || optimizer is null || layers.All(l => l.IsReshape))
        {
            return null;
        }

        if (!NetworkSize.TotalFits(spec.DisplayName, layers, Batch(options), optimizer, optimizerAttribute!.Location, spec.ClassLocation, diagnostics))
        {
            return null;
        }

        // The output activation of a softmax cross-entropy or BCE network is folded into the loss's gradient.
        if (lossKind is LossKind.SoftmaxCrossEntropy or LossKind.BinaryCrossEntropy)
        {
            int output = layers.FindLastIndex(l => !l.IsReshape);
            layers[output] = layers[output] with { ActivationFusedWithLoss = true };
        }

        int first = layers.FindIndex(l => !l.IsReshape);
        layers[first] = layers[first] with { NeedsInputGradient = false };
        return new ShapedNetwork(
            spec.Namespace, spec.ClassName, spec.ContainingTypes, options, inputShape, layers.ToEquatableArray(), lossKind.Value, optimizer)
        {
            ShadowedNames = spec.ShadowedNames,
            IsAbstract = spec.IsAbstract,
        };
    }

    /// <summary>Gives each tensor its offset in its buffer, in declaration order.</summary>
    private static EquatableArray<TensorSpec> Place(EquatableArray<TensorSpec> tensors, ref int offset)
    {
        var placed = new List<TensorSpec>(tensors.Count);
        foreach (TensorSpec tensor in tensors)
        {
            placed.Add(tensor with { Offset = offset });
            offset += tensor.Length;
        }

        return placed.ToEquatableArray();
    }

    /// <summary>
    /// The activation layer that gives the units of the layer at <paramref name="index"/> their activation: the next
    /// activation layer, looking past layers that keep units as they are (batch norm, dropout, pooling, flatten).
    /// </summary>
    private static ActivationKind FollowingActivation(EquatableArray<AttributeSpec> attributes, int index)
    {
        for (int next = index + 1; next < attributes.Count; next++)
        {
            if (!LayerCatalog.TryGet(attributes[next].Name, out LayerKind kind))
            {
                continue;
            }

            if (kind.Applies is ActivationKind applied)
            {
                return applied;
            }

            if (!kind.KeepsUnits)
            {
                break;
            }
        }

        return ActivationKind.Identity;
    }

    private static bool CheckType(NetworkSpec spec, DiagnosticBag diagnostics)
    {
        switch (spec.Problem)
        {
            case TypeProblem.NotPartial:
                diagnostics.Add(Descriptors.NotPartial, spec.ClassLocation, spec.DisplayName);
                return false;
            case TypeProblem.ContainerNotPartial:
                string outer = spec.ContainingTypes.First(t => !t.IsPartial).Name;
                diagnostics.Add(Descriptors.NotPartial, spec.ClassLocation, outer);
                return false;
            case TypeProblem.Generic:
                diagnostics.Add(Descriptors.Unsupported, spec.ClassLocation, $"Generic network class '{spec.DisplayName}'", "every shape must be known at compile time; declare a non-generic class");
                return false;
            case TypeProblem.Record:
                diagnostics.Add(Descriptors.Unsupported, spec.ClassLocation, $"Record network class '{spec.DisplayName}'", "a network owns mutable parameter buffers, which value equality would compare; declare a partial class");
                return false;
            case TypeProblem.Static:
                diagnostics.Add(Descriptors.Unsupported, spec.ClassLocation, $"Static network class '{spec.DisplayName}'", "a network owns its parameter buffers; remove 'static'");
                return false;
            case TypeProblem.FileLocal:
                diagnostics.Add(Descriptors.Unsupported, spec.ClassLocation, $"File-local network class '{spec.DisplayName}'{(spec.ProblemTypeName == spec.ClassName ? "" : $" (in file-local '{spec.ProblemTypeName}')")}", "the generated half is in a file of its own, and a file-local type cannot span files; remove 'file'");
                return false;
            case TypeProblem.PrimaryConstructor:
                diagnostics.Add(Descriptors.Unsupported, spec.ClassLocation, $"Network class '{spec.DisplayName}' with a primary constructor", "the generated constructor initializes the weights and would have to call the primary one; remove the parameter list and pass values through properties or a method");
                return false;
            case TypeProblem.BaseNeedsArguments:
                diagnostics.Add(Descriptors.Unsupported, spec.ClassLocation, $"Network class '{spec.DisplayName}' deriving from '{spec.ProblemTypeName}'", "the generated constructor Net() calls the base class's parameterless constructor, which it lacks (or cannot reach); give the base class an accessible parameterless constructor");
                return false;
            default:
                return true;
        }
    }

    private static int Batch(NetworkOptions options) => System.Math.Max(options.BatchCapacity, 1);

    private static AttributeSpec? Single(NetworkSpec spec, string name, DiagnosticBag diagnostics)
    {
        AttributeSpec? first = null;
        foreach (AttributeSpec attribute in spec.Attributes)
        {
            if (attribute.Name != name)
            {
                continue;
            }

            if (first is null)
            {
                first = attribute;
            }
            else
            {
                diagnostics.Add(Descriptors.DuplicateAttribute, attribute.Location, name, spec.DisplayName);
            }
        }

        return first;
    }

    private static NetworkOptions ReadOptions(AttributeSpec network, DiagnosticBag diagnostics)
    {
        ArgumentSpec? capacityArgument = network.Named("BatchCapacity");
        int capacity = capacityArgument?.Int ?? 32;
        if (capacity <= 0)
        {
            diagnostics.Add(Descriptors.NonPositiveSize, capacityArgument?.Location, "BatchCapacity", capacity);
        }

        ArgumentSpec? precisionArgument = network.Named("Precision");
        PrecisionKind precision = PrecisionKind.Single;
        if (precisionArgument is not null)
        {
            if (precisionArgument.Number is 0 or 1)
            {
                precision = (PrecisionKind)precisionArgument.Int;
            }
            else
            {
                diagnostics.Add(Descriptors.Unsupported, precisionArgument.Location, $"Precision value {DiagnosticBag.Format(precisionArgument.Number)}", "use Precision.Single or Precision.Double");
            }
        }

        return new NetworkOptions(capacity, network.Named("Seed")?.Int ?? 0, precision);
    }

    private static Shape? ReadInput(AttributeSpec input, DiagnosticBag diagnostics)
    {
        ArgumentSpec? shape = input.Positional(0);
        if (shape is null || shape.Items.Count == 0)
        {
            diagnostics.Add(Descriptors.Unsupported, shape?.Location ?? input.Location, "An input with no dimensions", "give the size of each dimension, channel first, as in [Input(784)] or [Input(1, 28, 28)]");
            return null;
        }

        if (shape.Items.Count > MaxInputRank)
        {
            diagnostics.Add(Descriptors.Unsupported, shape.Location, $"An input of rank {shape.Items.Count}", "StaticNet takes [features], [channels, length] or [channels, height, width]");
            return null;
        }

        bool valid = true;
        var dimensions = new int[shape.Items.Count];
        for (int i = 0; i < dimensions.Length; i++)
        {
            dimensions[i] = (int)shape.Items[i];
            if (dimensions[i] <= 0)
            {
                diagnostics.Add(Descriptors.NonPositiveSize, shape.ItemLocation(i), $"Input dimension {i}", dimensions[i]);
                valid = false;
            }
        }

        return valid ? Analysis.Shape.Of(dimensions) : null;
    }

    /// <summary>The one optimizer attribute; a second one of any kind is SN0016 (the same) or SN0039 (another).</summary>
    private static AttributeSpec? OptimizerAttribute(NetworkSpec spec, DiagnosticBag diagnostics)
    {
        AttributeSpec? first = null;
        foreach (AttributeSpec attribute in spec.Attributes)
        {
            if (!OptimizerCatalog.TryGet(attribute.Name, out _))
            {
                continue;
            }

            if (first is null)
            {
                first = attribute;
            }
            else if (attribute.Name == first.Name)
            {
                diagnostics.Add(Descriptors.DuplicateAttribute, attribute.Location, attribute.Name, spec.DisplayName);
            }
            else
            {
                diagnostics.Add(Descriptors.SeveralOptimizers, attribute.Location, spec.DisplayName, first.Name, attribute.Name);
            }
        }

        return first;
    }

    private static LossKind? ReadLoss(AttributeSpec loss, DiagnosticBag diagnostics)
    {
        ArgumentSpec? kind = loss.Positional(0);
        if (kind is not null && kind.Number is >= 0 and <= (int)LossKind.BinaryCrossEntropy && kind.Number == kind.Int)
        {
            return (LossKind)kind.Int;
        }

        diagnostics.Add(Descriptors.Unsupported, kind?.Location ?? loss.Location, $"Loss value {DiagnosticBag.Format(kind?.Number ?? double.NaN)}", "it is not one of StaticNet.LossKind's members");
        return null;
    }
}
