using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace StaticNet.Generator.Tests.Fuzzing;

/// <summary>
/// Writes random network declarations the way people and editors produce them: mostly plausible, often wrong. Random
/// layer lists with random, out-of-range and wrong-typed arguments; class, namespace and member names taken from
/// keywords, verbatim identifiers, the generated members' names and the runtime's type names; nesting, generics,
/// partial declarations, base classes; and text cut or changed at random points, as while typing. Everything comes
/// from the <see cref="Random"/> it is given, so a seed reproduces a run.
/// </summary>
internal sealed class DeclarationFuzzer(Random random)
{
    private static readonly string[] PlainNames = ["Net", "Mlp", "Classifier", "Model", "Réseau", "网络", "_net", "Net2", "N", "Layer", "NET", "net"];

    private static readonly string[] VerbatimKeywords = ["@class", "@event", "@namespace", "@int", "@float", "@static", "@record", "@var", "@partial", "@file", "@this", "@object"];

    private static readonly string[] ContextualKeywords = ["var", "async", "await", "dynamic", "value", "nameof", "when", "where", "yield", "file", "required", "scoped", "record", "partial", "global", "field", "args", "notnull"];

    private static readonly string[] GeneratedNames =
    [
        "Forward", "Loss", "Parameters", "InputLength", "OutputLength", "Architecture", "TrainStep", "Predict", "Initialize", "Gradients",
        "State", "Step", "Optimizer", "LearningRate", "Tensors", "Evaluate", "BatchCapacity", "DefaultSeed", "Velocity", "Dense1Weights",
        "Statistics", "ComputeGradients", "ForwardBatch", "ParameterCount", "MomentumCoefficient", "_parameters", "s_tensors", "OptimizerBuffers",
    ];

    private static readonly string[] RuntimeNames =
    [
        "Math", "Array", "Span", "ReadOnlySpan", "System", "StaticNet", "MemoryExtensions", "Gemm", "Bias", "Activations", "Initializers",
        "TensorInfo", "IReadOnlyList", "LayerStatistics", "Metrics", "Adam", "Momentum", "Single", "Double", "Dropout", "Pooling", "INetwork",
        "BatchGuard", "Convolution", "SeededRandom", "NonFinite", "GradientAdjustment", "ExclusiveUse",
    ];

    private static readonly string[] LayerNames =
    [
        "fc1", "hidden", "Dense1", "conv", "", "1abc", "a b", "Input", "forward", "loss", "x_y", "Réseau", "bn", "out", "Batch", "Fc1",
        "fc", "fcOutput", "fcWeights", "fcBias", "hiddenOutput", "convInput", "bnLength", "fc1Weights", "dense1Output", "conv2D1Output", "Param", "Velocity", "Sum",
    ];

    private static readonly (string Text, double? Value)[] Integers =
    [
        ("0", 0), ("-1", -1), ("-7", -7), ("int.MaxValue", int.MaxValue), ("int.MinValue", int.MinValue), ("65536", 65536), ("1 << 20", 1 << 20),
        ("16777216", 16777216), ("1073741824", 1073741824), ("46341", 46341), ("100000", 100000), ("'a'", 97),
        ("\"3\"", null), ("1.5", null), ("null", null), ("typeof(int)", null), ("3L", null), ("true", null),
    ];

    private static readonly (string Text, double? Value)[] Reals =
    [
        ("0", 0), ("0.01", 0.01), ("0.1", 0.1), ("0.5", 0.5), ("0.9", 0.9), ("0.99", 0.99), ("1", 1), ("-1", -1), ("2", 2), ("1e-3", 1e-3),
        ("1e-8", 1e-8), ("1e-10", 1e-10), ("1e-30", 1e-30), ("1e-38", 1e-38), ("1.2e-38", 1.2e-38), ("1e-40", 1e-40), ("1e-45", 1e-45), ("1e-50", 1e-50),
        ("1e-300", 1e-300), ("1e38", 1e38), ("3.4028235e38", 3.4028235e38), ("3.4028236e38", 3.4028236e38), ("1e39", 1e39), ("1e308", 1e308),
        ("0.99999999", 0.99999999), ("0.9999999", 0.9999999), ("0.99999997", 0.99999997), ("0.999999999", 0.999999999), ("-0.0", -0.0),
        ("double.NaN", double.NaN), ("double.PositiveInfinity", double.PositiveInfinity), ("double.NegativeInfinity", double.NegativeInfinity),
        ("double.Epsilon", double.Epsilon), ("double.MaxValue", double.MaxValue), ("float.MaxValue", float.MaxValue), ("0.1f", 0.1f),
        ("1.0 / 3", 1.0 / 3), ("\"x\"", null), ("null", null), ("typeof(double)", null), ("1e39f", null), ("1m", null),
    ];

    private static readonly string[] Activations = ["Identity", "Sigmoid", "Tanh", "ReLU", "LeakyReLU", "Softmax"];

    private static readonly string[] Initializers = ["Default", "Zeros", "Constant", "Uniform", "Normal", "XavierUniform", "XavierNormal", "LeCunNormal", "HeNormal", "HeUniform"];

