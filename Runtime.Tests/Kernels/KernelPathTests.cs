using System;
using System.Numerics;
using System.Runtime.Intrinsics;
using StaticNet.Kernels;
using Xunit;

namespace StaticNet.Runtime.Tests.Kernels;

/// <summary>
/// CI runs the kernel and network-numerics tests three times more, with <c>DOTNET_EnableAVX512=0</c> (.NET 10's name;
/// <c>DOTNET_EnableAVX512F=0</c> is ignored there, which this test caught on the first AVX-512 host),
/// <c>DOTNET_EnableAVX2=0</c> and <c>DOTNET_EnableHWIntrinsic=0</c>, and names the path it expects in <c>STATICNET_EXPECT_KERNEL_PATH</c>.
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
                Assert.True(Gemm.VectorBits<float>() < 512);
                Assert.True(Gemm.VectorBits<double>() < 512);
                break;
            case "sse":
                Assert.False(Vector256.IsHardwareAccelerated);
                Assert.Equal(128, Gemm.VectorBits<float>());
                Assert.Equal(128, Gemm.VectorBits<double>());
                break;
            case "scalar":
                Assert.False(Vector.IsHardwareAccelerated);
                Assert.False(Vector128.IsHardwareAccelerated);
                Assert.Equal(0, Gemm.VectorBits<float>());
                Assert.Equal(0, Gemm.VectorBits<double>());
                break;
            default:
                Assert.Fail($"STATICNET_EXPECT_KERNEL_PATH is '{expected}'; expected 'no-avx512', 'sse' or 'scalar'.");
                break;
        }
    }
}
