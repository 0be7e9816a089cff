using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ConnectorHost.Configuration;

/// <summary>
/// Reads a YAML file's events once, without building a tree, and stops at the first collection nested deeper than
/// <see cref="MaxDepth"/>. The tree builder (<c>YamlStream.Load</c>) recurses once per level, so a file nested tens of
/// thousands of levels deep would end the process with a stack overflow; this guard refuses it first (SEC-6).
/// </summary>
public static class YamlDepthGuard
{
    /// <summary>The deepest nesting of mappings and sequences a configuration may have; real ones stay below 10.</summary>
    public const int MaxDepth = 64;

    /// <summary>Where the file first goes deeper than <see cref="MaxDepth"/>, or null when it never does.</summary>
    /// <param name="reader">The file's text.</param>
    /// <exception cref="YamlException">The text is not valid YAML (reported by the caller like any parse error).</exception>
    public static Mark? FindTooDeep(TextReader reader)
    {
        var parser = new Parser(reader);
        var depth = 0;
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case MappingStart or SequenceStart:
                    if (++depth > MaxDepth)
                    {
                        return parser.Current.Start;
                    }

                    break;
                case MappingEnd or SequenceEnd:
                    depth--;
                    break;
            }
        }

        return null;
    }
}
