using System;
using System.Numerics;
using System.Runtime.Intrinsics;
using StaticNet.Kernels;
using Xunit;

namespace StaticNet.Runtime.Tests.Kernels;

/// <summary>
/// CI runs the kernel and network-numerics tests twice more, with <c>DOTNET_EnableAVX512F=0</c> and with
/// <c>DOTNET_EnableHWIntrinsic=0</c>, and names the path it expects in <c>STATICNET_EXPECT_KERNEL_PATH</c>.
/// This checks the runtime really took that path, so a variant run cannot quietly test the default path again.
/// </summary>
public class KernelPathTests
{
    [SkippableFact]
    public void The_kernel_path_the_run_asks_for_is_the_one_taken()
    {
        string? expected = Environment.GetEnvironmentVariable("STATICNET_EXPECT_KERNEL_PATH");
        Skip.If(expected is null, "STATICNET_EXPECT_KERNEL_PATH is not set: this run takes whatever path the hardware offers.");
        switch (expected)
        {
            case "no-avx512":
                Assert.False(Vector512.IsHardwareAccelerated);
                Assert.False(Simd.Wide<float>());
                Assert.False(Simd.Wide<double>());
                break;
            case "scalar":
                Assert.False(Vector.IsHardwareAccelerated);
                Assert.False(Vector128.IsHardwareAccelerated);
                Assert.False(Simd.Wide<float>());
                break;
            default:
                Assert.Fail($"STATICNET_EXPECT_KERNEL_PATH is '{expected}'; expected 'no-avx512' or 'scalar'.");
                break;
        }
    }
}
