using System;

namespace StaticNet.Optimizers;

/// <summary>The argument checks the update kernels share: every span holds one value per parameter.</summary>
internal static class Lengths
{
    public static void Check(int parameters, int gradients)
    {
        Same(parameters, "gradients", gradients);
    }

    public static void Check(int parameters, int gradients, string state, int stateLength)
    {
        Same(parameters, state, stateLength);
        Same(parameters, "gradients", gradients);
    }

    public static void Check(int parameters, int gradients, string first, int firstLength, string second, int secondLength)
    {
        Same(parameters, first, firstLength);
        Same(parameters, second, secondLength);
        Same(parameters, "gradients", gradients);
    }

    private static void Same(int parameters, string name, int length)
    {
        if (length != parameters)
        {
            throw new ArgumentException(
                $"The {name} span holds {length} values but the parameters span {parameters}; it must hold one value per parameter.", name);
        }
    }
}
