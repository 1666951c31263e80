using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace DeepCompress.Cli.Infrastructure;

/// <summary>Parsers for option values, so that a bad value is a usage error that names the option.</summary>
public static class OptionParsers
{
    public static double? Double(string text, double min, double max) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max ? v : null;

    public static int? Int(string text, int min, int max) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max ? v : null;

    /// <summary>An option whose value is a <see cref="ClassValueSpec{T}"/>, checked while parsing.</summary>
    public static Option<ClassValueSpec<T>?> ClassSpecOption<T>(string name, string description, string valueHelp, Func<string, T?> parseValue)
        where T : struct
    {
        var option = new Option<ClassValueSpec<T>?>(name)
        {
            Description = description,
            HelpName = valueHelp,
        };
        option.CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
            var spec = ClassValueSpec<T>.Parse(text, name, parseValue, out var error);
            if (spec is null)
            {
                result.AddError(error!);
            }

            return spec;
        };
        return option;
    }

    /// <summary>A repeatable <c>--layer NAME=VALUE</c> option; the name may itself contain '=' (the last one splits).</summary>
    public static Option<IReadOnlyList<LayerOverride<T>>> LayerOverrideOption<T>(string[] names, string description, string valueHelp, Func<string, T?> parseValue)
        where T : struct
    {
        var option = new Option<IReadOnlyList<LayerOverride<T>>>(names[0], names[1..])
        {
            Description = description,
            HelpName = "NAME=" + valueHelp,
            Arity = ArgumentArity.ZeroOrMore,
            AllowMultipleArgumentsPerToken = false,
            DefaultValueFactory = _ => [],
        };
        option.CustomParser = result => ParseOverrides(result, names[0], parseValue);
        return option;
    }

    private static List<LayerOverride<T>> ParseOverrides<T>(ArgumentResult result, string optionName, Func<string, T?> parseValue)
        where T : struct
    {
        var list = new List<LayerOverride<T>>();
        foreach (var token in result.Tokens)
        {
            var eq = token.Value.LastIndexOf('=');
            var value = eq > 0 ? parseValue(token.Value[(eq + 1)..]) : null;
            if (value is null)
            {
                result.AddError($"{optionName}: '{token.Value}' is not NAME=VALUE with a valid value");
                continue;
            }

            var name = token.Value[..eq];
            if (list.Any(o => o.Name == name))
            {
                result.AddError($"{optionName}: layer '{name}' is given twice");
                continue;
            }

            list.Add(new LayerOverride<T>(name, value.Value));
        }

        return list;
    }
}
