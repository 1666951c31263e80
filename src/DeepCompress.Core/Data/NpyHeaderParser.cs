using System.Globalization;

namespace DeepCompress.Core.Data;

/// <summary>
/// Parses the Python dict literal of a .npy header, e.g. <c>{'descr': '&lt;f4', 'fortran_order': False,
/// 'shape': (2, 3), }</c>. Accepts the subset numpy writes (quoted strings, True/False/None, integers with an
/// optional Python 2 <c>L</c> suffix, tuples and lists, trailing commas) and nothing more: numpy reads the
/// header with <c>ast.literal_eval</c>, so no valid file goes beyond that subset.
/// </summary>
internal sealed class NpyHeaderParser
{
    // Deep enough for any structured dtype a real file holds, shallow enough that nested garbage cannot overflow the stack.
    private const int MaxNesting = 32;

    private readonly string _text;
    private readonly string _fileName;
    private int _position;

    private NpyHeaderParser(string text, string fileName)
    {
        _text = text;
        _fileName = fileName;
    }

    /// <summary>Parses <paramref name="text"/>; throws <see cref="InvalidDataFileException"/> naming the offset of a syntax error.</summary>
    public static NpyHeader Parse(string text, string fileName)
    {
        var parser = new NpyHeaderParser(text, fileName);
        var entries = parser.ParseDictionary();
        parser.SkipWhitespace();
        if (parser._position != text.Length)
        {
            throw parser.Error($"unexpected '{text[parser._position]}' after the header dictionary");
        }

        return Interpret(entries, fileName);
    }

    private static NpyHeader Interpret(Dictionary<string, object?> entries, string fileName)
    {
        string[] required = ["descr", "fortran_order", "shape"];
        foreach (var key in entries.Keys)
        {
            if (Array.IndexOf(required, key) < 0)
            {
                throw new InvalidDataFileException(fileName, $"npy header has unexpected key '{key}', expected only descr, fortran_order, shape");
            }
        }

        foreach (var key in required)
        {
            if (!entries.ContainsKey(key))
            {
                throw new InvalidDataFileException(fileName, $"npy header lacks the '{key}' key");
            }
        }

        var descr = entries["descr"] switch
        {
            string s => s,
            List<object?> => throw new NotSupportedException($"{fileName}: structured npy dtypes (a list descr) are not supported"),
            var other => throw new InvalidDataFileException(fileName, $"npy 'descr' is {Describe(other)}, expected a string"),
        };
        if (entries["fortran_order"] is not bool fortranOrder)
        {
            throw new InvalidDataFileException(fileName, $"npy 'fortran_order' is {Describe(entries["fortran_order"])}, expected True or False");
        }

        if (entries["shape"] is not List<object?> { } dimensions || !dimensions.All(d => d is long))
        {
            throw new InvalidDataFileException(fileName, $"npy 'shape' is {Describe(entries["shape"])}, expected a tuple of integers");
        }

        var shape = new int[dimensions.Count];
        for (var d = 0; d < shape.Length; d++)
        {
            var size = (long)dimensions[d]!;
            if (size is < 0 or > int.MaxValue)
            {
                throw new InvalidDataFileException(fileName, $"npy shape dimension {d} is {size}, expected 0 to {int.MaxValue}");
            }

            shape[d] = (int)size;
        }

        return new NpyHeader(descr, fortranOrder, shape);
    }

    private static string Describe(object? value) => value switch
    {
        null => "None",
        string s => $"'{s}'",
        bool b => b ? "True" : "False",
        long l => l.ToString(CultureInfo.InvariantCulture),
        List<object?> list => $"a sequence of {list.Count}",
        _ => value.GetType().Name,
    };