    private static readonly string[] Optimizers = ["Sgd", "Momentum", "Nesterov", "AdaGrad", "RMSProp", "Adam", "AdamW"];

    private static readonly string[] LayerKinds =
    [
        "Dense", "Dense", "Dense", "Conv2D", "Conv1D", "ConvTranspose2D", "MaxPool2D", "AvgPool2D", "MaxPool1D", "AvgPool1D", "GlobalAvgPool",
        "Flatten", "Flatten", "BatchNorm", "Dropout", "ReLU", "LeakyReLU", "Sigmoid", "Tanh", "Softmax",
    ];

    private readonly Random _random = random;

    /// <summary>A new case with its own namespace root <c>Fuzz{id}</c>, so cases in one compilation rarely meet.</summary>
    public FuzzCase Next(int id)
    {
        var declaration = new Declaration(this, id, plausible: Chance(0.5));
        string source = declaration.Write();
        var sources = new List<string> { source };
        if (declaration.SecondFile is not null)
        {
            sources.Add(declaration.SecondFile);
        }

        if (Chance(0.3))
        {
            // Mid-edit: the text as it is while someone types. Nothing it declares can be relied on.
            int which = _random.Next(sources.Count);
            sources[which] = Mutate(sources[which]);
            return new FuzzCase(id, sources, null);
        }

        return new FuzzCase(id, sources, declaration.Expectation());
    }

    /// <summary>An edit somewhere in <paramref name="text"/>: cut, deleted, inserted, a number changed, a line repeated.</summary>
    public string Mutate(string text)
    {
        int at = _random.Next(text.Length + 1);
        switch (_random.Next(7))
        {
            case 0:
                return text.Substring(0, at);
            case 1:
                return text.Remove(at, Math.Min(text.Length - at, _random.Next(1, 12)));
            case 2:
                string[] tokens = ["[", "]", "(", ")", ",", "=", "\"", ";", "{", "}", "Dense(", "[Dense(3)]", "Name = ", "1e39", "-", ".", "@", "partial ", "namespace X;", "\n", "/*", "//", "#if X\n", "<T>"];
                return text.Insert(at, tokens[_random.Next(tokens.Length)]);
            case 3:
                return ReplaceNumber(text);
            case 4:
                string[] lines = text.Split('\n');
                int line = _random.Next(lines.Length);
                return string.Join("\n", lines.Take(line + 1).Append(lines[line]).Concat(lines.Skip(line + 1)));
            case 5:
                // Cut, then the closing text an editor adds: a half-written attribute in an otherwise complete file.
                return text.Substring(0, at) + "\n}\n";
            default:
                return text.Remove(at, Math.Min(text.Length - at, 1)).Insert(at, ((char)_random.Next(32, 127)).ToString());
        }
    }

    private string ReplaceNumber(string text)
    {
        var digits = new List<int>();
        for (int i = 0; i < text.Length; i++)
        {
            if (char.IsAsciiDigit(text[i]) && (i == 0 || !char.IsAsciiLetterOrDigit(text[i - 1])))
            {
                digits.Add(i);
            }
        }

        if (digits.Count == 0)
        {
            return text;
        }

        int start = digits[_random.Next(digits.Count)], end = start;
        while (end < text.Length && (char.IsAsciiDigit(text[end]) || text[end] == '.'))
        {
            end++;
        }

        (string replacement, _) = Chance(0.5) ? Integers[_random.Next(Integers.Length)] : Reals[_random.Next(Reals.Length)];
        return text.Substring(0, start) + replacement + text.Substring(end);
    }

    private bool Chance(double p) => _random.NextDouble() < p;

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    /// <summary>An identifier as written (<c>@event</c>) and as the compiler reads it (<c>event</c>).</summary>
    private (string Text, string Value) Identifier(bool plainMostly = true)
    {
        if (plainMostly && Chance(0.6))
        {
            string plain = Pick(PlainNames);
            return (plain, plain);
        }

        switch (_random.Next(5))
        {
            case 0:
                string verbatim = Pick(VerbatimKeywords);
                return (verbatim, verbatim.Substring(1));
            case 1:
                string contextual = Pick(ContextualKeywords);
                return (contextual, contextual);
            case 2:
                string generated = Pick(GeneratedNames);
                return (generated, generated);
            case 3:
                string runtime = Pick(RuntimeNames);
                return (runtime, runtime);
            default:
                // A Unicode escape: N\u0065t is Net.
                return ("N\\u0065t", "Net");
        }
    }

    /// <summary>One declaration being written: the text and, alongside, what it declares.</summary>
    private sealed class Declaration
    {
        private readonly DeclarationFuzzer _f;
        private readonly int _id;
        private readonly StringBuilder _text = new();
        private readonly List<DeclaredValue> _values = new();
        private readonly Dictionary<string, int> _perKind = new(StringComparer.Ordinal);
        private readonly List<string> _keyParts = new();
        private bool _comparable = true;
        private readonly bool _plausible;
        private bool _isDouble;
        private string _className = "Net";

