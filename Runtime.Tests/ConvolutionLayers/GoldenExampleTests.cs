using System;
using System.Linq;
using Xunit;

namespace StaticNet.Runtime.Tests.ConvolutionLayers;

/// <summary>
/// The worked examples of the course notes, reproduced exactly by generated double-precision networks with an
/// identity activation and no bias, the kernel written into <c>Parameters</c>.
/// </summary>
public class GoldenExampleTests
{
    [Fact]
    public void Zero_padded_3x3_input_convolved_with_a_2x2_kernel()
    {
        var network = new PaddedThreeByThree();
        Assert.Equal(4, network.Parameters.Length); // one 2×2 kernel, no bias
        double[] kernel = [0, 1, 2, 3];
        kernel.CopyTo(network.Parameters);

        double[] output = Run(network, [0, 1, 2, 3, 4, 5, 6, 7, 8]);

        Assert.Equal([0, 3, 8, 4, 9, 19, 25, 10, 21, 37, 43, 16, 6, 7, 8, 0], output);
    }

    [Fact]
    public void Cross_correlation_of_a_3x3_image_with_a_2x2_kernel()
    {
        var network = new ThreeByThree();
        double[] kernel = [-1, 2, 1, 0];
        kernel.CopyTo(network.Parameters);

        double[] output = Run(network, [1, 2, 1, 3, 4, 0, 2, 6, 1]);

        Assert.Equal([6, 4, 7, 2], output);
    }

    [Fact]
    public void One_dimensional_moving_average()
    {
        var network = new MovingAverage();
        double[] kernel = [0.5, 0.5];
        kernel.CopyTo(network.Parameters);

        Assert.Equal([1.5, 2.5, 3.5, 4.5, 5.5], Run(network, [1, 2, 3, 4, 5, 6]));
    }

    [Fact]
    public void One_dimensional_moving_average_with_stride_two()
    {
        var network = new StridedMovingAverage();
        double[] kernel = [0.5, 0.5];
        kernel.CopyTo(network.Parameters);

        Assert.Equal([1.5, 3.5, 5.5], Run(network, [1, 2, 3, 4, 5, 6]));
    }

    [Fact]
    public void Max_pooling_over_an_uneven_partition()
    {
        var network = new UnevenMaxPool();

        Assert.Equal(0, network.Parameters.Length);
        Assert.Equal([4, 7, 4, 9], Run(network, [2, 4, 3, 7, 6, 4, 1, 0, 2, 9]));
    }

    [Fact]
    public void Average_pooling_over_the_same_partition()
    {
        var network = new UnevenAveragePool();

        double[] output = Run(network, [2, 4, 3, 7, 6, 4, 1, 0, 2, 9]);

        double[] expected = [(2 + 4 + 3) / 3.0, (7 + 6) / 2.0, (4 + 1) / 2.0, (0 + 2 + 9) / 3.0];
        Assert.Equal(expected.Length, output.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], output[i], 1e-15);
        }
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    [InlineData(1, 1)]
    public void Convolution_is_translation_equivariant(int rowShift, int columnShift)
    {
        const int Channels = 2, Size = 8;
        var network = new Equivariant();
        var random = new Random(17 + (rowShift * 2) + columnShift);
        Span<double> parameters = network.Parameters;
        for (int p = 0; p < parameters.Length; p++)
        {
            parameters[p] = (random.NextDouble() * 2) - 1; // random kernel and a nonzero bias
        }

        // A random image with a zero border one pixel wide, and the same image moved by the shift: C(T(x)) = T(C(x)).
        var image = new double[Channels * Size * Size];
        var shifted = new double[image.Length];
        for (int c = 0; c < Channels; c++)
        {
            for (int i = 1; i < Size - 1; i++)
            {
                for (int j = 1; j < Size - 1; j++)
                {
                    double value = (random.NextDouble() * 2) - 1;
                    image[(((c * Size) + i) * Size) + j] = value;
                    shifted[(((c * Size) + i + rowShift) * Size) + j + columnShift] = value;
                }
            }
        }

        double[] output = Run(network, image);
        double[] shiftedOutput = Run(network, shifted);

        for (int o = 0; o < Equivariant.Conv2D1OutChannels; o++)
        {
            for (int i = rowShift; i < Size; i++)
            {
                for (int j = columnShift; j < Size; j++)
                {
                    double expected = output[(((o * Size) + i - rowShift) * Size) + j - columnShift];
                    Assert.Equal(expected, shiftedOutput[(((o * Size) + i) * Size) + j], 1e-12);
                }
            }
        }

        Assert.Contains(output, v => Math.Abs(v) > 0.1);
    }

    private static double[] Run(INetwork<double> network, double[] input)
    {
        var output = new double[network.OutputLength];
        network.Forward(input, output);
        return output;
    }
}

[Network(BatchCapacity = 2, Precision = Precision.Double)]
[Input(1, 3, 3)]
[Conv2D(1, Kernel = 2, Padding = 1, Bias = false)]
[Flatten]
[Loss(LossKind.SquaredError)]
[Momentum]
public partial class PaddedThreeByThree;

[Network(BatchCapacity = 2, Precision = Precision.Double)]
[Input(1, 3, 3)]
[Conv2D(1, Kernel = 2, Bias = false)]
[Flatten]
[Loss(LossKind.SquaredError)]
[Momentum]
public partial class ThreeByThree;

[Network(BatchCapacity = 2, Precision = Precision.Double)]
[Input(1, 6)]
[Conv1D(1, Kernel = 2, Bias = false)]
[Flatten]
[Loss(LossKind.SquaredError)]
[Momentum]
public partial class MovingAverage;

[Network(BatchCapacity = 2, Precision = Precision.Double)]
[Input(1, 6)]
[Conv1D(1, Kernel = 2, Stride = 2, Bias = false)]
[Flatten]
[Loss(LossKind.SquaredError)]
[Momentum]
public partial class StridedMovingAverage;

[Network(BatchCapacity = 2, Precision = Precision.Double)]
[Input(1, 10)]
[MaxPool1D(Blocks = new[] { 3, 2, 2, 3 })]
[Flatten]
[Loss(LossKind.SquaredError)]
[Momentum]
public partial class UnevenMaxPool;

[Network(BatchCapacity = 2, Precision = Precision.Double)]
[Input(1, 10)]
[AvgPool1D(Blocks = new[] { 3, 2, 2, 3 })]
[Flatten]
[Loss(LossKind.SquaredError)]
[Momentum]
public partial class UnevenAveragePool;

[Network(BatchCapacity = 2, Precision = Precision.Double)]
[Input(2, 8, 8)]
[Conv2D(3, Kernel = 3, Padding = 1)]
[Flatten]
[Loss(LossKind.SquaredError)]
[Momentum]
public partial class Equivariant;
