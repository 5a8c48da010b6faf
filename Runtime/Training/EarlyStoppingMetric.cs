namespace StaticNet.Training;

/// <summary>What early stopping watches on the test (validation) set after each epoch.</summary>
public enum EarlyStoppingMetric
{
    /// <summary>The test accuracy; higher is better.</summary>
    TestAccuracy = 0,

    /// <summary>The mean test loss; lower is better.</summary>
    TestLoss = 1,
}