        /// <param name="plausible">A network that is mostly valid, with one or two odd values or names, so that code is generated and checked.</param>
        public Declaration(DeclarationFuzzer fuzzer, int id, bool plausible)
        {
            _f = fuzzer;
            _id = id;
            _plausible = plausible;
        }

        /// <summary>With probability <paramref name="p"/>, or a tenth of it for a plausible declaration.</summary>
        private bool Odd(double p) => _f.Chance(_plausible ? p / 10 : p);

        public string? SecondFile { get; private set; }

        public Expectation? Expectation() =>
            _comparable ? new Expectation(string.Join(".", _keyParts.Append(_className)), _isDouble, _values) : null;

        public string Write()
        {
            var r = _f._random;
            if (Odd(0.05))
            {
                string[] aliases =
                [
                    "global using Math = System.String;", "global using Span = System.Collections.ArrayList;", "global using MemoryExtensions = System.String;",
                    "global using Gemm = System.Object;", "global using StaticNet = System.Text;", "global using System = System.Collections;",
                ];
                _text.Append(_f.Pick(aliases)).Append('\n');
            }

            _text.Append("using StaticNet;\n");
            if (Odd(0.1))
            {
                _text.Append(_f.Pick(new[] { "using System;\n", "using @float = System.Double;\n", "using Single = System.Double;\n", "using static System.Math;\n" }));
            }

            // The namespace: none, file-scoped, block, shared between cases, or half-typed.
            int style = r.Next(100);
            bool block = false;
            if (style < 10)
            {
                _comparable = false; // the global namespace is shared by every case in the batch
                GlobalShadowing();
            }
            else if (style < 90 || style >= 95)
            {
                var segments = new List<(string Text, string Value)> { ("Fuzz" + _id.ToString(CultureInfo.InvariantCulture), "Fuzz" + _id.ToString(CultureInfo.InvariantCulture)) };
                for (int s = r.Next(3); s > 0; s--)
                {
                    segments.Add(_f.Identifier(plainMostly: false));
                }

                string name = string.Join(".", segments.Select(s => s.Text));
                if (style >= 95)
                {
                    name = _f.Pick(new[] { name + ".", "", name + "..X", "." + name });
                    _comparable = false;
                }

                block = style >= 70 && style < 90;
                if (block)
                {
                    GlobalShadowing();
                }

                _text.Append("namespace ").Append(name).Append(block ? "\n{\n" : ";\n");
                _keyParts.AddRange(segments.Select(s => s.Value));
            }
            else
            {
                _text.Append("namespace Shared;\n");
                _comparable = false;
            }

            Shadowing();
            string? baseName = BaseClass();

            var containers = new List<string>();
            if (Odd(0.12))
            {
                for (int depth = r.Next(1, 3); depth > 0; depth--)
                {
                    (string text, string value) = _f.Identifier();
                    string modifiers = _f.Pick(new[] { "public partial", "public partial", "partial", "public", "public static partial", "file partial", "internal partial" });
                    string kind = _f.Pick(new[] { "class", "class", "class", "struct", "record", "record struct", "interface" });
                    string generic = _f.Chance(0.1) ? "<T>" : "";
                    _text.Append(modifiers).Append(' ').Append(kind).Append(' ').Append(text).Append("Outer").Append(generic).Append("\n{\n");
                    containers.Add("}\n");
                    _keyParts.Add(value + "Outer");
                }
            }

            (string classText, string classValue) = _f.Chance(0.8) ? ("Net", "Net") : _f.Identifier(plainMostly: _plausible);
            _className = classValue;
            var attributes = _plausible ? PlausibleAttributes() : Attributes();
            bool split = Odd(0.06);
            int splitAt = split ? r.Next(attributes.Count + 1) : attributes.Count;
            string header = ClassHeader(classText, baseName);
            foreach (string attribute in attributes.Take(splitAt))
            {
                _text.Append(attribute).Append('\n');
            }

            _text.Append(header).Append(Body(classText)).Append('\n');
            if (split)
            {
                // The rest on a second partial declaration: in this file, or in another one.
                var rest = new StringBuilder();
                foreach (string attribute in attributes.Skip(splitAt))
                {
                    rest.Append(attribute).Append('\n');
                }

                rest.Append(_f.Chance(0.3) ? "[Network]\n" : "").Append("public partial class ").Append(classText).Append(" { }\n");
                if (_f.Chance(0.5) && containers.Count == 0 && !block && _keyParts.Count > 0)
                {
                    SecondFile = "using StaticNet;\nnamespace " + string.Join(".", _keyParts.Take(_keyParts.Count)) + ";\n" + rest;
                    _comparable = false; // attribute order across files follows their paths
                }
                else
                {
                    _text.Append(rest);
                }
            }

            foreach (string close in containers)
            {
                _text.Append(close);
            }

            if (block)
            {
                _text.Append("}\n");
            }

            if (_f.Chance(0.04))
            {
                // Two file-local classes of one name in two files.
                SecondFile ??= "using StaticNet;\n[Network]\n[Input(4)]\n[Dense(2)]\n[Loss(LossKind.SquaredError)]\n[Momentum]\nfile partial class " + classText + ";\n";
            }

            return _text.ToString();
        }

