using System.CommandLine;
using DeepCompress.Core.Data;
using DeepCompress.Onnx.Proto;

namespace DeepCompress.Cli.Commands;

/// <summary>The dataset options shared by `eval` and `finetune`: where the data is and how pixels are normalised.</summary>
public sealed class DatasetOptions
{
    public Option<DirectoryInfo> Data { get; } = new("--data")
    {
        Description = "Dataset directory (MNIST-style IDX files or .npz, see docs/cli.md)",
        Required = true,
    };

    public Option<float?> Scale { get; } = new("--scale") { Description = "Override the model's input scale (pixel * scale - mean) / std" };

    public Option<float?> Mean { get; } = new("--mean") { Description = "Override the model's input mean" };

    public Option<float?> Std { get; } = new("--std") { Description = "Override the model's input standard deviation (> 0)" };

    public void AddTo(Command command)
    {
        command.Options.Add(Data);
        command.Options.Add(Scale);
        command.Options.Add(Mean);
        command.Options.Add(Std);
    }

    /// <summary>The model's metadata_props normalisation with any command-line override applied.</summary>
    public InputNormalization Normalization(ParseResult parseResult, ModelProto model, string displayName)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in model.MetadataProps)
        {
            metadata[entry.Key] = entry.Value;
        }

        var fromModel = InputNormalization.FromMetadata(metadata, displayName);
        var scale = parseResult.GetValue(Scale) ?? fromModel.Scale;
        var mean = parseResult.GetValue(Mean) ?? fromModel.Mean;
        var std = parseResult.GetValue(Std) ?? fromModel.Std;
        if (!float.IsFinite(scale) || !float.IsFinite(mean) || !float.IsFinite(std) || std <= 0f)
        {
            throw new Infrastructure.UsageException($"--scale/--mean/--std: scale {scale}, mean {mean}, std {std}: all must be finite and std positive");
        }

        return new InputNormalization(scale, mean, std);
    }

    /// <summary>Loads one split; a missing directory is an input error naming the option.</summary>
    public LabeledImages Load(ParseResult parseResult, DatasetSplit split, InputNormalization normalization)
    {
        var directory = parseResult.GetValue(Data)!;
        if (!directory.Exists && !File.Exists(directory.FullName))
        {
            throw new DirectoryNotFoundException($"--data: {directory.FullName}: no such dataset directory");
        }

        return DatasetLoader.Load(directory.FullName, split, normalization);
    }

    /// <summary>The first <paramref name="requested"/> examples (all when null), refusing more than there are.</summary>
    public static int Count(int? requested, LabeledImages data, string optionName)
    {
        if (requested is not { } count)
        {
            return data.Count;
        }

        if (count > data.Count)
        {
            throw new Infrastructure.UsageException($"{optionName}: {count} is more than the {data.Count} examples of {data.Source}");
        }

        return count;
    }
}
