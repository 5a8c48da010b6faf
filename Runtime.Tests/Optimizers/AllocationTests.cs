using System;
using System.Numerics;
using StaticNet.Optimizers;
using Xunit;

namespace StaticNet.Runtime.Tests.Optimizers;

public class AllocationTests
{
    [Fact]
    public void No_float_update_allocates() => NoneAllocate<float>();

    [Fact]
    public void No_double_update_allocates() => NoneAllocate<double>();

    private static void NoneAllocate<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T[] w = Steps.As<T>(Steps.Weights()), g = Steps.As<T>(Steps.Gradient(1));
        T[] s1 = new T[Steps.Length], s2 = new T[Steps.Length];
        GradientAdjustment<T> adjustment = Steps.Adjustment<T>();
        T alpha = T.CreateTruncating(1e-4), mu = T.CreateTruncating(0.9), beta2 = T.CreateTruncating(0.999), epsilon = T.CreateTruncating(1e-8);
        var updates = new (string Name, Action<long> Update)[]
        {
            ("Sgd", _ => Sgd.Update<T>(w, g, alpha, adjustment)),
            ("Momentum", _ => Momentum.Update<T>(w, s1, g, alpha, mu, adjustment)),
            ("Nesterov", _ => Nesterov.Update<T>(w, s1, g, alpha, mu, adjustment)),
            ("AdaGrad", _ => AdaGrad.Update<T>(w, s1, g, alpha, epsilon, adjustment)),
            ("RMSProp", _ => RMSProp.Update<T>(w, s1, g, alpha, mu, epsilon, adjustment)),
            ("Adam", step => Adam.Update<T>(w, s1, s2, g, alpha, mu, beta2, epsilon, step, alpha, adjustment)),
            ("Clipping", _ => adjustment = new GradientAdjustment<T>(Clipping.NormScale<T>(g, 1), T.PositiveInfinity, T.Zero, T.Zero)),
        };

        foreach ((string name, Action<long> update) in updates)
        {
            long step = 1;
            for (; step <= 200; step++)
            {
                update(step);
            }

            long allocated = Allocations.Steady(() =>
            {
                for (long end = step + 1000; step < end; step++)
                {
                    update(step);
                }
            });
            Assert.True(allocated == 0, $"{typeof(T).Name} {name}: {allocated} bytes allocated over 1000 updates.");
        }
    }
}