        /// <summary>Types in the global namespace named like what the generated code needs.</summary>
        private void GlobalShadowing()
        {
            if (_f.Chance(0.03))
            {
                _text.Append(_f.Pick(new[] { "public class System { }\n", "public class MemoryExtensions { }\n", "public class Math { }\n", "public static class nameof { }\n" }));
            }
        }

        /// <summary>Types and namespaces in the user's namespace named like runtime and framework types.</summary>
        private void Shadowing()
        {
            if (!Odd(0.15))
            {
                return;
            }

            for (int n = _f._random.Next(1, 4); n > 0; n--)
            {
                string name = _f.Pick(RuntimeNames);
                _text.Append(_f._random.Next(8) switch
                {
                    0 or 1 => $"public class {name}<T> {{ }}\n",
                    2 => $"public static class {name} {{ public static int AsSpan(this string s, int a, int b) => a; }}\n",
                    3 => "public static class Extensions" + _f._random.Next(3).ToString(CultureInfo.InvariantCulture) + " { public static System.Span<float> AsSpan(this float[] a, int start, int length) => default; }\n",
                    _ => $"public class {name} {{ }}\n",
                });
            }

            if (_f.Chance(0.2))
            {
                _text.Append("public class var { }\n");
            }
        }

        /// <summary>A base class for the network, with or without a constructor the generated one can call.</summary>
        private string? BaseClass()
        {
            if (!Odd(0.1))
            {
                return null;
            }

            string name = "Base" + _id.ToString(CultureInfo.InvariantCulture);
            string constructor = _f.Pick(new[] { "", "public {0}() { }", "public {0}(int size) { }", "protected {0}() { }", "private {0}() { }", "public {0}(int size = 1) { }", "public {0}(params int[] sizes) { }" });
            string member = _f.Chance(0.5) ? $"public int {_f.Pick(GeneratedNames)} {{ get; set; }}" : _f.Chance(0.5) ? $"protected static void {_f.Pick(RuntimeNames)}() {{ }}" : "";
            string modifiers = _f.Pick(new[] { "public", "public abstract", "public sealed", "public static" });
            _text.Append(modifiers).Append(" class ").Append(name).Append(" { ").Append(constructor.Replace("{0}", name, StringComparison.Ordinal)).Append(' ').Append(member).Append(" }\n");
            return name;
        }

        private string ClassHeader(string name, string? baseName)
        {
            string modifiers = _plausible && _f.Chance(0.95) ? "public partial" : _f._random.Next(100) switch
            {
                < 70 => "public partial",
                < 75 => "internal partial",
                < 78 => "partial",
                < 81 => "file partial",
                < 84 => "public static partial",
                < 87 => "public abstract partial",
                < 89 => "public sealed partial",
                < 92 => "public",
                < 94 => "public partial record",
                < 96 => "public partial struct",
                < 98 => "public partial interface",
                _ => "public partial ref struct",
            };
            string keyword = modifiers.EndsWith("record", StringComparison.Ordinal) || modifiers.EndsWith("struct", StringComparison.Ordinal) || modifiers.EndsWith("interface", StringComparison.Ordinal) ? "" : " class";
            string generic = Odd(0.05) ? "<T>" : "";
            string primary = Odd(0.05) ? "(int size)" : "";
            string bases = baseName is null ? (_f.Chance(0.05) ? " : System.IDisposable" : "") : " : " + baseName;
            return modifiers + keyword + " " + name + generic + primary + bases;
        }

        /// <summary>A body-less declaration, or members, some named like generated ones.</summary>
        private string Body(string className)
        {
            if (!_f.Chance(0.25))
            {
                return ";";
            }

            if (_plausible && _f.Chance(0.7))
            {
                // Members a user adds beside the generated ones: overloads and helpers, no clash.
                return "\n{\n    public float[] Forward(float[] x) => x;\n    public int Size => 3;\n}";
            }

            var body = new StringBuilder("\n{\n");
            for (int n = _f._random.Next(0, 4); n > 0; n--)
            {
                string name = _f.Chance(0.7) ? _f.Pick(GeneratedNames) : _f.Identifier().Text;
                body.Append("    ").Append(_f._random.Next(12) switch
                {
                    0 => $"public int {name};",
                    1 => $"public int {name} => 1;",
                    2 => $"public void {name}() {{ }}",
                    3 => $"public void {name}(System.ReadOnlySpan<float> inputs, System.Span<float> outputs) {{ }}",
                    4 => $"public static int {name}(int x) => x;",
                    5 => $"public class {name} {{ }}",
                    6 => $"public event System.EventHandler? {name};",
                    7 => $"public {className}() {{ }}",
                    8 => $"public {className}(int seed) : this() {{ }}",
                    9 => $"public const int {name} = 3;",
                    10 => "public static int nameof(object o) => 0;",
                    _ => $"public float[] {name}(float[] x) => x;",
                }).Append('\n');
            }

            return body.Append('}').ToString();
        }