    private Dictionary<string, object?> ParseDictionary()
    {
        SkipWhitespace();
        Expect('{');
        var entries = new Dictionary<string, object?>(StringComparer.Ordinal);
        while (true)
        {
            SkipWhitespace();
            if (TryConsume('}'))
            {
                return entries;
            }

            var keyOffset = _position;
            if (ParseValue(1) is not string key)
            {
                throw Error("a dictionary key is not a string", keyOffset);
            }

            SkipWhitespace();
            Expect(':');
            var value = ParseValue(1);
            if (!entries.TryAdd(key, value))
            {
                throw Error($"duplicate key '{key}'", keyOffset);
            }

            SkipWhitespace();
            if (TryConsume('}'))
            {
                return entries;
            }

            Expect(',');
        }
    }

    private object? ParseValue(int depth)
    {
        if (depth > MaxNesting)
        {
            throw Error($"nesting deeper than {MaxNesting}");
        }

        SkipWhitespace();
        if (_position >= _text.Length)
        {
            throw Error("the header ends where a value was expected");
        }

        var c = _text[_position];
        switch (c)
        {
            case '\'' or '"':
                return ParseString(c);
            case '(':
                return ParseSequence(')', depth);
            case '[':
                return ParseSequence(']', depth);
            case '-' or (>= '0' and <= '9'):
                return ParseInteger();
        }

        if (TryConsumeWord("True"))
        {
            return true;
        }

        if (TryConsumeWord("False"))
        {
            return false;
        }

        if (TryConsumeWord("None"))
        {
            return null;
        }

        throw Error($"unexpected '{c}' where a value was expected");
    }

    private string ParseString(char quote)
    {
        var start = ++_position;
        var end = _text.IndexOf(quote, start);
        // Escapes never occur in the strings numpy writes (dtype codes and key names).
        if (end < 0)
        {
            throw Error("unterminated string", start - 1);
        }

        if (_text.AsSpan(start, end - start).Contains('\\'))
        {
            throw Error("escape sequences are not allowed in header strings", start);
        }

        _position = end + 1;
        return _text[start..end];
    }

    private List<object?> ParseSequence(char close, int depth)
    {
        _position++;
        var items = new List<object?>();
        while (true)
        {
            SkipWhitespace();
            if (TryConsume(close))
            {
                return items;
            }

            items.Add(ParseValue(depth + 1));
            SkipWhitespace();
            if (TryConsume(close))
            {
                return items;
            }

            Expect(',');
        }
    }

    private long ParseInteger()
    {
        var start = _position;
        if (_text[_position] == '-')
        {
            _position++;
        }

        while (_position < _text.Length && char.IsAsciiDigit(_text[_position]))
        {
            _position++;
        }

        var digits = _text.AsSpan(start, _position - start);
        if (_position < _text.Length && _text[_position] == 'L')
        {
            _position++;
        }

        if (!long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw Error($"'{digits}' is not an integer within the int64 range", start);
        }

        return value;
    }

    private bool TryConsumeWord(string word)
    {
        if (string.CompareOrdinal(_text, _position, word, 0, word.Length) != 0)
        {
            return false;
        }

        var after = _position + word.Length;
        if (after < _text.Length && (char.IsAsciiLetterOrDigit(_text[after]) || _text[after] == '_'))
        {
            return false;
        }

        _position = after;
        return true;
    }

    private void SkipWhitespace()
    {
        while (_position < _text.Length && _text[_position] is ' ' or '\t' or '\n' or '\r')
        {
            _position++;
        }
    }

    private bool TryConsume(char c)
    {
        if (_position < _text.Length && _text[_position] == c)
        {
            _position++;
            return true;
        }

        return false;
    }

    private void Expect(char c)
    {
        if (!TryConsume(c))
        {
            var found = _position < _text.Length ? $"'{_text[_position]}'" : "the end of the header";
            throw Error($"expected '{c}', found {found}");
        }
    }

    private InvalidDataFileException Error(string problem) => Error(problem, _position);

    private InvalidDataFileException Error(string problem, int offset) =>
        new(_fileName, $"npy header syntax error at character {offset}: {problem}");
}
