namespace DeepCompress.Core.Data;

/// <summary>Which part of a dataset <see cref="DatasetLoader"/> loads.</summary>
public enum DatasetSplit
{
    /// <summary>The held-out set (MNIST's <c>t10k-*</c> files, an npz's <c>x_test</c>/<c>y_test</c>).</summary>
    Test,

    /// <summary>The training set (MNIST's <c>train-*</c> files, an npz's <c>x_train</c>/<c>y_train</c>).</summary>
    Train,
}