        private List<string> Attributes()
        {
            var attributes = new List<string>();
            var network = new List<string>();
            var r = _f._random;
            if (_f.Chance(0.5))
            {
                network.Add("BatchCapacity = " + Int(_f.Chance(0.8) ? r.Next(1, 65).ToString(CultureInfo.InvariantCulture) : null, "BatchCapacity", "BatchCapacity"));
            }

            if (_f.Chance(0.3))
            {
                network.Add("Seed = " + Int(_f.Chance(0.7) ? r.Next().ToString(CultureInfo.InvariantCulture) : null, "Seed", "DefaultSeed"));
            }

            if (_f.Chance(0.3))
            {
                int precision = _f.Chance(0.9) ? r.Next(2) : r.Next(-2, 5);
                _isDouble = precision == 1;
                network.Add(precision is 0 or 1 ? "Precision = Precision." + (precision == 1 ? "Double" : "Single") : $"Precision = (Precision)({precision})");
            }

            if (_f.Chance(0.97))
            {
                attributes.Add(network.Count == 0 ? "[Network]" : $"[Network({string.Join(", ", network)})]");
            }
            else
            {
                // Forgotten or misspelled: the layers are there, [Network] is not.
                attributes.Add(_f.Pick(new[] { "[Netwrk]", "[System.Serializable]", "" }));
                _comparable = false;
            }

            bool image = _f.Chance(0.4);
            if (_f.Chance(0.93))
            {
                int rank = image ? _f.Pick(new[] { 2, 3, 3 }) : _f.Chance(0.95) ? 1 : r.Next(0, 6);
                var dims = Enumerable.Range(0, rank).Select(_ => _f.Chance(0.9) ? r.Next(1, 13).ToString(CultureInfo.InvariantCulture) : _f.Pick(Integers).Text);
                attributes.Add(_f.Chance(0.03) ? _f.Pick(new[] { "[Input]", "[Input()]", "[Input(null)]", "[Input(new int[0])]", "[Input(new[] { 4 })]" }) : $"[Input({string.Join(", ", dims)})]");
            }

            int layers = _f.Chance(0.05) ? 0 : r.Next(1, 9);
            for (int l = 0; l < layers; l++)
            {
                attributes.Add(Layer(image && l < layers - 2));
            }

            if (_f.Chance(0.93))
            {
                attributes.Add(_f.Chance(0.9) ? $"[Loss(LossKind.{_f.Pick(new[] { "SquaredError", "SoftmaxCrossEntropy", "BinaryCrossEntropy" })})]" : $"[Loss((LossKind)({r.Next(-2, 6)}))]");
            }

            if (_f.Chance(0.93))
            {
                attributes.Add(Optimizer());
            }

            if (_f.Chance(0.04))
            {
                attributes.Add(Optimizer());
            }

            if (_f.Chance(0.05))
            {
                attributes.Add(_f.Pick(attributes));
            }

            if (_f.Chance(0.08))
            {
                int a = r.Next(attributes.Count), b = r.Next(attributes.Count);
                (attributes[a], attributes[b]) = (attributes[b], attributes[a]);
                _comparable &= a == b; // layer numbering follows the order
            }

            if (_f.Chance(0.05))
            {
                // Attributes of several lists on one line, as some people write them.
                return [string.Concat(attributes)];
            }

            return attributes;
        }

