namespace EpisodeBuilder.Media.Ffmpeg.Arguments;

/// <summary>
/// A chain of filters between labelled pads: <c>[in]f1,f2[out]</c>. A pad is a stream of an input (<c>0:a</c>,
/// <c>0:a:0</c>) or a label of the graph's own (<c>working</c>).
/// </summary>
public sealed class FilterChain
{
    private readonly IReadOnlyList<string> _inputs;
    private readonly IReadOnlyList<Filter> _filters;
    private readonly IReadOnlyList<string> _outputs;

    public FilterChain(IReadOnlyList<string> inputs, IReadOnlyList<Filter> filters, IReadOnlyList<string> outputs)
    {
        if (filters.Count == 0)
        {
            throw new ArgumentException("A chain has at least one filter.", nameof(filters));
        }

        foreach (var pad in inputs.Concat(outputs))
        {
            Pad.Check(pad);
        }

        _inputs = inputs;
        _filters = filters;
        _outputs = outputs;
    }

    public override string ToString() =>
        string.Concat(_inputs.Select(p => $"[{p}]")) + string.Join(",", _filters) + string.Concat(_outputs.Select(p => $"[{p}]"));
}

/// <summary>A complex filter graph: chains joined by <c>;</c>, written for <c>-filter_complex</c>.</summary>
public sealed class FilterGraph
{
    private readonly List<FilterChain> _chains = [];

    /// <summary>Adds the chain <c>[inputs]filters[outputs]</c>.</summary>
    public FilterGraph Chain(IReadOnlyList<string> inputs, IReadOnlyList<Filter> filters, params string[] outputs)
    {
        _chains.Add(new FilterChain(inputs, filters, outputs));
        return this;
    }

    public override string ToString() => string.Join(";", _chains);
}

/// <summary>A pad label: letters, digits, <c>_</c>, and the <c>:</c> of an input's stream specifier.</summary>
internal static class Pad
{
    public static string Check(string pad) =>
        pad.Length > 0 && pad.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or ':')
            ? pad
            : throw new ArgumentException($"'{pad}' is not a pad label.", nameof(pad));
}
