using System.CommandLine;
using DeepCompress.Cli.Infrastructure;

namespace DeepCompress.Cli.Benchmarking;

/// <summary>An option whose value is a comma-separated list of integers (<c>--batch 1,16</c>), checked while parsing.</summary>
public static class IntListOption
{
    /// <summary>An absent option without <paramref name="defaultValue"/> gives an empty array.</summary>
    public static Option<int[]> Create(string name, string description, int min, int max, int[]? defaultValue)
    {
        var option = new Option<int[]>(name)
        {
            Description = description,
            HelpName = "N[,N...]",
            DefaultValueFactory = _ => defaultValue ?? [],
        };
        option.CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
            var parts = text.Split(',');
            var values = parts.Select(p => OptionParsers.Int(p.Trim(), min, max)).ToArray();
            if (text.Length == 0 || values.Any(v => v is null))
            {
                result.AddError($"{name}: '{text}' is not a comma-separated list of integers between {min} and {max}");
                return [];
            }

            return values.Select(v => v!.Value).ToArray();
        };
        return option;
    }
}