        /// <summary>A network that should generate: matching shapes, loss and output, in-range options; now and then one odd value.</summary>
        private List<string> PlausibleAttributes()
        {
            var r = _f._random;
            var attributes = new List<string>();
            var network = new List<string>();
            if (_f.Chance(0.6))
            {
                network.Add("BatchCapacity = " + Int(r.Next(1, 65).ToString(CultureInfo.InvariantCulture), "BatchCapacity", "BatchCapacity"));
            }

            if (_f.Chance(0.4))
            {
                network.Add("Seed = " + Int(r.Next(-1000, 1000).ToString(CultureInfo.InvariantCulture), "Seed", "DefaultSeed"));
            }

            if (_f.Chance(0.3))
            {
                _isDouble = _f.Chance(0.5);
                network.Add("Precision = Precision." + (_isDouble ? "Double" : "Single"));
            }

            attributes.Add(network.Count == 0 ? "[Network]" : $"[Network({string.Join(", ", network)})]");
            string Activation(params string[] allowed) => _f.Pick(allowed.Length == 0 ? new[] { "Identity", "Sigmoid", "Tanh", "ReLU", "LeakyReLU" } : allowed);
            if (_f.Chance(0.4))
            {
                int channels = r.Next(1, 4), height = r.Next(4, 13), width = r.Next(4, 13);
                attributes.Add($"[Input({channels}, {height}, {width})]");
                int kernel = r.Next(1, Math.Min(height, width) + 1);
                string name = Count("Conv2D");
                var conv = new List<string> { Int(r.Next(1, 5).ToString(CultureInfo.InvariantCulture), "OutChannels", name + "OutChannels"), "Kernel = " + kernel.ToString(CultureInfo.InvariantCulture) };
                if (_f.Chance(0.3))
                {
                    conv.Add("Padding = " + r.Next(0, kernel).ToString(CultureInfo.InvariantCulture));
                }

                TrainableOptions(conv, name, Activation("Identity", "ReLU", "LeakyReLU", "Tanh"));
                attributes.Add($"[Conv2D({string.Join(", ", conv)})]");
                if (_f.Chance(0.3))
                {
                    attributes.Add(BatchNorm());
                }

                attributes.Add(_f.Pick(new[] { "[Flatten]", "[Flatten]", "[GlobalAvgPool]", "[MaxPool2D(1)]\n[Flatten]" }));
                Count(attributes[^1].Contains("Global", StringComparison.Ordinal) ? "GlobalAvgPool" : "Flatten");
            }
            else
            {
                attributes.Add($"[Input({r.Next(1, 33).ToString(CultureInfo.InvariantCulture)})]");
            }

            for (int hidden = r.Next(0, 4); hidden > 0; hidden--)
            {
                string name = Count("Dense");
                var dense = new List<string>();
                if (_f.Chance(0.1))
                {
                    // A name of its own, now and then one that makes the same members as another layer's.
                    string declared = _f.Pick(LayerNames);
                    dense.Add($"Name = \"{declared}\"");
                    name = declared.Length == 0 ? name : char.ToUpperInvariant(declared[0]) + declared.Substring(1);
                }

                dense.Insert(0, Int(r.Next(1, 17).ToString(CultureInfo.InvariantCulture), "units", name + "Units"));
                TrainableOptions(dense, name, Activation());
                attributes.Add($"[Dense({string.Join(", ", dense)})]");
                if (_f.Chance(0.15))
                {
                    attributes.Add(BatchNorm());
                }

                if (_f.Chance(0.15))
                {
                    Count("Dropout");
                    attributes.Add($"[Dropout({Real("rate", ValueUse.Double, null, plausible: r.Next(0, 10) / 10.0)})]");
                }

                if (_f.Chance(0.15))
                {
                    string leaky = Count("LeakyReLU");
                    attributes.Add($"[LeakyReLU({Real("slope", ValueUse.Fraction, leaky + "LeakySlope", plausible: r.Next(0, 100) / 100.0)})]");
                }
            }

            string loss = _f.Pick(new[] { "SquaredError", "SoftmaxCrossEntropy", "BinaryCrossEntropy" });
            string output = Count("Dense");
            var last = new List<string> { Int((loss == "SoftmaxCrossEntropy" ? r.Next(2, 11) : r.Next(1, 5)).ToString(CultureInfo.InvariantCulture), "units", output + "Units") };
            if (loss == "BinaryCrossEntropy")
            {
                last.Add("Activation = Activation.Sigmoid");
            }

            attributes.Add($"[Dense({string.Join(", ", last)})]");
            attributes.Add($"[Loss(LossKind.{loss})]");
            attributes.Add(Optimizer());
            return attributes;
        }

        /// <summary>Numbers one more layer of <paramref name="kind"/> and returns its member prefix, as the generator names it.</summary>
        private string Count(string kind)
        {
            _perKind.TryGetValue(kind, out int count);
            _perKind[kind] = ++count;
            return kind + count.ToString(CultureInfo.InvariantCulture);
        }

        private string BatchNorm()
        {
            string name = Count("BatchNorm");
            var options = new List<string>();
            if (_f.Chance(0.3))
            {
                options.Add("Momentum = " + Real("Momentum", ValueUse.UnitInterval, name + "Momentum", plausible: _f._random.Next(0, 11) / 10.0));
            }

            if (_f.Chance(0.3))
            {
                options.Add("Epsilon = " + Real("Epsilon", ValueUse.Element, name + "Epsilon", plausible: 1e-5));
            }

            return options.Count == 0 ? "[BatchNorm]" : $"[BatchNorm({string.Join(", ", options)})]";
        }

        /// <summary>Activation and initialization options of a Dense or convolution layer, in range.</summary>
        private void TrainableOptions(List<string> arguments, string name, string activation)
        {
            var r = _f._random;
            arguments.Add("Activation = Activation." + activation);
            if (activation == "LeakyReLU" && _f.Chance(0.5))
            {
                arguments.Add("LeakySlope = " + Real("LeakySlope", ValueUse.Fraction, name + "LeakySlope", plausible: r.Next(0, 100) / 100.0));
            }

            if (_f.Chance(0.3))
            {
                string init = _f.Pick(new[] { "Constant", "Uniform", "Normal", "XavierUniform", "HeNormal", "LeCunNormal" });
                arguments.Add("WeightInit = WeightInit." + init);
                if (init is "Constant" or "Uniform" or "Normal")
                {
                    arguments.Add("InitValue = " + Real("InitValue", ValueUse.InitArgument, null, name + "Weights", plausible: r.Next(1, 100) / 100.0));
                }
            }

            if (_f.Chance(0.2))
            {
                arguments.Add("BiasInit = " + Real("BiasInit", ValueUse.InitArgument, null, name + "Bias", plausible: r.Next(-100, 100) / 100.0));
            }
        }

