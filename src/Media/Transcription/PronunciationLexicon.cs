namespace EpisodeBuilder.Media.Transcription;

/// <summary>
/// Reads pronunciations from a CMU-style dictionary (<c>word PH ON ES</c>, variants written <c>word(2)</c>), as the
/// recogniser's model ships it. Scans the file (135,000 lines) through one reused block of characters, making a string
/// only for a line that matches: reading it line by line made 25 MB of strings at once.
/// </summary>
public static class PronunciationLexicon
{
    /// <summary>Marker words the CMU dictionary lacks, in its phone set.</summary>
    public static IReadOnlyDictionary<string, string> BuiltIn { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["flubber"] = "F L AH B ER",
    };

    /// <summary>Every pronunciation of each wanted word found in the dictionary at <paramref name="path"/>, in the file's order; none when it does not exist.</summary>
    public static async Task<Dictionary<string, List<string>>> ScanAsync(string path, IEnumerable<string> words, CancellationToken cancellationToken)
    {
        var wanted = words.Select(k => k.Trim().ToLowerInvariant()).Where(k => k.Length > 0).ToHashSet(StringComparer.Ordinal);
        var found = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (wanted.Count == 0 || !File.Exists(path))
        {
            return found;
        }

        using var reader = new StreamReader(path);
        var block = new char[16 * 1024];
        var filled = 0;
        while (true)
        {
            if (filled == block.Length)
            {
                Array.Resize(ref block, block.Length * 2);
            }

            var read = await reader.ReadAsync(block.AsMemory(filled), cancellationToken);
            filled += read;
            var consumed = MatchLines(block.AsSpan(0, filled), last: read == 0, wanted, found);
            if (read == 0)
            {
                return found;
            }

            block.AsSpan(consumed, filled - consumed).CopyTo(block);
            filled -= consumed;
        }
    }

    /// <summary>
    /// Adds the pronunciations of wanted words among the complete lines of <paramref name="text"/> (and its unterminated
    /// last line when <paramref name="last"/>); returns how many characters it consumed.
    /// </summary>
    private static int MatchLines(ReadOnlySpan<char> text, bool last, HashSet<string> wanted, Dictionary<string, List<string>> found)
    {
        var lookup = wanted.GetAlternateLookup<ReadOnlySpan<char>>();
        var consumed = 0;
        while (consumed < text.Length)
        {
            var rest = text[consumed..];
            var newline = rest.IndexOf('\n');
            if (newline < 0 && !last)
            {
                break;
            }

            var line = newline < 0 ? rest : rest[..newline];
            consumed += newline < 0 ? rest.Length : newline + 1;
            var space = line.IndexOf(' ');
            if (space <= 0)
            {
                continue;
            }

            var head = line[..space];
            var variant = head.IndexOf('(');
            if (lookup.TryGetValue(variant > 0 ? head[..variant] : head, out var word))
            {
                var phones = line[(space + 1)..].Trim().ToString();
                if (!found.TryGetValue(word, out var list))
                {
                    found[word] = list = [];
                }

                list.Add(phones);
            }
        }

        return consumed;
    }
}
