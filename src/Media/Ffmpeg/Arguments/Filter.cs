using System.Text;

namespace EpisodeBuilder.Media.Ffmpeg.Arguments;

/// <summary>
/// One FFmpeg filter and its options, written <c>name=key=value:key=value</c>. Values are escaped as FFmpeg's filter
/// graph syntax requires (first the option value, then the graph level), so no value can end an option, a filter or a
/// chain early.
/// </summary>
public sealed class Filter
{
    private readonly string _name;
    private readonly (string Key, string Value)[] _options;

    private Filter(string name, (string Key, string Value)[] options)
    {
        if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            throw new ArgumentException($"'{name}' is not a filter name.", nameof(name));
        }

        if (options.Any(o => !o.Key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')))
        {
            throw new ArgumentException($"A {name} option has a key that is not a name.", nameof(options));
        }

        if (options.SkipWhile(o => o.Key.Length == 0).Any(o => o.Key.Length == 0))
        {
            throw new ArgumentException($"{name}: a value without a key (the filter's own order) comes before the named ones.", nameof(options));
        }

        _name = name;
        _options = options;
    }

    /// <summary>
    /// The filter <paramref name="name"/> with its options in order (values already formatted, invariant culture); an
    /// option with an empty key is a value in the filter's own order (<c>aresample=16000</c>).
    /// </summary>
    public static Filter Of(string name, params (string Key, string Value)[] options) => new(name, options);

    /// <summary>The filter as the graph writes it.</summary>
    public override string ToString()
    {
        if (_options.Length == 0)
        {
            return _name;
        }

        var text = new StringBuilder(_name).Append('=');
        for (var i = 0; i < _options.Length; i++)
        {
            var (key, value) = _options[i];
            text.Append(i == 0 ? string.Empty : ":").Append(key.Length == 0 ? string.Empty : key + "=").Append(Escape(value));
        }

        return text.ToString();
    }

    /// <summary>
    /// FFmpeg's two levels of filter escaping: inside an option value <c>\ ' :</c> take a backslash; inside the graph
    /// <c>\ ' [ ] , ;</c> take one more.
    /// </summary>
    internal static string Escape(string value)
    {
        if (value.IndexOfAny(['\\', '\'', ':', '[', ']', ',', ';']) < 0)
        {
            return value;
        }

        var option = new StringBuilder();
        foreach (var c in value)
        {
            option.Append(c is '\\' or '\'' or ':' ? "\\" : string.Empty).Append(c);
        }

        var graph = new StringBuilder();
        foreach (var c in option.ToString())
        {
            graph.Append(c is '\\' or '\'' or '[' or ']' or ',' or ';' ? "\\" : string.Empty).Append(c);
        }

        return graph.ToString();
    }
}