        private string Optimizer()
        {
            string kind = _f.Pick(Optimizers);
            var options = new List<string>();
            void Maybe(string option, ValueUse use, string? constant)
            {
                if (_f.Chance(0.35))
                {
                    double? plausible = !_plausible ? null : option switch
                    {
                        "LearningRate" => _f._random.Next(1, 100) / 1000.0,
                        "Epsilon" => 1e-8,
                        "Momentum" or "Beta1" or "Beta2" or "Rho" => _f._random.Next(0, 100) / 100.0,
                        _ => _f._random.Next(0, 10) / 100.0,
                    };
                    options.Add(option + " = " + Real(option, use, constant, plausible: plausible));
                }
            }

            Maybe("LearningRate", ValueUse.Element, "DefaultLearningRate");
            Maybe("WeightDecay", ValueUse.Element, "WeightDecay");
            Maybe("L1", ValueUse.Element, "L1");
            Maybe("ClipNorm", ValueUse.Double, "ClipNorm");
            Maybe("ClipValue", ValueUse.Element, "ClipValue");
            switch (kind)
            {
                case "Momentum" or "Nesterov":
                    Maybe("Momentum", ValueUse.Fraction, "MomentumCoefficient");
                    break;
                case "AdaGrad":
                    Maybe("Epsilon", ValueUse.Element, "Epsilon");
                    break;
                case "RMSProp":
                    Maybe("Rho", ValueUse.Fraction, "Rho");
                    Maybe("Epsilon", ValueUse.Element, "Epsilon");
                    break;
                case "Adam" or "AdamW":
                    Maybe("Beta1", ValueUse.Fraction, "Beta1");
                    Maybe("Beta2", ValueUse.Fraction, "Beta2");
                    Maybe("Epsilon", ValueUse.Element, "Epsilon");
                    break;
            }

            if (Odd(0.03))
            {
                options.Add(_f.Pick(new[] { "Momentum = 0.9", "Beta1 = 0.9", "Rho = 0.9", "Unknown = 1" }));
            }

            return options.Count == 0 ? $"[{kind}]" : $"[{kind}({string.Join(", ", options)})]";
        }

