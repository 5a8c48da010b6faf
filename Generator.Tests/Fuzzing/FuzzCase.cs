using System.Collections.Generic;

namespace StaticNet.Generator.Tests.Fuzzing;

/// <summary>
/// One random declaration: its source files, and when it was written whole (not cut or mutated) what it declares, so the
/// generated code can be compared with it.
/// </summary>
/// <param name="Sources">Its files; most cases have one, some split a class over two.</param>
/// <param name="Expectation">What the declaration says, or null when its text was mutated or it is not worth comparing.</param>
internal sealed record FuzzCase(int Id, IReadOnlyList<string> Sources, Expectation? Expectation);

/// <summary>
/// What a declaration written whole says about its network: the class it names (as the generated file's namespace and
/// class name read), its element type, and the values it declared.
/// </summary>
/// <param name="Key">The network's full name without <c>@</c>, such as <c>Fuzz7.event.Outer.Net</c>.</param>
internal sealed record Expectation(string Key, bool IsDouble, IReadOnlyList<DeclaredValue> Values);

/// <summary>How the generated code must hold a declared value.</summary>
internal enum ValueUse
{
    /// <summary>A real value of the element type: finite, and a float keeps nonzero values normal.</summary>
    Element,

    /// <summary>An element-type value in [0, 1): momentum, β, ρ, a leaky slope.</summary>
    Fraction,

    /// <summary>An element-type value in [0, 1]: batch norm's momentum.</summary>
    UnitInterval,

    /// <summary>A value the generated code keeps as a double: only its constant is compared.</summary>
    Double,

    /// <summary>An int, compared exactly.</summary>
    Integer,

    /// <summary>An initial value passed to <c>Initializers</c> as a double literal, used as the element type.</summary>
    InitArgument,
}

/// <summary>
/// One value as declared: the option, its value, how the generated code must hold it, and where: a constant
/// (<see cref="Constant"/>) or, for initial values, the first argument of the <c>Initializers</c> call (<see cref="Tensor"/>).
/// </summary>
internal sealed record DeclaredValue(string Option, double Value, ValueUse Use, string? Constant, string? Tensor = null)
{
    public override string ToString() => $"{Option} = {Value:R}";
}
