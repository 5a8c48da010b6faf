namespace StaticNet.Training;

/// <summary>What early stopping watches on the validation set after each epoch.</summary>
public enum EarlyStoppingMetric
{
    /// <summary>The validation accuracy (classifiers only); higher is better.</summary>
    ValidationAccuracy = 0,

    /// <summary>The mean validation loss; lower is better.</summary>
    ValidationLoss = 1,
}
