// A project that uses StaticNet as a package: the generator in the package writes Blobs' members (TrainStep,
// Loss, Predict, …), so this compiles only if the package's analyzer ran. It trains on synthetic data and exits
// non-zero unless the loss fell, and checks that it runs on the runtime and the StaticNet build of its target.
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Consumer;
using StaticNet;

#if NET10_0_OR_GREATER
const int targetMajor = 10;
#else
const int targetMajor = 8;
#endif
string? library = typeof(NetworkAttribute).Assembly.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName;
Console.WriteLine($"runtime {RuntimeInformation.FrameworkDescription}, StaticNet {typeof(NetworkAttribute).Assembly.GetName().Version} built for {library}");
if (Environment.Version.Major != targetMajor || library != $".NETCoreApp,Version=v{targetMajor}.0")
{
    Console.WriteLine($"FAIL: expected the .NET {targetMajor} runtime and StaticNet's net{targetMajor}.0 build");
    return 1;
}

// Three Gaussian blobs around the corners of a triangle, 300 points.
const int count = 300;
var random = new Random(5);
float[] inputs = new float[count * Blobs.InputLength];
int[] labels = new int[count];
(float X, float Y)[] centers = [(0f, 2f), (-2f, -1f), (2f, -1f)];
for (int i = 0; i < count; i++)
{
    labels[i] = i % 3;
    inputs[2 * i] = centers[labels[i]].X + (float)(random.NextDouble() - 0.5);
    inputs[(2 * i) + 1] = centers[labels[i]].Y + (float)(random.NextDouble() - 0.5);
}

var net = new Blobs();
Console.WriteLine($"{nameof(Blobs)}: {Blobs.Architecture}, {Blobs.ParameterCount} parameters");
float before = net.Loss(inputs, labels);
for (int step = 0; step < 100; step++)
{
    int start = (step * Blobs.BatchCapacity) % (count - Blobs.BatchCapacity);
    net.TrainStep(inputs.AsSpan(start * Blobs.InputLength, Blobs.BatchCapacity * Blobs.InputLength), labels.AsSpan(start, Blobs.BatchCapacity));
}

float after = net.Loss(inputs, labels);
int[] predicted = new int[count];
net.Predict(inputs, predicted, []);
int correct = 0;
for (int i = 0; i < count; i++)
{
    correct += predicted[i] == labels[i] ? 1 : 0;
}

Console.WriteLine($"loss {before:F4} -> {after:F4} after 100 steps, accuracy {100.0 * correct / count:F1} %");

var conv = new TinyConv();
float[] outputs = new float[TinyConv.OutputLength];
conv.Forward(new float[TinyConv.InputLength], outputs);
Console.WriteLine($"{nameof(TinyConv)}: {TinyConv.Architecture}");

if (!(after < before / 2))
{
    Console.WriteLine("FAIL: the loss did not fall to half its starting value");
    return 1;
}

Console.WriteLine("consumer OK");
return 0;
