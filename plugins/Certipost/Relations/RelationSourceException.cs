namespace ConnectorHost.Plugins.Certipost;

/// <summary>
/// The relation source could not be read: a missing column, a wrong delimiter, a duplicate relation number, text
/// that is not UTF-8, a failing query. The message names the file and the line (or the row of the query's result).
/// </summary>
public sealed class RelationSourceException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RelationSourceException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, and where.</param>
    public RelationSourceException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, and where.</param>
    /// <param name="innerException">The cause.</param>
    public RelationSourceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, and where.</param>
    /// <param name="lines">The lines (CSV) or rows (query) concerned, 1-based.</param>
    public RelationSourceException(string message, params int[] lines)
        : base(message) => Lines = lines;

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, and where.</param>
    /// <param name="innerException">The cause.</param>
    /// <param name="lines">The lines (CSV) or rows (query) concerned, 1-based.</param>
    public RelationSourceException(string message, Exception innerException, params int[] lines)
        : base(message, innerException) => Lines = lines;

    /// <summary>The lines (CSV) or rows (query) concerned, 1-based; empty when the problem is not on one line.</summary>
    public IReadOnlyList<int> Lines { get; } = [];
}

/// <summary>Reads the relations from the accounting package.</summary>
public interface IRelationSource
{
    /// <summary>Reads every relation, afresh.</summary>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The relations, in the source's order.</returns>
    /// <exception cref="RelationSourceException">The source could not be read; the message says where and why.</exception>
    Task<IReadOnlyList<Relation>> ReadAsync(CancellationToken cancellationToken);
}