        private string Layer(bool spatialPart)
        {
            string kind = spatialPart && _f.Chance(0.6) ? _f.Pick(new[] { "Conv2D", "Conv1D", "MaxPool2D", "AvgPool1D", "BatchNorm", "ReLU", "ConvTranspose2D" }) : _f.Pick(LayerKinds);
            _perKind.TryGetValue(kind, out int count);
            _perKind[kind] = ++count;
            string name = kind + count.ToString(CultureInfo.InvariantCulture);
            var arguments = new List<string>();
            if (_f.Chance(0.1))
            {
                string declared = _f.Pick(LayerNames);
                arguments.Add($"Name = \"{declared}\"");
                name = declared.Length == 0 ? name : char.ToUpperInvariant(declared[0]) + declared.Substring(1);
            }

            var r = _f._random;
            string Size() => _f.Chance(0.85) ? r.Next(1, 9).ToString(CultureInfo.InvariantCulture) : _f.Pick(Integers).Text;
            switch (kind)
            {
                case "Dense" or "Conv2D" or "Conv1D" or "ConvTranspose2D":
                    string units = _f.Chance(0.85) ? r.Next(1, 17).ToString(CultureInfo.InvariantCulture) : null!;
                    arguments.Insert(0, kind == "Dense" ? Int(units, "units", name + "Units") : units ?? _f.Pick(Integers).Text);
                    string? activation = null;
                    if (_f.Chance(0.5))
                    {
                        activation = _f.Chance(0.9) ? _f.Pick(Activations) : null;
                        arguments.Add("Activation = " + (activation is null ? $"(Activation)({r.Next(-2, 9)})" : "Activation." + activation));
                    }

                    if (_f.Chance(0.15))
                    {
                        bool leaky = activation == "LeakyReLU";
                        arguments.Add("LeakySlope = " + Real("LeakySlope", leaky ? ValueUse.Fraction : ValueUse.Double, leaky ? name + "LeakySlope" : null));
                    }

                    string? init = null;
                    if (_f.Chance(0.3))
                    {
                        init = _f.Chance(0.9) ? _f.Pick(Initializers) : null;
                        arguments.Add("WeightInit = " + (init is null ? $"(WeightInit)({r.Next(-2, 13)})" : "WeightInit." + init));
                    }

                    if (_f.Chance(0.2))
                    {
                        bool used = init is "Constant" or "Uniform" or "Normal";
                        arguments.Add("InitValue = " + Real("InitValue", used ? ValueUse.InitArgument : ValueUse.Double, null, used ? name + "Weights" : null));
                    }

                    bool hasBias = true;
                    if (kind != "Dense" && _f.Chance(0.1))
                    {
                        hasBias = false;
                        arguments.Add("Bias = false");
                    }

                    if (_f.Chance(0.15))
                    {
                        arguments.Add("BiasInit = " + Real("BiasInit", hasBias ? ValueUse.InitArgument : ValueUse.Double, null, hasBias ? name + "Bias" : null));
                    }

                    if (kind != "Dense")
                    {
                        string[] options = kind switch
                        {
                            "Conv1D" => ["Stride", "Padding", "PaddingLeft", "PaddingRight", "Dilation"],
                            "Conv2D" => ["KernelHeight", "KernelWidth", "Stride", "Padding", "PaddingTop", "PaddingBottom", "PaddingLeft", "PaddingRight", "Dilation"],
                            _ => ["KernelHeight", "KernelWidth", "Stride", "Padding", "OutputPadding", "Dilation"],
                        };
                        if (_f.Chance(0.85))
                        {
                            arguments.Add("Kernel = " + Size());
                        }

                        foreach (string option in options)
                        {
                            if (_f.Chance(0.12))
                            {
                                arguments.Add(option + " = " + (option.StartsWith("Padding", StringComparison.Ordinal) || option == "OutputPadding" ? r.Next(0, 3).ToString(CultureInfo.InvariantCulture) : Size()));
                            }
                        }

                        if (kind != "ConvTranspose2D" && _f.Chance(0.1))
                        {
                            arguments.Add("SamePadding = " + (_f.Chance(0.5) ? "true" : "false"));
                        }
                    }

                    break;
                case "MaxPool2D" or "AvgPool2D" or "MaxPool1D" or "AvgPool1D":
                    bool blocks = _f.Chance(0.2);
                    if (!blocks || _f.Chance(0.2))
                    {
                        arguments.Insert(0, Size());
                    }

                    string Blocks() => _f.Chance(0.1) ? "null" : "new[] { " + string.Join(", ", Enumerable.Range(0, r.Next(0, 5)).Select(_ => Size())) + " }";
                    if (blocks)
                    {
                        arguments.Add(kind.EndsWith("1D", StringComparison.Ordinal) ? "Blocks = " + Blocks() : "RowBlocks = " + Blocks() + ", ColumnBlocks = " + Blocks());
                    }

                    if (_f.Chance(0.2))
                    {
                        arguments.Add("Stride = " + Size());
                    }

                    if (_f.Chance(0.2))
                    {
                        arguments.Add("Padding = " + r.Next(0, 3).ToString(CultureInfo.InvariantCulture));
                    }

                    break;
                case "BatchNorm":
                    if (_f.Chance(0.3))
                    {
                        arguments.Add("Momentum = " + Real("Momentum", ValueUse.UnitInterval, name + "Momentum"));
                    }

                    if (_f.Chance(0.3))
                    {
                        arguments.Add("Epsilon = " + Real("Epsilon", ValueUse.Element, name + "Epsilon"));
                    }

                    break;
                case "Dropout":
                    arguments.Insert(0, _f.Chance(0.8) ? (r.Next(0, 10) / 10.0).ToString(CultureInfo.InvariantCulture) : Real("rate", ValueUse.Double, null));
                    break;
                case "LeakyReLU":
                    if (_f.Chance(0.6))
                    {
                        arguments.Insert(0, Real("slope", ValueUse.Fraction, name + "LeakySlope"));
                    }

                    break;
            }

            if (_f.Chance(0.02))
            {
                arguments.Add(_f.Pick(new[] { "Unknown = 1", "Name = null", "Name = 3", "Activation = 3" }));
            }

            return arguments.Count == 0 ? $"[{kind}]" : $"[{kind}({string.Join(", ", arguments)})]";
        }

        /// <summary>An int argument: <paramref name="plausible"/> when given, else one of the extremes; recorded when its value is known.</summary>
        private string Int(string? plausible, string option, string constant)
        {
            (string text, double? value) = plausible is null ? _f.Pick(Integers) : (plausible, double.Parse(plausible, CultureInfo.InvariantCulture));
            if (value is double known)
            {
                _values.Add(new DeclaredValue(option, known, ValueUse.Integer, constant));
            }

            return text;
        }

        /// <summary>
        /// A real argument, recorded with how the generated code must hold it: <paramref name="plausible"/> when given (now and
        /// then an odd value instead), else an odd value or a random one in (0, 1).
        /// </summary>
        private string Real(string option, ValueUse use, string? constant, string? tensor = null, double? plausible = null)
        {
            (string text, double? value) = _f.Pick(Reals);
            if (plausible is double given ? !_f.Chance(0.15) : _f.Chance(0.5))
            {
                double chosen = plausible ?? _f._random.Next(1, 1000) / 1000.0;
                (text, value) = (chosen.ToString("R", CultureInfo.InvariantCulture), chosen);
            }

            if (value is double known)
            {
                _values.Add(new DeclaredValue(option, known, use, constant, tensor));
            }

            return text;
        }
    }
}
